/**
 * A clinician's long record through the real fhirclient against an msw FHIR server: the rules'
 * narrowed Observation searches leave only once the first screen is shown, the prompt rules run on
 * them while the last page of Observations is still out, and again on the whole list once it is
 * in — every resource once, the narrowed read no longer used.
 */
import { renderHook, waitFor } from '@testing-library/react';
import type { FhirResource } from 'fhir/r4';
import FHIR from 'fhirclient';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useMemo } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import reads from '../../src/core/prompts/reads.generated.json';
import { narrowedQueries } from '../../src/core/record/panels';
import { rulesView } from '../../src/core/record/read';
import { grantedAccess } from '../../src/core/smart/scopes';
import { inThreadEvaluator, type PromptEvaluator } from '../../src/prompts/evaluation/evaluator';
import { firstScreenShown, recordRead } from '../../src/platform/record';
import { fhirRequester } from '../../src/platform/requester';
import type { Session } from '../../src/platform/session';
import { usePrompts } from '../../src/prompts/usePrompts';
import { useRecord } from '../../src/ui/useRecord';
import { testSession } from './session';
import type { FhirRequester } from '../../src/core/record/read';

const BASE = 'https://ehr.example.org/fhir';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const observation = (id: string, code: string): FhirResource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2026-10-01',
  valueQuantity: { value: 9.1, unit: '%' },
});
const a1c = observation('a1c', '4548-4');
const weight = observation('weight', '29463-7');

const searchset = (resources: FhirResource[], next?: string) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
  entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
});

const PAGE_2 = `${BASE}/Observation?patient=p1&_count=1000&page=2`;

function longRecordServer() {
  const byCode = narrowedQueries('p1', reads)[0]!.urls[0]!;
  let release!: () => void;
  const lastPage = new Promise<void>((resolve) => (release = resolve));
  const batches: string[][] = [];
  server.use(
    http.post(BASE, async ({ request }) => {
      const bundle = (await request.json()) as { entry: { request: { url: string } }[] };
      batches.push(bundle.entry.map((e) => e.request.url));
      return HttpResponse.json({
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: bundle.entry.map(({ request: { url } }) => {
          const resource = url.startsWith('Patient/')
            ? { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1961-04-02' }
            : url === 'Observation?patient=p1&_count=1000'
              ? searchset([weight], PAGE_2)
              : url === byCode
                ? searchset([a1c])
                : searchset([]);
          return { resource, response: { status: '200 OK' } };
        }),
      });
    }),
    http.get(`${BASE}/Observation`, async () => {
      await lastPage;
      return HttpResponse.json(searchset([a1c]));
    }),
  );
  return { release, batches, byCode };
}

describe('the prompt rules on a long record', () => {
  it('run on the narrowed searches before the last page, then on the whole list, each resource once', async () => {
    const { release, batches, byCode } = longRecordServer();
    const evaluated: string[][] = [];
    const inThread = inThreadEvaluator();
    const evaluator: PromptEvaluator = {
      warm: () => undefined,
      evaluate(lists, date) {
        evaluated.push(
          lists
            .flat()
            .filter((r) => r.resourceType === 'Observation')
            .map((r) => r.id ?? ''),
        );
        return inThread.evaluate(lists, date);
      },
    };
    const session = {
      fhir: fhirRequester(
        FHIR.client({ serverUrl: BASE, tokenResponse: { access_token: 'tok', patient: 'p1' } }),
      ),
      patientId: 'p1',
      role: 'clinician',
      access: grantedAccess('user/*.rs', ''),
      // The hooks read only these of the session.
    } as unknown as Session;
    // What the app page's entry does for a clinician's launch when the token arrives.
    recordRead(session, 0, { prompts: true });
    const { result } = renderHook(() => {
      const record = useRecord(session);
      const view = useMemo(() => rulesView(record.panels, record.narrowed), [record.panels, record.narrowed]);
      return { record, prompts: usePrompts(view, new Date('2026-12-02T12:00:00Z'), evaluator) };
    });
    await waitFor(() => expect(result.current.record.panels.goals?.status).toBe('ready'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing of the rules' own leaves before the first screen is shown (RecordScreen says when).
    expect(batches.flat()).not.toContain(byCode);
    expect(result.current.prompts).toEqual({ status: 'waiting' });
    firstScreenShown(session);
    await waitFor(() => expect(result.current.prompts.status).toBe('ready'), { timeout: 10_000 });
    expect(batches.flat()).toContain(byCode);
    expect(result.current.record.panels.observations).toEqual({ status: 'loading' });
    expect(evaluated).toEqual([['a1c']]);

    release();
    await waitFor(() => expect(result.current.record.panels.observations?.status).toBe('ready'));
    await waitFor(() => expect(evaluated).toHaveLength(2));
    expect(evaluated[1]).toEqual(['weight', 'a1c']);
    expect(result.current.prompts.status).toBe('ready');
  });

  it('are read for the clinician’s launch and its retries, not for a read started without prompts', async () => {
    const narrowedBatches: string[] = [];
    const fhir: FhirRequester = {
      get: async () => ({ resourceType: 'Bundle', type: 'searchset' }),
      batch: async (bundle) => {
        const urls = (bundle.entry ?? []).map((e) => e.request?.url ?? '');
        if (urls.some((u) => u.includes('component-code='))) narrowedBatches.push(urls[0]!);
        return {
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: urls.map((u) => ({
            resource: u.startsWith('Patient/')
              ? { resourceType: 'Patient', id: 'p1' }
              : { resourceType: 'Bundle', type: 'searchset' },
            response: { status: '200 OK' },
          })),
        };
      },
    };
    const launch = testSession(fhir);
    firstScreenShown(launch);
    await recordRead(launch, 0, { prompts: true }).done;
    await waitFor(() => expect(narrowedBatches).toHaveLength(1));
    // The user asked to try again: the retry is the same kind of read.
    await recordRead(launch, 1).done;
    await waitFor(() => expect(narrowedBatches).toHaveLength(2));
    // An e-visit review reads its patient's record without prompts.
    const review = testSession(fhir);
    firstScreenShown(review);
    await recordRead(review).done;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(narrowedBatches).toHaveLength(2);
  });
});
