/**
 * The read path through the real fhirclient against an msw FHIR server: the first screen's batch
 * beside the rest's, paging to the end, a forbidden resource type and a malformed resource each
 * failing only their own panel, a server without batch support, and the prompt rules waiting for
 * the whole record.
 */
import { renderHook, waitFor } from '@testing-library/react';
import FHIR from 'fhirclient';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fhirRequester } from '../../src/platform/requester';
import { FIRST_SCREEN_PANELS, panelQueries } from '../../src/core/record/panels';
import { readRecord, type PanelState } from '../../src/core/record/read';
import { grantedAccess } from '../../src/core/smart/scopes';
import type { Session } from '../../src/platform/session';
import { usePrompts } from '../../src/prompts/usePrompts';
import { useRecord } from '../../src/ui/useRecord';

const BASE = 'https://ehr.example.org/fhir';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => FHIR.client({ serverUrl: BASE, tokenResponse: { access_token: 'tok', patient: 'p1' } });

const observation = (i: number) => ({
  resourceType: 'Observation',
  id: `o${i}`,
  status: 'final',
  code: { text: `reading ${i}` },
  subject: { reference: 'Patient/p1' },
});

function searchset(entries: unknown[], next?: string) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: entries.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/** What the server holds, per search, and how it answers each entry of the batch. */
function entryFor(url: string) {
  if (url.startsWith('Patient/'))
    return { resource: { resourceType: 'Patient', id: 'p1', name: [{ text: 'Ana Rivera' }] } };
  if (url.startsWith('Observation?'))
    return { resource: searchset([observation(1), observation(2)], `${BASE}/Observation?patient=p1&page=2`) };
  if (url.startsWith('MedicationRequest?'))
    return {
      status: '403 Forbidden',
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'forbidden', diagnostics: 'MedicationRequest is not in your scopes' },
        ],
      },
    };
  if (url.startsWith('Goal?'))
    return {
      resource: searchset([
        {
          resourceType: 'Goal',
          id: 'g1',
          lifecycleStatus: 'active',
          description: { text: 'Walk' },
          subject: { reference: 'Patient/p1' },
        },
        {
          resourceType: 'Goal',
          id: 'g2',
          description: 'not a concept',
          subject: { reference: 'Patient/p1' },
        },
      ]),
    };
  return { resource: searchset([]) };
}

const authorized = (request: Request) => request.headers.get('authorization') === 'Bearer tok';

/** A batch-response for the entries asked, from `entryFor`. */
async function batchResponse(request: Request) {
  const bundle = (await request.json()) as { entry: { request: { url: string } }[] };
  return {
    urls: bundle.entry.map((e) => e.request.url),
    body: {
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: bundle.entry.map((e) => {
        const { resource, status, outcome } = entryFor(e.request.url) as {
          resource?: unknown;
          status?: string;
          outcome?: unknown;
        };
        return {
          ...(resource ? { resource } : {}),
          response: { status: status ?? '200 OK', ...(outcome ? { outcome } : {}) },
        };
      }),
    },
  };
}

const firstScreenUrls = () =>
  panelQueries('p1')
    .filter((q) => FIRST_SCREEN_PANELS.includes(q.panel))
    .map((q) => q.url);

/** A server whose batch for the rest of the record answers only when the test lets it. */
function slowRestServer() {
  const events: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.post(BASE, async ({ request }) => {
      const { urls, body } = await batchResponse(request);
      const first = urls.every((u) => firstScreenUrls().includes(u));
      events.push(first ? 'first batch asked' : 'rest batch asked');
      if (!first) await held;
      events.push(first ? 'first batch answered' : 'rest batch answered');
      return HttpResponse.json(body);
    }),
    http.get(`${BASE}/Observation`, () => HttpResponse.json(searchset([]))),
  );
  return { events, release };
}

describe('read path through fhirclient', () => {
  it('shows the first screen from its own batch while the slowest search is still out', async () => {
    const { events, release } = slowRestServer();
    const settled: string[] = [];
    const reading = readRecord(fhirRequester(client()), 'p1', {
      canRead: () => true,
      onPanel: (p) => settled.push(p),
    });
    await waitFor(() => expect(settled.sort()).toEqual([...FIRST_SCREEN_PANELS].sort()));
    // Both were sent at once (one wave after the token), and only the small one has come back.
    expect(events).toEqual(expect.arrayContaining(['first batch asked', 'rest batch asked']));
    expect(events).not.toContain('rest batch answered');
    release();
    const panels = await reading;
    expect(Object.values(panels).every((p) => p.status !== 'loading')).toBe(true);
    expect(events.at(-1)).toBe('rest batch answered');
  });

  it('runs the prompt rules only on the whole record, not on the first screen', async () => {
    const { release } = slowRestServer();
    const session = {
      fhir: fhirRequester(client()),
      patientId: 'p1',
      access: grantedAccess('patient/*.rs', ''),
      // The hook reads only these three of the session.
    } as unknown as Session;
    const { result } = renderHook(() => {
      const record = useRecord(session);
      return { record, prompts: usePrompts(record.panels, new Date('2026-12-02T12:00:00Z')) };
    });
    await waitFor(() => expect(result.current.record.panels.goals?.status).toBe('ready'));
    expect(result.current.record.panels.observations).toEqual({ status: 'loading' });
    // Give an eager evaluation every chance to run (the engine loads in a few ticks).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(result.current.prompts).toEqual({ status: 'waiting' });
    release();
    await waitFor(() => expect(result.current.prompts.status).toBe('ready'), { timeout: 10_000 });
    expect(result.current.record.panels.observations?.status).toBe('ready');
  });

  it('reads the record in two batches, pages to the end, and keeps failures in their panels', async () => {
    const calls: string[] = [];
    server.use(
      http.post(BASE, async ({ request }) => {
        calls.push('POST batch');
        if (!authorized(request)) return HttpResponse.json({}, { status: 401 });
        const bundle = (await request.json()) as {
          type: string;
          entry: { request: { method: string; url: string } }[];
        };
        expect(bundle.type).toBe('batch');
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: bundle.entry.map((e) => {
            const { resource, status, outcome } = entryFor(e.request.url) as {
              resource?: unknown;
              status?: string;
              outcome?: unknown;
            };
            return {
              ...(resource ? { resource } : {}),
              response: { status: status ?? '200 OK', ...(outcome ? { outcome } : {}) },
            };
          }),
        });
      }),
      http.get(`${BASE}/Observation`, ({ request }) => {
        const page = new URL(request.url).searchParams.get('page');
        calls.push(`GET Observation page ${page}`);
        if (page === '2')
          return HttpResponse.json(searchset([observation(3)], `${BASE}/Observation?patient=p1&page=3`));
        return HttpResponse.json(searchset([observation(4)]));
      }),
    );
    const panels = await readRecord(fhirRequester(client()), 'p1', {
      canRead: (type, i) => grantedAccess('patient/*.rs', '').can(type, i),
    });
    expect(calls).toEqual(['POST batch', 'POST batch', 'GET Observation page 2', 'GET Observation page 3']);
    const obs = panels.observations as Extract<PanelState, { status: 'ready' }>;
    expect(obs.resources.map((r) => r.id)).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect(panels.medicationRequests).toEqual({
      status: 'failed',
      failure: { status: 403, message: 'MedicationRequest is not in your scopes' },
    });
    const goals = panels.goals as Extract<PanelState, { status: 'ready' }>;
    expect(goals.resources.map((r) => r.id)).toEqual(['g1']);
    expect(goals.problems).toHaveLength(1);
    expect(panels.patient?.status).toBe('ready');
  });

  it('falls back to one GET per panel when the server refuses batch, each failing alone', async () => {
    const gets: string[] = [];
    server.use(
      http.post(BASE, () =>
        HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 405 }),
      ),
      http.get(`${BASE}/*`, ({ request }) => {
        const url = new URL(request.url);
        const rel = `${url.pathname.replace('/fhir/', '')}${url.search}`;
        gets.push(rel);
        if (rel.startsWith('Procedure'))
          return HttpResponse.json(
            {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'exception', diagnostics: 'boom' }],
            },
            { status: 500 },
          );
        const e = entryFor(rel) as { resource?: unknown };
        return HttpResponse.json(
          rel.startsWith('Observation') ? searchset([observation(9)]) : (e.resource ?? searchset([])),
        );
      }),
    );
    const panels = await readRecord(fhirRequester(client()), 'p1', { canRead: () => true });
    expect(gets.sort()).toEqual(
      panelQueries('p1')
        .map((q) => q.url)
        .sort(),
    );
    expect(panels.procedures).toMatchObject({ status: 'failed', failure: { status: 500 } });
    expect(panels.conditions?.status).toBe('ready');
  });
});

const outcome = (status: number, diagnostics: string) =>
  HttpResponse.json(
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'required', diagnostics }] },
    { status },
  );

const categorised = (id: string, ...categories: string[]) => ({
  ...observation(0),
  id,
  category: categories.map((code) => ({
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }],
  })),
});

describe('read path on servers with real EHR constraints', () => {
  it('reads Observations one category at a time when the server demands a category (Epic)', async () => {
    const observationGets: string[] = [];
    server.use(
      http.post(BASE, () => outcome(400, 'A batch may not contain reads')),
      http.get(`${BASE}/*`, ({ request }) => {
        const url = new URL(request.url);
        const rel = `${url.pathname.replace('/fhir/', '')}${url.search}`;
        if (!rel.startsWith('Observation'))
          return HttpResponse.json((entryFor(rel) as { resource?: unknown }).resource ?? searchset([]));
        observationGets.push(rel);
        const category = url.searchParams.get('category');
        if (!category)
          return outcome(400, 'Observation searches must include a category or a code parameter');
        if (category === 'laboratory' && url.searchParams.get('page') === '2')
          return HttpResponse.json(searchset([categorised('lab2', 'laboratory')]));
        if (category === 'laboratory')
          return HttpResponse.json(
            searchset(
              [categorised('lab1', 'laboratory')],
              `${BASE}/Observation?patient=p1&category=laboratory&page=2`,
            ),
          );
        if (category === 'vital-signs')
          return HttpResponse.json(searchset([categorised('bp', 'vital-signs', 'exam')]));
        if (category === 'exam')
          return HttpResponse.json(searchset([categorised('bp', 'vital-signs', 'exam')]));
        if (category === 'what-matters')
          return HttpResponse.json(searchset([categorised('prio', 'what-matters')]));
        return HttpResponse.json(searchset([]));
      }),
    );
    const panels = await readRecord(fhirRequester(client()), 'p1', { canRead: () => true });
    const obs = panels.observations as Extract<PanelState, { status: 'ready' }>;
    expect(obs.status).toBe('ready');
    // Paged within a category, and one Observation under two categories listed once.
    expect(obs.resources.map((r) => r.id).sort()).toEqual(['bp', 'lab1', 'lab2', 'prio']);
    const asked = observationGets.map((u) => new URLSearchParams(u.split('?')[1]).get('category'));
    expect(asked).toEqual(
      expect.arrayContaining([null, 'laboratory', 'vital-signs', 'survey', 'what-matters']),
    );
    expect(panels.conditions?.status).toBe('ready');
  });

  it('reports the panel failed when one category search fails, not a partial list as the whole', async () => {
    server.use(
      http.post(BASE, () => outcome(400, 'no batch')),
      http.get(`${BASE}/*`, ({ request }) => {
        const url = new URL(request.url);
        if (!url.pathname.endsWith('/Observation')) return HttpResponse.json(searchset([]));
        const category = url.searchParams.get('category');
        if (!category) return outcome(400, 'category required');
        if (category === 'survey') return outcome(500, 'survey index offline');
        return HttpResponse.json(searchset([categorised(`o-${category}`, category)]));
      }),
    );
    const panels = await readRecord(fhirRequester(client()), 'p1', { canRead: () => true });
    expect(panels.observations).toEqual({
      status: 'failed',
      failure: { status: 500, message: 'survey index offline' },
    });
  });

  it('follows opaque next links exactly as given, and ignores a warning entry (Oracle)', async () => {
    const pages: string[] = [];
    server.use(
      http.post(BASE, async ({ request }) => {
        const bundle = (await request.json()) as { entry: { request: { url: string } }[] };
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: bundle.entry.map((e) => ({
            response: { status: '200 OK' },
            resource: e.request.url.startsWith('Goal?')
              ? {
                  ...searchset(
                    [
                      {
                        resourceType: 'Goal',
                        id: 'g1',
                        lifecycleStatus: 'active',
                        description: { text: 'Walk' },
                        subject: { reference: 'Patient/p1' },
                      },
                    ],
                    `${BASE}/Goal?-pageContext=T0k3n-1`,
                  ),
                  entry: [
                    {
                      resource: {
                        resourceType: 'Goal',
                        id: 'g1',
                        lifecycleStatus: 'active',
                        description: { text: 'Walk' },
                        subject: { reference: 'Patient/p1' },
                      },
                      search: { mode: 'match' },
                    },
                    {
                      resource: {
                        resourceType: 'OperationOutcome',
                        issue: [
                          {
                            severity: 'warning',
                            code: 'not-supported',
                            diagnostics: 'The search parameter _sort is not supported and was ignored',
                          },
                        ],
                      },
                      search: { mode: 'outcome' },
                    },
                  ],
                }
              : ((entryFor(e.request.url) as { resource?: unknown }).resource ?? searchset([])),
          })),
        });
      }),
      http.get(`${BASE}/Goal`, ({ request }) => {
        const search = new URL(request.url).search;
        pages.push(search);
        if (search !== '?-pageContext=T0k3n-1') return outcome(400, 'A page link must be followed exactly');
        return HttpResponse.json(
          searchset([
            {
              resourceType: 'Goal',
              id: 'g2',
              lifecycleStatus: 'active',
              description: { text: 'Swim' },
              subject: { reference: 'Patient/p1' },
            },
          ]),
        );
      }),
      http.get(`${BASE}/Observation`, () => HttpResponse.json(searchset([]))),
    );
    const panels = await readRecord(fhirRequester(client()), 'p1', { canRead: () => true });
    expect(pages).toEqual(['?-pageContext=T0k3n-1']);
    const goals = panels.goals as Extract<PanelState, { status: 'ready' }>;
    expect(goals.resources.map((r) => `${r.resourceType}/${r.id}`)).toEqual(['Goal/g1', 'Goal/g2']);
    expect(goals.problems).toEqual([]);
  });
});
