/**
 * The read path: the whole record the screens and rules need, right after the token, as two
 * batches sent together — a small one for what the first screen shows, one for the rest — then
 * each panel's further pages (only for long records). A failing panel fails alone. Where prompts
 * are shown, a third batch holds the rules' narrowed searches, so on a long record they run before
 * the last page of Observations is in (`rulesView`).
 *
 * The network is injected (`FhirRequester`), so this runs the same in the browser, in Node and in
 * tests.
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import type { ReadType } from '../smart/scopes';
import { batchRequest, pageFromBody, pagesFromBatch, type PageResult, type PanelFailure } from './bundle';
import {
  FIRST_SCREEN_PANELS,
  NARROWED_PANELS,
  narrowedQueries,
  PANEL_IDS,
  panelQueries,
  type NarrowedPanel,
  type PanelId,
  type PanelQuery,
} from './panels';
import { sortValid } from './validate';
import type { NarrowedParams } from '../prompts/reads';

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
/** The rules' narrowed reads of a panel (see ReadOptions.narrowed), by the panel they narrow. */
export type NarrowedReads = Partial<Record<NarrowedPanel, PanelState>>;

/**
 * The record before any answer: every panel loading. Screens start from this, so "every panel
 * settled" (what the prompt rules wait for) cannot be true while a batch is still out.
 */
export function pendingRecord(): RecordPanels {
  return Object.fromEntries(PANEL_IDS.map((id) => [id, { status: 'loading' }])) as RecordPanels;
}

/** Whether every panel has settled (ready, failed or not granted): the whole record has been read. */
export function recordSettled(panels: Partial<RecordPanels>): boolean {
  return PANEL_IDS.every((id) => {
    const state = panels[id];
    return state !== undefined && state.status !== 'loading';
  });
}

export interface ReadOptions {
  canRead(type: ReadType, interaction: 'read' | 'search'): boolean;
  /** Called as each panel settles, so screens render progressively. */
  onPanel?(panel: PanelId, state: PanelState): void;
  /**
   * A guard against servers whose `next` links never end. A search still going past it fails its
   * panel (as a partial list), rather than passing part of the record off as the whole.
   */
  maxPages?: number;
  /** How many pages of one search may be asked for at once, where the server's paging allows it. */
  pageConcurrency?: number;
  /**
   * The rules' narrowed searches (panels.ts NARROWED_PANELS), for a reader that evaluates prompts:
   * read once the promise settles (the caller's to settle: the app waits for its first screen) and
   * reported through `onNarrowed`, so the rules need not wait for every page of a long record. The
   * whole panel's further pages wait until they are in, so they do not share the server and the
   * page's thread with them. Undefined (or a failed load) reads as before.
   */
  narrowed?: Promise<NarrowedParams | undefined>;
  onNarrowed?(panel: NarrowedPanel, state: PanelState): void;
}

interface Paging {
  maxPages: number;
  concurrency: number;
}

/** A request that threw, as its panel reports it. */
function failureOf(err: unknown): PanelFailure {
  if (err instanceof RequestError) return { status: err.status, message: err.message };
  return { status: 0, message: err instanceof Error ? err.message : String(err) };
}

async function firstPages(
  fhir: FhirRequester,
  queries: readonly Pick<PanelQuery, 'url'>[],
): Promise<PageResult[]> {
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

type Followed =
  { ok: true; resources: FhirResource[]; problems: string[] } | { ok: false; failure: PanelFailure };

const keyOf = (r: FhirResource) => `${r.resourceType}/${r.id ?? ''}`;

/**
 * One search's results, checked and de-duplicated page by page as they land, so a long record's
 * 20,000 checks are spread over the pages' own tasks instead of one long task at the end.
 */
class Collected {
  readonly resources: FhirResource[] = [];
  readonly problems: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly type: ReadType) {}

  add(page: FhirResource[]): void {
    const fresh: FhirResource[] = [];
    for (const r of page) {
      // Servers page by offset, so a write between pages can repeat a resource.
      if (r.id && this.seen.has(keyOf(r))) continue;
      this.seen.add(keyOf(r));
      fresh.push(r);
    }
    const { valid, problems } = sortValid(this.type, fresh);
    this.resources.push(...valid);
    this.problems.push(...problems);
  }
}

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

const OFFSET_PARAM = /([?&]_offset=)(\d+)(?=&|$)/;

/**
 * The URLs of a search's remaining pages, when the first page's `next` link is plain offset paging
 * (`_offset` = the first page's length, as Medplum- and HAPI-style servers write it) and the server
 * stated the total: exactly the links it would hand out one by one, asked for together. Anything
 * else (an opaque cursor, no total) is followed link by link.
 */
export function offsetPageUrls(first: { resources: unknown[]; next?: string; total?: number }): string[] {
  const { next, total } = first;
  const size = first.resources.length;
  const match = next === undefined ? null : OFFSET_PARAM.exec(next);
  if (!next || !match || total === undefined || size === 0 || Number(match[2]) !== size) return [];
  const urls: string[] = [];
  for (let offset = size; offset < total; offset += size) {
    urls.push(next.replace(OFFSET_PARAM, `$1${offset}`));
  }
  return urls;
}

function partial(failure: PanelFailure): Followed {
  return {
    ok: false,
    failure: { ...failure, message: `Only part of this list could be loaded: ${failure.message}` },
  };
}

/**
 * The pages at `urls`, at most `concurrency` in flight: each answer frees its slot for the next
 * URL at once, so a slow page never holds back the requests behind it and the server is never
 * idle while the browser parses what came back. Answers are handed to `take` in URL order, as soon
 * as every earlier one is in. Stops at the first failure (returned); a 401 ends the session.
 */
async function pagesInOrder(
  fhir: FhirRequester,
  urls: readonly string[],
  concurrency: number,
  take: (result: Extract<PageResult, { ok: true }>, url: string) => void,
): Promise<PanelFailure | undefined> {
  const answers = new Map<number, PageResult>();
  let asked = 0;
  let taken = 0;
  let failure: PanelFailure | undefined;
  let expired: unknown;
  const drain = () => {
    for (let result = answers.get(taken); result && !failure; result = answers.get(taken)) {
      answers.delete(taken);
      if (result.ok) take(result, urls[taken]!);
      else failure = result.failure;
      taken++;
    }
  };
  const worker = async () => {
    while (asked < urls.length && !failure && expired === undefined) {
      const index = asked++;
      try {
        answers.set(index, await getPage(fhir, urls[index]!));
      } catch (err) {
        // Kept, not thrown here: the other slots' requests still settle without an unheard rejection.
        expired ??= err;
        return;
      }
      // Checked after this slot's next request has left, so the server works while the page is.
      void Promise.resolve().then(drain);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  if (expired !== undefined) throw expired;
  return failure;
}

/**
 * One search from its first page to its last: offset pages asked for a few at a time, then `next`
 * links followed exactly as the server gave them (to the end, if the record grew meanwhile).
 */
async function follow(
  fhir: FhirRequester,
  first: PageResult,
  paging: Paging,
  type: ReadType,
): Promise<Followed> {
  if (!first.ok) {
    if (first.failure.status === 401) throw new SessionExpiredError();
    return first;
  }
  const collected = new Collected(type);
  collected.add(first.resources);
  let next = first.next;
  let pages = 1;
  const visited = new Set<string>();
  const known = offsetPageUrls(first).slice(0, paging.maxPages - 1);
  const failed = await pagesInOrder(fhir, known, paging.concurrency, (result, url) => {
    visited.add(url);
    collected.add(result.resources);
    next = result.next;
    pages++;
  });
  if (failed) return partial(failed);
  for (; next && pages < paging.maxPages && !visited.has(next); pages++) {
    visited.add(next);
    const result = await getPage(fhir, next);
    if (!result.ok) return partial(result.failure);
    collected.add(result.resources);
    next = result.next;
  }
  if (next && !visited.has(next)) {
    return partial({ status: 0, message: `the server had more than ${paging.maxPages} pages.` });
  }
  return { ok: true, resources: collected.resources, problems: collected.problems };
}

/** A 400 on a panel's search: the server wants narrower searches (Epic's Observation category). */
function refusedAsAsked(first: PageResult, query: PanelQuery): query is PanelQuery & { ifRefused: string[] } {
  return !first.ok && first.failure.status === 400 && (query.ifRefused?.length ?? 0) > 0;
}

async function panelState(
  fhir: FhirRequester,
  first: PageResult,
  query: PanelQuery,
  paging: Paging,
): Promise<PanelState> {
  const type = query.resourceType;
  const searches = refusedAsAsked(first, query)
    ? await Promise.all(
        query.ifRefused.map(async (url) => follow(fhir, await getPage(fhir, url), paging, type)),
      )
    : [await follow(fhir, first, paging, type)];
  return unionOf(searches);
}

/** Searches whose results together are one panel: the first failure fails it. */
function unionOf(searches: Followed[]): PanelState {
  const done: Extract<Followed, { ok: true }>[] = [];
  for (const search of searches) {
    if (!search.ok) return { status: 'failed', failure: search.failure };
    done.push(search);
  }
  if (done.length === 1)
    return { status: 'ready', resources: done[0]!.resources, problems: done[0]!.problems };
  // An Observation with two categories (or two narrowing codes) comes back from both searches: listed once.
  const seen = new Set<string>();
  const resources: FhirResource[] = [];
  for (const search of done) {
    for (const r of search.resources) {
      if (r.id && seen.has(keyOf(r))) continue;
      seen.add(keyOf(r));
      resources.push(r);
    }
  }
  return { status: 'ready', resources, problems: [...new Set(done.flatMap((d) => d.problems))] };
}

const isFirstScreen = (q: PanelQuery) => FIRST_SCREEN_PANELS.includes(q.panel);

const NO_RESPONSE: PageResult = { ok: false, failure: { status: 0, message: 'No response.' } };

/**
 * The rules' narrowed reads, all first pages in one batch; each panel's searches are followed to
 * their end and reported as one list. Resolves once every one has settled (or could not start).
 */
async function readNarrowed(
  fhir: FhirRequester,
  patientId: string,
  params: Promise<NarrowedParams | undefined>,
  allowed: (panel: NarrowedPanel) => boolean,
  paging: Paging,
  report: (panel: NarrowedPanel, state: PanelState) => void,
): Promise<void> {
  // A chunk that did not load only costs the rules their head start.
  const loaded = await params.catch(() => undefined);
  const groups = loaded ? narrowedQueries(patientId, loaded).filter((g) => allowed(g.panel)) : [];
  try {
    const pages = await firstPages(
      fhir,
      groups.flatMap((g) => g.urls.map((url) => ({ url }))),
    );
    let at = 0;
    await Promise.all(
      groups.map(async (g) => {
        const own = g.urls.map(() => pages[at++] ?? NO_RESPONSE);
        report(g.panel, unionOf(await Promise.all(own.map((p) => follow(fhir, p, paging, g.resourceType)))));
      }),
    );
  } catch (err) {
    // A refused token fails these reads only: the record's own reads end the session.
    for (const g of groups) report(g.panel, { status: 'failed', failure: failureOf(err) });
  }
}

export async function readRecord(
  fhir: FhirRequester,
  patientId: string,
  { canRead, onPanel, maxPages = 1000, pageConcurrency = 4, narrowed, onNarrowed }: ReadOptions,
): Promise<RecordPanels> {
  const panels = {} as RecordPanels;
  const paging: Paging = { maxPages, concurrency: Math.max(1, pageConcurrency) };
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
  const asked = (panel: PanelId) => queries.some((q) => q.panel === panel);
  const rules =
    narrowed && onNarrowed
      ? readNarrowed(fhir, patientId, narrowed, asked, paging, onNarrowed)
      : Promise.resolve();
  const read = async (group: PanelQuery[]) => {
    const pages = await firstPages(fhir, group);
    await Promise.all(
      group.map(async (q, i) => {
        const page = pages[i] ?? NO_RESPONSE;
        // A narrowed panel's further pages wait for the rules' reads; a short record's one page does not.
        const more = page.ok ? page.next !== undefined : refusedAsAsked(page, q);
        if (more && narrowed && (NARROWED_PANELS as readonly PanelId[]).includes(q.panel)) await rules;
        settle(q.panel, await panelState(fhir, page, q, paging));
      }),
    );
  };
  // Sent together, not one after the other: the first screen's batch is small and lands first, and
  // the rest costs no extra round trip.
  // The narrowed reads are not the record: the whole read does not wait for them.
  await Promise.all([read(queries.filter(isFirstScreen)), read(queries.filter((q) => !isFirstScreen(q)))]);
  return panels;
}

/**
 * A read of the record that more than one listener can follow. The app page starts it the moment the
 * token arrives, before React or any screen exists, and the screen that draws the record adopts it
 * instead of reading again; a listener that joins late is told at once what has already settled.
 */
export interface SharedRead {
  /** The panels settled so far. */
  settled(): Partial<RecordPanels>;
  /**
   * Calls back for every panel settled so far, then for each panel as it settles.
   * Returns the function that stops the calls.
   */
  follow(onPanel: (panel: PanelId, state: PanelState) => void): () => void;
  /** The rules' narrowed reads settled so far, when the read was given them (ReadOptions.narrowed). */
  narrowedSettled(): NarrowedReads;
  /** As `follow`, for the rules' narrowed reads. */
  followNarrowed(onRead: (panel: NarrowedPanel, state: PanelState) => void): () => void;
  /** The whole record; rejects with SessionExpiredError when the token is refused. */
  readonly done: Promise<RecordPanels>;
}

/** What has settled so far under each key, and who is told of what settles next. */
function relay<K extends string>() {
  const settled: Partial<Record<K, PanelState>> = {};
  const listeners = new Set<(key: K, state: PanelState) => void>();
  return {
    settled: () => ({ ...settled }),
    tell(key: K, state: PanelState) {
      settled[key] = state;
      for (const listener of [...listeners]) listener(key, state);
    },
    follow(listener: (key: K, state: PanelState) => void) {
      for (const [key, state] of Object.entries(settled) as [K, PanelState][]) listener(key, state);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export function shareRead(
  fhir: FhirRequester,
  patientId: string,
  options: Omit<ReadOptions, 'onPanel' | 'onNarrowed'>,
): SharedRead {
  const panels = relay<PanelId>();
  const narrowed = relay<NarrowedPanel>();
  const done = readRecord(fhir, patientId, { ...options, onPanel: panels.tell, onNarrowed: narrowed.tell });
  // Whoever follows handles the failure; started with no one following yet, it is not "unhandled".
  done.catch(() => undefined);
  return {
    settled: panels.settled,
    follow: panels.follow,
    narrowedSettled: narrowed.settled,
    followNarrowed: narrowed.follow,
    done,
  };
}

/**
 * The record as the prompt rules read it: while a narrowed panel's whole list is still being read,
 * or could not be read whole, its narrowed read stands in for it (everything a rule can match,
 * core/prompts/reads.ts); once the whole list is in, the whole list, so a write that lands in it
 * counts. The same object when nothing stands in.
 */
export function rulesView(
  panels: Partial<RecordPanels>,
  narrowed: NarrowedReads | undefined,
): Partial<RecordPanels> {
  let view = panels;
  for (const [panel, state] of Object.entries(narrowed ?? {}) as [NarrowedPanel, PanelState][]) {
    if (panels[panel]?.status !== 'ready' && state.status === 'ready') view = { ...view, [panel]: state };
  }
  return view;
}
