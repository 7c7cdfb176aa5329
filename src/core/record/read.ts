/**
 * The read path: the whole record the screens and rules need, in one batch right after the token,
 * then each panel's further pages (only for long records). A failing panel fails alone.
 *
 * The network is injected (`FhirRequester`), so this runs the same in the browser, in Node and in
 * tests.
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import type { ReadType } from '../smart/scopes';
import { batchRequest, pageFromBody, pagesFromBatch, type PageResult, type PanelFailure } from './bundle';
import { panelQueries, type PanelId, type PanelQuery } from './panels';
import { sortValid } from './validate';

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Thrown when the server no longer accepts the token: the whole session, not one panel, is over. */
export class SessionExpiredError extends Error {
  constructor() {
    super('The session has expired.');
    this.name = 'SessionExpiredError';
  }
}

export interface FhirRequester {
  /** GET a URL relative to the FHIR base, or an absolute one (paging links). Throws RequestError. */
  get(url: string): Promise<unknown>;
  /** POST a batch Bundle to the FHIR base. Throws RequestError. */
  batch(bundle: Bundle): Promise<unknown>;
}

export type PanelState =
  | { status: 'loading' }
  | { status: 'not-granted' }
  | { status: 'failed'; failure: PanelFailure }
  | { status: 'ready'; resources: FhirResource[]; problems: string[] };

export type RecordPanels = Record<PanelId, PanelState>;

export interface ReadOptions {
  canRead(type: ReadType, interaction: 'read' | 'search'): boolean;
  /** Called as each panel settles, so screens render progressively. */
  onPanel?(panel: PanelId, state: PanelState): void;
  /** A guard against servers whose `next` links never end. */
  maxPages?: number;
}

/** A request that threw, as its panel reports it. */
function failureOf(err: unknown): PanelFailure {
  if (err instanceof RequestError) return { status: err.status, message: err.message };
  return { status: 0, message: err instanceof Error ? err.message : String(err) };
}

async function firstPages(fhir: FhirRequester, queries: PanelQuery[]): Promise<PageResult[]> {
  if (queries.length === 0) return [];
  try {
    const response = await fhir.batch(batchRequest(queries));
    const body = response as Bundle | undefined;
    if (body?.resourceType === 'Bundle' && body.type === 'batch-response') {
      return pagesFromBatch(response, queries.length);
    }
  } catch (err) {
    if (err instanceof RequestError && err.status === 401) throw new SessionExpiredError();
    // Any other failure of the batch as a whole (unsupported, forbidden, a passing 5xx): each panel
    // gets its own GET, so one bad resource type cannot take the others down with it.
  }
  return Promise.all(queries.map((q) => getPage(fhir, q.url)));
}

type Followed = { ok: true; resources: FhirResource[] } | { ok: false; failure: PanelFailure };

function unauthorized(err: unknown): boolean {
  return err instanceof RequestError && err.status === 401;
}

async function getPage(fhir: FhirRequester, url: string): Promise<PageResult> {
  try {
    return pageFromBody(await fhir.get(url));
  } catch (err) {
    if (unauthorized(err)) throw new SessionExpiredError();
    return { ok: false, failure: failureOf(err) };
  }
}

/** One search from its first page to its last, following `next` links exactly as the server gave them. */
async function follow(fhir: FhirRequester, first: PageResult, maxPages: number): Promise<Followed> {
  if (!first.ok) {
    if (first.failure.status === 401) throw new SessionExpiredError();
    return first;
  }
  const resources = [...first.resources];
  let next = first.next;
  const visited = new Set<string>();
  for (let page = 1; next && page < maxPages && !visited.has(next); page++) {
    visited.add(next);
    const result = await getPage(fhir, next);
    if (!result.ok) {
      return {
        ok: false,
        failure: {
          ...result.failure,
          message: `Only part of this list could be loaded: ${result.failure.message}`,
        },
      };
    }
    resources.push(...result.resources);
    next = result.next;
  }
  return { ok: true, resources };
}

/** A 400 on a panel's search: the server wants narrower searches (Epic's Observation category). */
function refusedAsAsked(first: PageResult, query: PanelQuery): query is PanelQuery & { ifRefused: string[] } {
  return !first.ok && first.failure.status === 400 && (query.ifRefused?.length ?? 0) > 0;
}

async function panelState(
  fhir: FhirRequester,
  first: PageResult,
  query: PanelQuery,
  maxPages: number,
): Promise<PanelState> {
  const searches = refusedAsAsked(first, query)
    ? await Promise.all(query.ifRefused.map(async (url) => follow(fhir, await getPage(fhir, url), maxPages)))
    : [await follow(fhir, first, maxPages)];
  const failed = searches.find((s): s is Extract<Followed, { ok: false }> => !s.ok);
  if (failed) return { status: 'failed', failure: failed.failure };
  const seen = new Set<string>();
  const all: FhirResource[] = [];
  for (const search of searches) {
    if (!search.ok) continue;
    for (const r of search.resources) {
      const key = `${r.resourceType}/${r.id ?? ''}`;
      // Servers page by offset, so a write between pages can repeat a resource; an Observation with
      // two categories comes back from both searches.
      if (r.id && seen.has(key)) continue;
      seen.add(key);
      all.push(r);
    }
  }
  const { valid, problems } = sortValid(query.resourceType, all);
  return { status: 'ready', resources: valid, problems };
}

export async function readRecord(
  fhir: FhirRequester,
  patientId: string,
  { canRead, onPanel, maxPages = 100 }: ReadOptions,
): Promise<RecordPanels> {
  const panels = {} as RecordPanels;
  const settle = (panel: PanelId, state: PanelState) => {
    panels[panel] = state;
    onPanel?.(panel, state);
  };
  const queries: PanelQuery[] = [];
  for (const q of panelQueries(patientId)) {
    const allowed =
      q.resourceType === 'Patient' ? canRead('Patient', 'read') : canRead(q.resourceType, 'search');
    if (allowed) queries.push(q);
    else settle(q.panel, { status: 'not-granted' });
  }
  const pages = await firstPages(fhir, queries);
  await Promise.all(
    queries.map(async (q, i) => {
      const page = pages[i] ?? { ok: false, failure: { status: 0, message: 'No response.' } };
      settle(q.panel, await panelState(fhir, page, q, maxPages));
    }),
  );
  return panels;
}
