/**
 * The app page reads the record once per session: its entry starts the read when the token arrives
 * (outside React), and useRecord adopts that read instead of sending the batches again — also under
 * StrictMode, whose effects run twice. A retry is one new read.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import type { Bundle, FhirResource } from 'fhir/r4';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_PANELS, panelQueries } from '../../src/core/record/panels';
import { RequestError, type FhirRequester } from '../../src/core/record/read';
import { readInFlight, recordRead } from '../../src/platform/record';
import type { Session } from '../../src/platform/session';
import { useRecord, type RecordView } from '../../src/ui/useRecord';
import { testSession } from './session';

const patient: FhirResource = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Rivera' }] };

/** A server that answers each batch when the test lets it, and counts what it was sent. */
function server() {
  const batches: string[][] = [];
  const waiting: (() => void)[] = [];
  let held = false;
  const answer = (bundle: Bundle): Bundle => ({
    resourceType: 'Bundle',
    type: 'batch-response',
    entry: (bundle.entry ?? []).map((e) => {
      const q = panelQueries('p1').find((p) => p.url === e.request?.url)!;
      const resource: FhirResource =
        q.panel === 'patient' ? patient : { resourceType: 'Bundle', type: 'searchset', entry: [] };
      return { resource, response: { status: '200' } };
    }),
  });
  let expireNext = false;
  const fhir: FhirRequester = {
    get: async () => {
      throw new RequestError(500, 'not used');
    },
    batch: async (bundle) => {
      batches.push((bundle.entry ?? []).map((e) => e.request?.url ?? ''));
      if (expireNext) throw new RequestError(401, 'token expired');
      if (held) await new Promise<void>((resolve) => waiting.push(resolve));
      return answer(bundle);
    },
  };
  return {
    fhir,
    batches,
    hold: () => (held = true),
    release: () => {
      held = false;
      for (const go of waiting.splice(0)) go();
    },
    expireNext: () => (expireNext = true),
  };
}

const session = (fhir: FhirRequester): Session => testSession(fhir);

const strict = { wrapper: StrictMode };
/** The record is read as two batches sent together: the first screen's, and the rest. */
const ONE_READ = 2;

describe('one read of the record per session', () => {
  it('adopts the read the entry started, under StrictMode, without sending the batches again', async () => {
    const s = server();
    s.hold();
    const s1 = session(s.fhir);
    const started = recordRead(s1); // what src/app/main.tsx does when the token arrives
    const { result } = renderHook(() => useRecord(s1), strict);
    expect(result.current.panels.patient).toEqual({ status: 'loading' });
    s.release();
    await waitFor(() => expect(result.current.panels.patient?.status).toBe('ready'));
    await started.done;
    expect(s.batches).toHaveLength(ONE_READ);
    expect(readInFlight(s1)).toBe(started);
  });

  it('shows what had settled before the screen mounted on its first render', async () => {
    const s = server();
    const s1 = session(s.fhir);
    await recordRead(s1).done;
    const renders: RecordView[] = [];
    renderHook(() => {
      const record = useRecord(s1);
      renders.push(record.panels);
      return record;
    }, strict);
    // The very first render, before any effect ran: the panels come from the read already done.
    for (const panel of FIRST_SCREEN_PANELS) expect(renders[0]?.[panel]?.status).toBe('ready');
    expect(s.batches).toHaveLength(ONE_READ);
  });

  it('reads once under StrictMode when nothing started the read before the screen', async () => {
    const s = server();
    const s1 = session(s.fhir);
    const { result } = renderHook(() => useRecord(s1), strict);
    await waitFor(() => expect(result.current.panels.patient?.status).toBe('ready'));
    expect(s.batches).toHaveLength(ONE_READ);
  });

  it('reads again, once, when the user asks to retry', async () => {
    const s = server();
    const s1 = session(s.fhir);
    await recordRead(s1).done;
    const { result } = renderHook(() => useRecord(s1), strict);
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.panels.patient?.status).toBe('ready'));
    expect(s.batches).toHaveLength(2 * ONE_READ);
    expect(readInFlight(s1, 1)).toBeDefined();
  });

  it('says the session expired when the read the entry started was refused', async () => {
    const s = server();
    s.expireNext();
    const s1 = session(s.fhir);
    await recordRead(s1).done.catch(() => undefined);
    const { result } = renderHook(() => useRecord(s1), strict);
    await waitFor(() => expect(result.current.expired).toBe(true));
    expect(s.batches).toHaveLength(ONE_READ);
  });

  it('draws the first screen in the task its answer came in, not after the rest of the record', async () => {
    const s = server();
    s.hold();
    const s1 = session(s.fhir);
    const read = recordRead(s1);
    const { result } = renderHook(() => useRecord(s1), strict);
    // Told after the hook: when the last first-screen panel settles, what the screen holds by then.
    const drawn: RecordView[] = [];
    read.follow((panel) => {
      const now = read.settled();
      if (FIRST_SCREEN_PANELS.includes(panel) && FIRST_SCREEN_PANELS.every((p) => now[p]))
        drawn.push(result.current.panels);
    });
    s.release();
    await waitFor(() => expect(drawn).toHaveLength(1));
    for (const p of FIRST_SCREEN_PANELS) expect(drawn[0]?.[p]?.status, p).toBe('ready');
    await act(() => read.done);
  });
});
