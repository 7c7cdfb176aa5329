import type { Bundle, FhirResource } from 'fhir/r4';
import { describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_PANELS, panelQueries } from '../../src/core/record/panels';
import {
  offsetPageUrls,
  pendingRecord,
  readRecord,
  recordSettled,
  RequestError,
  SessionExpiredError,
  type FhirRequester,
  type PanelState,
} from '../../src/core/record/read';

const BASE = 'https://ehr.example.org/fhir';
const everything = { canRead: () => true };

function searchset(resources: FhirResource[], next?: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

const patient: FhirResource = {
  resourceType: 'Patient',
  id: 'p1',
  name: [{ family: 'Rivera', given: ['Ana'] }],
};
const condition = (id: string): FhirResource => ({
  resourceType: 'Condition',
  id,
  subject: { reference: 'Patient/p1' },
  code: { text: `Condition ${id}` },
});
const goal = (id: string): FhirResource => ({
  resourceType: 'Goal',
  id,
  lifecycleStatus: 'proposed',
  description: { text: 'Walk my dog' },
  subject: { reference: 'Patient/p1' },
});

/** A FHIR server in a function: answers the batch and GETs from a table of URL → body. */
function fakeServer(
  pages: Record<string, unknown>,
  batchEntries?: (url: string) => { status: string; resource?: unknown; outcome?: unknown },
) {
  const calls: string[] = [];
  const requester: FhirRequester = {
    async get(url) {
      calls.push(`GET ${url}`);
      if (!(url in pages)) throw new RequestError(404, `no page ${url}`);
      const body = pages[url];
      if (body instanceof RequestError) throw body;
      return body;
    },
    async batch(bundle) {
      calls.push('BATCH');
      if (!batchEntries) throw new RequestError(405, 'batch not supported');
      return {
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: (bundle.entry ?? []).map((e) => {
          const { resource, ...response } = batchEntries(e.request!.url);
          return resource === undefined ? { response } : { resource, response };
        }),
      };
    },
  };
  return { requester, calls };
}

function fromTable(pages: Record<string, unknown>) {
  return (url: string) => {
    const body = pages[url];
    if (body instanceof RequestError)
      return {
        status: String(body.status),
        outcome: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'forbidden', diagnostics: body.message }],
        },
      };
    return body === undefined ? { status: '404' } : { status: '200 OK', resource: body };
  };
}

function firstPages(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const pages: Record<string, unknown> = {};
  for (const q of panelQueries('p1')) pages[q.url] = q.panel === 'patient' ? patient : searchset([]);
  return { ...pages, ...overrides };
}

const url = (panel: string) => panelQueries('p1').find((q) => q.panel === panel)!.url;

describe('readRecord', () => {
  it('reads the whole record in two batches sent together: the first screen in its own small one', async () => {
    const pages = firstPages({
      [url('conditions')]: searchset([condition('c1')]),
      [url('goals')]: searchset([goal('g1')]),
    });
    const { requester, calls } = fakeServer(pages, fromTable(pages));
    const asked: string[][] = [];
    const batch = requester.batch.bind(requester);
    requester.batch = (bundle) => {
      asked.push((bundle.entry ?? []).map((e) => e.request!.url));
      return batch(bundle);
    };
    const panels = await readRecord(requester, 'p1', everything);
    expect(calls).toEqual(['BATCH', 'BATCH']);
    expect(asked[0]).toEqual(FIRST_SCREEN_PANELS.map(url));
    expect([...asked[0]!, ...asked[1]!].sort()).toEqual(
      panelQueries('p1')
        .map((q) => q.url)
        .sort(),
    );
    expect(Object.keys(panels).sort()).toEqual(
      panelQueries('p1')
        .map((q) => q.panel)
        .sort(),
    );
    expect(panels.patient).toMatchObject({ status: 'ready', resources: [patient] });
    expect(panels.conditions).toMatchObject({ status: 'ready', resources: [condition('c1')], problems: [] });
    expect(panels.goals).toMatchObject({ status: 'ready', resources: [goal('g1')] });
  });

  it('settles the first screen while the slow rest of the record is still out, without waiting to send it', async () => {
    const pages = firstPages();
    const { requester } = fakeServer(pages, fromTable(pages));
    const batch = requester.batch.bind(requester);
    let releaseRest!: () => void;
    const restHeld = new Promise<void>((resolve) => (releaseRest = resolve));
    const sent: number[] = [];
    requester.batch = async (bundle) => {
      sent.push(bundle.entry?.length ?? 0);
      const isRest = bundle.entry?.some((e) => e.request!.url.startsWith('Observation?'));
      if (isRest) await restHeld;
      return batch(bundle);
    };
    const settled: string[] = [];
    const reading = readRecord(requester, 'p1', { ...everything, onPanel: (p) => settled.push(p) });
    await vi.waitFor(() => expect(settled.sort()).toEqual([...FIRST_SCREEN_PANELS].sort()));
    // Both batches went out before either came back: no extra sequential wave for the first screen.
    expect(sent).toEqual([
      FIRST_SCREEN_PANELS.length,
      panelQueries('p1').length - FIRST_SCREEN_PANELS.length,
    ]);
    releaseRest();
    const panels = await reading;
    expect(recordSettled(panels)).toBe(true);
    expect(settled).toHaveLength(panelQueries('p1').length);
  });
  it('follows next links to the end of each panel, without duplicates', async () => {
    const pages = firstPages({
      [url('conditions')]: searchset([condition('c1'), condition('c2')], `${BASE}/Condition?page=2`),
      [`${BASE}/Condition?page=2`]: searchset([condition('c2'), condition('c3')], `${BASE}/Condition?page=3`),
      [`${BASE}/Condition?page=3`]: searchset([condition('c4')]),
    });
    const { requester, calls } = fakeServer(pages, fromTable(pages));
    const panels = await readRecord(requester, 'p1', everything);
    const ready = panels.conditions as Extract<PanelState, { status: 'ready' }>;
    expect(ready.resources.map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(calls).toEqual(['BATCH', 'BATCH', `GET ${BASE}/Condition?page=2`, `GET ${BASE}/Condition?page=3`]);
  });

  it('stops on a next link that loops', async () => {
    const pages = firstPages({
      [url('goals')]: searchset([goal('g1')], `${BASE}/Goal?page=2`),
      [`${BASE}/Goal?page=2`]: searchset([goal('g2')], `${BASE}/Goal?page=2`),
    });
    const { requester } = fakeServer(pages, fromTable(pages));
    const panels = await readRecord(requester, 'p1', everything);
    expect((panels.goals as Extract<PanelState, { status: 'ready' }>).resources).toHaveLength(2);
  });

  it('fails one panel on a 403 and keeps the others', async () => {
    const pages = firstPages({
      [url('observations')]: new RequestError(403, 'Observation is outside the granted scopes'),
      [url('conditions')]: searchset([condition('c1')]),
    });
    const { requester } = fakeServer(pages, fromTable(pages));
    const panels = await readRecord(requester, 'p1', everything);
    expect(panels.observations).toEqual({
      status: 'failed',
      failure: { status: 403, message: 'Observation is outside the granted scopes' },
    });
    expect(panels.conditions?.status).toBe('ready');
    expect(panels.patient?.status).toBe('ready');
  });

  it('reports malformed resources in their panel and shows the rest', async () => {
    const broken = { resourceType: 'Goal', id: 'g-bad', subject: { reference: 'Patient/p1' } };
    const pages = firstPages({ [url('goals')]: searchset([goal('g1'), broken as unknown as FhirResource]) });
    const { requester } = fakeServer(pages, fromTable(pages));
    const panels = await readRecord(requester, 'p1', everything);
    expect(panels.goals).toMatchObject({ status: 'ready', resources: [goal('g1')] });
    expect((panels.goals as Extract<PanelState, { status: 'ready' }>).problems[0]).toMatch(
      /Goal\/g-bad.*lifecycleStatus/,
    );
  });

  it('falls back to parallel GETs when the server does not do batch', async () => {
    const pages = firstPages({ [url('conditions')]: searchset([condition('c1')]) });
    const { requester, calls } = fakeServer(pages);
    const panels = await readRecord(requester, 'p1', everything);
    expect(calls.slice(0, 2)).toEqual(['BATCH', 'BATCH']);
    expect(calls.slice(2).sort()).toEqual(
      panelQueries('p1')
        .map((q) => `GET ${q.url}`)
        .sort(),
    );
    expect(panels.conditions?.status).toBe('ready');
  });

  it('in fallback, one failing GET fails only its own panel', async () => {
    const pages = firstPages({ [url('procedures')]: new RequestError(500, 'boom') });
    const { requester } = fakeServer(pages);
    const panels = await readRecord(requester, 'p1', everything);
    expect(panels.procedures).toMatchObject({ status: 'failed', failure: { status: 500 } });
    expect(panels.goals?.status).toBe('ready');
  });

  it('does not ask for what was not granted', async () => {
    const pages = firstPages();
    const seen: string[] = [];
    const { requester } = fakeServer(pages, (u) => {
      seen.push(u);
      return fromTable(pages)(u);
    });
    const panels = await readRecord(requester, 'p1', { canRead: (type) => type !== 'Observation' });
    expect(panels.observations).toEqual({ status: 'not-granted' });
    expect(seen.some((u) => u.startsWith('Observation'))).toBe(false);
  });

  it('ends the session on a 401', async () => {
    const { requester } = fakeServer({}, () => {
      throw new RequestError(401, 'expired');
    });
    requester.batch = async () => {
      throw new RequestError(401, 'expired');
    };
    await expect(readRecord(requester, 'p1', everything)).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('reports each panel as it settles', async () => {
    const pages = firstPages();
    const { requester } = fakeServer(pages, fromTable(pages));
    const order: string[] = [];
    await readRecord(requester, 'p1', { ...everything, onPanel: (p) => order.push(p) });
    expect(order.sort()).toEqual(
      panelQueries('p1')
        .map((q) => q.panel)
        .sort(),
    );
  });
});

const observation = (i: number): FhirResource => ({
  resourceType: 'Observation',
  id: `o${i}`,
  status: 'final',
  code: { text: `reading ${i}` },
  subject: { reference: 'Patient/p1' },
});

/** Offset paging as the sandbox (Medplum) writes it: `_count`/`_offset` links and a stated total. */
function offsetServer(total: number, size: number, opts: { grewTo?: number } = {}) {
  const all = Array.from({ length: opts.grewTo ?? total }, (_, i) => observation(i));
  const pageAt = (offset: number): Bundle => {
    const shown = opts.grewTo !== undefined && offset > 0 ? opts.grewTo : total;
    const next =
      offset + size < shown
        ? `${BASE}/Observation?patient=p1&_count=${size}&_offset=${offset + size}`
        : undefined;
    return { ...searchset(all.slice(offset, offset + size), next), total: offset === 0 ? total : shown };
  };
  const pages = firstPages({ [url('observations')]: pageAt(0) });
  const { requester, calls } = fakeServer(pages, fromTable(pages));
  let inFlight = 0;
  let mostInFlight = 0;
  const get = requester.get.bind(requester);
  requester.get = async (u) => {
    const offset = /_offset=(\d+)/.exec(u)?.[1];
    if (offset === undefined) return get(u);
    calls.push(`GET offset ${offset}`);
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight--;
    return pageAt(Number(offset));
  };
  return { requester, calls, mostInFlight: () => mostInFlight };
}

describe('paging a long record', () => {
  const ids = (state: PanelState | undefined) =>
    (state as Extract<PanelState, { status: 'ready' }>).resources.map((r) => r.id);

  it('reads every page of an offset-paged search, a few at a time, in order', async () => {
    const { requester, calls, mostInFlight } = offsetServer(23, 2);
    const panels = await readRecord(requester, 'p1', { ...everything, pageConcurrency: 4 });
    expect(ids(panels.observations)).toEqual(Array.from({ length: 23 }, (_, i) => `o${i}`));
    expect(calls.filter((c) => c.startsWith('GET offset'))).toHaveLength(11);
    expect(mostInFlight()).toBe(4);
  });

  it('asks for the next page as soon as any one lands, so one slow page holds back no other request', async () => {
    const { requester, calls } = offsetServer(13, 2);
    const get = requester.get.bind(requester);
    requester.get = async (u) => {
      // The first offset page is slow; the others answer at once.
      if (/_offset=2(&|$)/.test(u)) await new Promise((resolve) => setTimeout(resolve, 30));
      const body = await get(u);
      if (/_offset=/.test(u)) calls.push(`DONE ${/_offset=(\d+)/.exec(u)![1]}`);
      return body;
    };
    const panels = await readRecord(requester, 'p1', { ...everything, pageConcurrency: 2 });
    const offsets = calls.filter((c) => c.startsWith('GET offset') || c.startsWith('DONE'));
    // Every other page was asked for (and answered) while the slow one was still out.
    expect(offsets.indexOf('GET offset 12')).toBeLessThan(offsets.indexOf('DONE 2'));
    // Still in the server's order, whatever order the pages came back in.
    expect(ids(panels.observations)).toEqual(Array.from({ length: 13 }, (_, i) => `o${i}`));
  });

  it('fails the panel as partial when one page of several fails, and ends the session on a 401', async () => {
    const failing = (status: number) => {
      const server = offsetServer(9, 2);
      const get = server.requester.get.bind(server.requester);
      server.requester.get = async (u) => {
        if (/_offset=4(&|$)/.test(u)) throw new RequestError(status, 'page refused');
        return get(u);
      };
      return server.requester;
    };
    const panels = await readRecord(failing(500), 'p1', { ...everything, pageConcurrency: 3 });
    expect(panels.observations).toMatchObject({
      status: 'failed',
      failure: { message: 'Only part of this list could be loaded: page refused' },
    });
    await expect(
      readRecord(failing(401), 'p1', { ...everything, pageConcurrency: 3 }),
    ).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('follows the last page on when the record grew while it was being read', async () => {
    const { requester } = offsetServer(6, 2, { grewTo: 9 });
    const panels = await readRecord(requester, 'p1', everything);
    expect(ids(panels.observations)).toEqual(Array.from({ length: 9 }, (_, i) => `o${i}`));
  });

  it('fails the panel instead of passing part of a search off as the whole at the page guard', async () => {
    const { requester } = offsetServer(10, 2);
    const panels = await readRecord(requester, 'p1', { ...everything, maxPages: 3 });
    expect(panels.observations).toMatchObject({
      status: 'failed',
      failure: { message: expect.stringMatching(/^Only part of this list could be loaded/) },
    });
  });

  it('asks for pages directly only for plain offset links with a stated total', () => {
    const first = { resources: [1, 2], total: 5, next: `${BASE}/Observation?patient=p1&_offset=2&_count=2` };
    expect(offsetPageUrls(first)).toEqual([
      `${BASE}/Observation?patient=p1&_offset=2&_count=2`,
      `${BASE}/Observation?patient=p1&_offset=4&_count=2`,
    ]);
    expect(offsetPageUrls({ ...first, total: undefined })).toEqual([]);
    // A page shorter than the offset (results left out for access): offsets would skip, so follow links.
    expect(offsetPageUrls({ ...first, resources: [1] })).toEqual([]);
    expect(
      offsetPageUrls({ resources: [1, 2], total: 5, next: `${BASE}/Observation?-pageContext=abc` }),
    ).toEqual([]);
  });
});

describe('the record before it is read', () => {
  it('starts with every panel loading and is settled only when every panel is', () => {
    const pending = pendingRecord();
    expect(Object.keys(pending).sort()).toEqual(
      panelQueries('p1')
        .map((q) => q.panel)
        .sort(),
    );
    expect(recordSettled(pending)).toBe(false);
    const firstOnly = { ...pending, patient: { status: 'not-granted' as const } };
    expect(recordSettled(firstOnly)).toBe(false);
    expect(recordSettled({ patient: { status: 'not-granted' } })).toBe(false);
    const all = Object.fromEntries(Object.keys(pending).map((k) => [k, { status: 'not-granted' }]));
    expect(recordSettled(all)).toBe(true);
  });
});
