/**
 * The prompt rules' narrowed reads (issue 14, big records): beside the whole record, the app reads
 * the searches whose union holds every Observation a rule can match (core/prompts/reads.ts), so the
 * prompts need not wait for the last of 20,000 Observations. What the rules then read must be
 * exactly what they would have found in the whole list: the union without repeats, the whole list
 * itself once it is in, and nothing at all from a narrowed read that failed.
 */
import type { Bundle, FhirResource, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import codes from '../../src/core/prompts/codes.generated.json';
import type { CompiledCodes } from '../../src/core/prompts/codes';
import generated from '../../src/core/prompts/reads.generated.json';
import { narrowedParams, type NarrowedParams } from '../../src/core/prompts/reads';
import { narrowedQueries, panelQueries } from '../../src/core/record/panels';
import {
  readRecord,
  RequestError,
  rulesView,
  type FhirRequester,
  type NarrowedReads,
  type PanelState,
  type RecordPanels,
} from '../../src/core/record/read';

const BASE = 'https://ehr.example.org/fhir';
const PARAMS: NarrowedParams = { observations: ['code=4548-4,2089-1', 'component-code=8480-6'] };
const narrowedUrls = () => narrowedQueries('p1', PARAMS)[0]!.urls;
const fullUrl = () => panelQueries('p1').find((q) => q.panel === 'observations')!.url;

const observation = (id: string, code = '4548-4'): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: 'Patient/p1' },
});

function searchset(resources: FhirResource[], next?: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/**
 * A server whose answers come from a table (anything else is an empty search), that logs what it
 * is asked, and holds the URLs in `held` until the test releases them.
 */
function server(table: Record<string, unknown>, held: string[] = []) {
  const log: string[] = [];
  const waiting = new Map<string, () => void>();
  const gates = new Map(held.map((u) => [u, new Promise<void>((go) => waiting.set(u, go))]));
  const body = (url: string) =>
    url in table
      ? table[url]
      : url.startsWith('Patient/')
        ? { resourceType: 'Patient', id: 'p1' }
        : searchset([]);
  const fhir: FhirRequester = {
    async get(url) {
      log.push(`GET ${url}`);
      await gates.get(url);
      const answer = body(url);
      if (answer instanceof RequestError) throw answer;
      return answer;
    },
    async batch(bundle) {
      const urls = (bundle.entry ?? []).map((e) => e.request?.url ?? '');
      log.push(`BATCH ${urls.join(' ')}`);
      for (const u of urls) await gates.get(u);
      return {
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: urls.map((u) => {
          const answer = body(u);
          return answer instanceof RequestError
            ? { response: { status: String(answer.status) } }
            : { resource: answer, response: { status: '200 OK' } };
        }),
      };
    },
  };
  return { fhir, log, release: (url: string) => waiting.get(url)?.() };
}

const ids = (state: PanelState | undefined) =>
  state?.status === 'ready' ? state.resources.map((r) => r.id) : state?.status;

describe('the rules’ narrowed searches file', () => {
  it('is what core/prompts/reads.ts computes from the code sets (regenerate: npx tsx scripts/compile-reads.ts)', () => {
    expect(generated).toEqual(narrowedParams(codes as unknown as CompiledCodes));
  });

  it('asks for Observations by code, by component code and by category, each search under 2,000 characters', () => {
    const urls = narrowedQueries(
      'a-long-patient-id-of-sixty-four-characters-0123456789abcdef01234',
      generated,
    )[0]!.urls;
    expect(urls.map((u) => u.split('&')[1]!.split('=')[0])).toEqual([
      'code',
      'code',
      'code',
      'component-code',
      'category',
    ]);
    for (const u of urls) expect(u.length).toBeLessThan(2000);
  });
});

describe('reading the record with the rules’ narrowed searches', () => {
  it('sends them in a batch of their own and reports their union once, without repeats', async () => {
    const [byCode, byComponent] = narrowedUrls();
    const s = server({
      [byCode!]: searchset([observation('a1c'), observation('bp-panel', '85354-9')]),
      [byComponent!]: searchset([observation('bp-panel', '85354-9'), observation('bp-2', '85354-9')]),
    });
    const narrowed: NarrowedReads = {};
    await readRecord(s.fhir, 'p1', {
      canRead: () => true,
      narrowed: Promise.resolve(PARAMS),
      onNarrowed: (panel, state) => (narrowed[panel] = state),
    });
    expect(s.log.filter((l) => l.startsWith('BATCH'))).toContain(`BATCH ${narrowedUrls().join(' ')}`);
    expect(ids(narrowed.observations)).toEqual(['a1c', 'bp-panel', 'bp-2']);
  });

  it('holds the whole panel’s further pages until the narrowed reads are in', async () => {
    const next = `${BASE}/Observation?patient=p1&_count=1000&_offset=1`;
    const [byCode] = narrowedUrls();
    const s = server(
      {
        [fullUrl()]: { ...searchset([observation('o1')], next), total: 2 },
        [next]: searchset([observation('o2')]),
        [byCode!]: searchset([observation('o1')]),
      },
      [byCode!],
    );
    const settled: string[] = [];
    const reading = readRecord(s.fhir, 'p1', {
      canRead: () => true,
      narrowed: Promise.resolve(PARAMS),
      onPanel: (panel) => settled.push(panel),
      onNarrowed: (panel) => settled.push(`narrowed ${panel}`),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.log).not.toContain(`GET ${next}`);
    s.release(byCode!);
    const panels = await reading;
    expect(settled.indexOf('narrowed observations')).toBeLessThan(settled.indexOf('observations'));
    expect(ids(panels.observations)).toEqual(['o1', 'o2']);
  });

  it('does not hold a short record’s one page: its panel settles while the narrowed reads are out', async () => {
    const [byCode] = narrowedUrls();
    const s = server({ [fullUrl()]: searchset([observation('o1')]) }, [byCode!]);
    const settled: string[] = [];
    const reading = readRecord(s.fhir, 'p1', {
      canRead: () => true,
      narrowed: Promise.resolve(PARAMS),
      onPanel: (panel) => settled.push(panel),
      onNarrowed: (panel) => settled.push(`narrowed ${panel}`),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toContain('observations');
    expect(settled).not.toContain('narrowed observations');
    s.release(byCode!);
    await reading;
  });

  it('fails only the narrowed read when one of its searches is refused; the whole panel reads as before', async () => {
    const [, byComponent] = narrowedUrls();
    const s = server({
      [fullUrl()]: searchset([observation('o1')]),
      [byComponent!]: new RequestError(400, 'component-code is not supported'),
    });
    const narrowed: NarrowedReads = {};
    const panels = await readRecord(s.fhir, 'p1', {
      canRead: () => true,
      narrowed: Promise.resolve(PARAMS),
      onNarrowed: (panel, state) => (narrowed[panel] = state),
    });
    expect(narrowed.observations?.status).toBe('failed');
    expect(ids(panels.observations)).toEqual(['o1']);
  });

  it('reads as before when the searches could not be loaded, or Observations may not be searched', async () => {
    for (const options of [
      { canRead: () => true, narrowed: Promise.reject(new Error('chunk failed')) },
      { canRead: (type: string) => type !== 'Observation', narrowed: Promise.resolve(PARAMS) },
    ]) {
      const s = server({});
      const told: string[] = [];
      await readRecord(s.fhir, 'p1', { ...options, onNarrowed: (panel) => told.push(panel) });
      expect(told).toEqual([]);
      expect(s.log.some((l) => l.includes('component-code'))).toBe(false);
    }
  });

  it('fails only the narrowed read when the token is refused there: the record’s own reads end the session', async () => {
    const [byCode] = narrowedUrls();
    const s = server({});
    const batch = s.fhir.batch;
    s.fhir.batch = async (bundle) => {
      if (bundle.entry?.some((e) => e.request?.url === byCode)) throw new RequestError(401, 'expired');
      return batch(bundle);
    };
    const narrowed: NarrowedReads = {};
    const panels = await readRecord(s.fhir, 'p1', {
      canRead: () => true,
      narrowed: Promise.resolve(PARAMS),
      onNarrowed: (panel, state) => (narrowed[panel] = state),
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(narrowed.observations?.status).toBe('failed');
    expect(panels.patient?.status).toBe('ready');
  });

  it('does not wait for narrowed searches that have not started: the whole record is read without them', async () => {
    const s = server({});
    const told: string[] = [];
    const panels = await readRecord(s.fhir, 'p1', {
      canRead: () => true,
      narrowed: new Promise(() => undefined),
      onNarrowed: (panel) => told.push(panel),
    });
    expect(panels.observations?.status).toBe('ready');
    expect(told).toEqual([]);
  });
});

describe('the record as the rules read it', () => {
  const ready = (...list: string[]): PanelState => ({
    status: 'ready',
    resources: list.map((id) => observation(id)),
    problems: [],
  });
  const panels = (observations: PanelState): Partial<RecordPanels> => ({
    goals: ready(),
    observations,
  });

  it('is the narrowed read while the whole panel is loading or could not be read whole', () => {
    const narrowed = { observations: ready('a1c') };
    for (const whole of [
      { status: 'loading' } as const,
      {
        status: 'failed',
        failure: { status: 0, message: 'Only part of this list could be loaded' },
      } as const,
    ]) {
      const record = panels(whole);
      const view = rulesView(record, narrowed);
      expect(ids(view.observations)).toEqual(['a1c']);
      expect(view.goals).toBe(record.goals);
    }
  });

  it('is the whole panel once it is in, so a saved resource counts and nothing is read twice', () => {
    const record = panels(ready('a1c', 'weight'));
    expect(rulesView(record, { observations: ready('a1c') })).toBe(record);
  });

  it('waits for the whole panel when the narrowed read failed or has not come back', () => {
    const record = panels({ status: 'loading' });
    const failed: PanelState = { status: 'failed', failure: { status: 400, message: 'refused' } };
    expect(rulesView(record, { observations: failed })).toBe(record);
    expect(rulesView(record, { observations: { status: 'loading' } })).toBe(record);
    expect(rulesView(record, {})).toBe(record);
    expect(rulesView(record, undefined)).toBe(record);
  });
});
