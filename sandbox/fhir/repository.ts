import { deepClone, type Filter, Operator, type SearchRequest, type WithId } from '@medplum/core';
import { type CreateResourceOptions, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { compileFilters, evaluate, precisionRange, referenceStrings, searchParameter } from './match';

/**
 * How long a search may hold the thread before it gives other requests (another tab, /metadata) a
 * turn. Checked every SLICE_CHECK resources, so the clock read costs nothing next to the matching.
 */
const SLICE_MS = 4;
const SLICE_CHECK = 32;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * How many searches' full match lists are kept for their next pages, per viewer. A client reading a
 * long search page by page (`_offset`) would otherwise make the store scan, check and sort every
 * match again for every page: 20 pages of a 20,000-Observation record cost 20 whole scans.
 */
const SNAPSHOTS_PER_VIEWER = 16;

/** One search's visible matches in order, valid while nothing stored has changed since. */
interface Snapshot {
  generation: number;
  matches: readonly Resource[];
}

/** The reference search parameters answered from the index instead of by evaluating FHIRPath per resource. */
const INDEXED_CODES = new Set(['patient', 'subject']);
/** A `Patient/<FHIR id>` value: an id cannot hold the `\` or `,` Medplum's value splitting treats specially. */
const PATIENT_REFERENCE = /^Patient\/[A-Za-z0-9.-]{1,64}$/;

/**
 * The values a reference search parameter has on a resource, as Medplum's reference matcher reads
 * them: a string, a Reference's `reference`, or a resource's `Type/id`.
 */
function referenceValues(resource: Resource, code: string): Set<string> {
  const expression = searchParameter(resource.resourceType, code)?.expression;
  return new Set(expression ? referenceStrings(evaluate(expression, resource)) : []);
}

/** Stored resources are shared with every search that finds them, so nothing may change one in place. */
function deepFreeze(value: unknown): void {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
}

interface JournalEntry {
  resourceType: string;
  id: string;
  /** The resource as it was before the transaction touched it; undefined when it did not exist. */
  previous: Resource | undefined;
}

/**
 * Medplum's MemoryRepository runs `withTransaction` callbacks without any isolation, so a
 * transaction Bundle that fails half-way leaves its first entries written. FHIR requires
 * all-or-nothing, so this subclass journals every write made inside a transaction and undoes
 * them if the callback throws. Callers must serialise writes (the server does) because the
 * journal is repository-wide.
 */
export class SandboxRepository extends MemoryRepository {
  private journal: JournalEntry[] | undefined;
  /** type → search parameter code → reference value → ids, exactly as Medplum's matcher would find them. */
  private readonly referenceIndex = new Map<string, Map<string, Map<string, Set<string>>>>();
  /** `Type/id` → the index entries it is in, so an update or delete takes it out of the old ones. */
  private readonly indexedUnder = new Map<string, { code: string; value: string }[]>();
  /** Bumped by every change to what is stored: a snapshot taken at another generation is stale. */
  private generation = 0;
  /** Per viewer (its access check: a snapshot holds only what that viewer may see), by search. */
  private readonly snapshots = new WeakMap<object, Map<string, Snapshot>>();
  private readonly everything = {};

  /**
   * MemoryRepository's search deep-copies every match before it slices out the page (40 ms for all
   * Observations, however small the page) and cannot leave out what the caller may not see. This one
   * scans the stored objects in place, keeps only matches `visible` lets through, hands out the
   * page's stored objects themselves (frozen, so no caller can change what another one reads), and
   * yields to the event loop as it goes. `total` counts the visible matches.
   *
   * `viewer` names whose view `visible` is (the same object for the same grant): the full, ordered
   * match list is kept for it, so the search's next pages are slices of it until anything stored
   * changes — the same answers a fresh scan would give, at the cost of the page alone.
   */
  async searchVisible<T extends Resource>(
    request: SearchRequest<T>,
    visible: (resource: Resource) => boolean,
    viewer?: object,
  ): Promise<Bundle<WithId<T>>> {
    const offset = request.offset ?? 0;
    const count = request.count ?? Number.POSITIVE_INFINITY;
    const key = viewer ? searchKey(request) : undefined;
    const kept = viewer && key ? this.snapshots.get(viewer)?.get(key) : undefined;
    const matches =
      kept?.generation === this.generation ? kept.matches : await this.scan(request, visible, viewer, key);
    const entry = matches
      .slice(offset, offset + count)
      .map((resource) => ({ resource: resource as WithId<T> }));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      ...(entry.length > 0 ? { entry } : {}),
    };
  }

  /** Every visible match of a search, in its order; kept for `viewer` when nothing changed meanwhile. */
  private async scan(
    request: SearchRequest,
    visible: (resource: Resource) => boolean,
    viewer: object | undefined,
    key: string | undefined,
  ): Promise<readonly Resource[]> {
    const started = this.generation;
    const sortRules = request.sortRules ?? [];
    const { resources, rest } = this.candidates(request);
    const needsMatch = rest.filters !== undefined && rest.filters.length > 0;
    const matchesFilters = compileFilters(rest);
    const matches: { resource: Resource; keys: SortKey[] }[] = [];
    let scanned = 0;
    let sliceStarted = performance.now();
    for (const resource of resources) {
      if (++scanned % SLICE_CHECK === 0 && performance.now() - sliceStarted > SLICE_MS) {
        await yieldToEventLoop();
        sliceStarted = performance.now();
      }
      if ((needsMatch && !matchesFilters(resource)) || !visible(resource)) {
        continue;
      }
      matches.push({
        resource,
        keys: sortRules.map((rule) => sortKey(resource, rule.code, rule.descending === true)),
      });
    }
    if (sortRules.length > 0) {
      matches.sort((a, b) => {
        for (const [i, rule] of sortRules.entries()) {
          const order = compareKeys(a.keys[i], b.keys[i]) * (rule.descending ? -1 : 1);
          if (order !== 0) {
            return order;
          }
        }
        return 0;
      });
    }
    const ordered = matches.map((m) => m.resource);
    // A write while the scan yielded may have changed what it already passed: not kept.
    if (viewer && key && this.generation === started) {
      const kept = this.snapshots.get(viewer) ?? new Map<string, Snapshot>();
      this.snapshots.set(viewer, kept);
      kept.delete(key);
      kept.set(key, { generation: started, matches: ordered });
      for (const oldest of kept.keys()) {
        if (kept.size <= SNAPSHOTS_PER_VIEWER) break;
        kept.delete(oldest);
      }
    }
    return ordered;
  }

  override search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    return this.searchVisible(request, () => true, this.everything);
  }

  /** The live stored objects of one type: frozen, handed out only by `searchVisible`. */
  private stored(resourceType: string): Map<string, Resource> | undefined {
    // MemoryRepository (pinned at 4.5.2) keeps them in a private Map of Maps; reading it in place is
    // what makes a page cost its own size instead of the whole type's.
    const byType = Reflect.get(this, 'resources') as unknown;
    if (!(byType instanceof Map)) {
      throw new Error('MemoryRepository no longer keeps its resources in a Map: revisit SandboxRepository');
    }
    return (byType as Map<string, Map<string, Resource>>).get(resourceType);
  }

  /**
   * What a search has to look at, and the filters still to match. MemoryRepository has no index, so
   * `Observation?patient=x` would evaluate FHIRPath on every Observation of every patient; a search by
   * patient or subject reads the index, which holds exactly the resources that filter matches, so the
   * filter itself need not be evaluated again.
   */
  private candidates(request: SearchRequest): { resources: Iterable<Resource>; rest: SearchRequest } {
    const resources = this.stored(request.resourceType);
    const filter = request.filters?.find(
      (f) =>
        INDEXED_CODES.has(f.code) &&
        f.operator === Operator.EQUALS &&
        f.value.split(',').every((v) => PATIENT_REFERENCE.test(v)),
    );
    if (!resources || !filter) {
      return { resources: resources?.values() ?? [], rest: request };
    }
    const byValue = this.referenceIndex.get(request.resourceType)?.get(filter.code);
    const ids = new Set(filter.value.split(',').flatMap((v) => [...(byValue?.get(v) ?? [])]));
    const found: Resource[] = [];
    for (const id of ids) {
      const resource = resources.get(id);
      if (resource) {
        found.push(resource);
      }
    }
    const filters: Filter[] = (request.filters ?? []).filter((f) => f !== filter);
    return { resources: found, rest: { ...request, filters } };
  }

  /**
   * After every change to what is stored under `Type/id`: freezes the new stored object and moves
   * it to the index entries its current version belongs in.
   */
  private reindex(resourceType: string, id: string): void {
    this.generation++;
    const key = `${resourceType}/${id}`;
    const byCode = this.referenceIndex.get(resourceType) ?? new Map<string, Map<string, Set<string>>>();
    this.referenceIndex.set(resourceType, byCode);
    const resource = this.stored(resourceType)?.get(id);
    const now: { code: string; value: string }[] = [];
    if (resource) {
      deepFreeze(resource);
      for (const code of INDEXED_CODES) {
        for (const value of referenceValues(resource, code)) {
          if (PATIENT_REFERENCE.test(value)) {
            now.push({ code, value });
          }
        }
      }
    }
    const same = (a: { code: string; value: string }, b: { code: string; value: string }): boolean =>
      a.code === b.code && a.value === b.value;
    for (const old of this.indexedUnder.get(key) ?? []) {
      if (!now.some((n) => same(n, old))) {
        byCode.get(old.code)?.get(old.value)?.delete(id);
      }
    }
    for (const { code, value } of now) {
      // Adding an id already there keeps its place, so an update does not move it in the results.
      const byValue = byCode.get(code) ?? new Map<string, Set<string>>();
      byCode.set(code, byValue);
      byValue.set(value, (byValue.get(value) ?? new Set()).add(id));
    }
    if (now.length > 0) {
      this.indexedUnder.set(key, now);
    } else {
      this.indexedUnder.delete(key);
    }
  }

  /** MemoryRepository's own reverses its stored list in place, so every other call came out oldest first. */
  override async readHistory<T extends Resource>(resourceType: string, id: string): Promise<Bundle<T>> {
    await this.readResource(resourceType, id);
    const history = Reflect.get(this, 'history') as Map<string, Map<string, T[]>> | undefined;
    const versions = history?.get(resourceType)?.get(id) ?? [];
    const entry = [...versions].reverse().map((resource) => ({ resource: deepClone(resource) }));
    return { resourceType: 'Bundle', type: 'history', ...(entry.length > 0 ? { entry } : {}) };
  }

  override async createResource<T extends Resource>(
    resource: T,
    _options?: CreateResourceOptions,
  ): Promise<WithId<T>> {
    const journal = this.journal;
    if (journal && resource.id) {
      journal.push({
        resourceType: resource.resourceType,
        id: resource.id,
        previous: await this.current(resource.resourceType, resource.id),
      });
    }
    const result = await super.createResource(resource);
    this.reindex(result.resourceType, result.id);
    if (journal && !resource.id) {
      journal.push({ resourceType: result.resourceType, id: result.id, previous: undefined });
    }
    return result;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    if (this.journal) {
      this.journal.push({ resourceType, id, previous: await this.current(resourceType, id) });
    }
    await super.deleteResource(resourceType, id);
    this.reindex(resourceType, id);
  }

  override async withTransaction<TResult>(
    callback: (client: undefined) => Promise<TResult>,
  ): Promise<TResult> {
    if (this.journal) {
      // Nested (Medplum's conditional create/update open their own): the outermost one owns the undo.
      return callback(undefined);
    }
    const journal: JournalEntry[] = [];
    this.journal = journal;
    try {
      return await callback(undefined);
    } catch (err) {
      await this.undo(journal);
      throw err;
    } finally {
      this.journal = undefined;
    }
  }

  private async undo(journal: JournalEntry[]): Promise<void> {
    for (const entry of [...journal].reverse()) {
      if (entry.previous) {
        // The saved copy still carries its versionId/lastUpdated, which createResource keeps.
        await super.createResource(entry.previous);
      } else if (await this.current(entry.resourceType, entry.id)) {
        await super.deleteResource(entry.resourceType, entry.id);
      }
      this.reindex(entry.resourceType, entry.id);
    }
  }

  private async current(resourceType: string, id: string): Promise<Resource | undefined> {
    try {
      return await this.readResource(resourceType, id);
    } catch {
      return undefined;
    }
  }
}

/** A search apart from its page: what decides which resources match, and in which order. */
function searchKey(request: SearchRequest): string {
  const { offset: _offset, count: _count, ...rest } = request;
  return JSON.stringify(rest);
}

/** One resource's key for one `_sort` rule: a date's instant in ms, anything else as text. */
type SortKey = string | number;

/**
 * Medplum's sort order, the JSON of the parameter's FHIRPath values compared as text, except for
 * date parameters: R4 search.html `_sort` orders by value, and a date's value is the instant it
 * denotes, so `10:00+02:00` (08:00Z) comes before `09:00Z`, which text would put the other way.
 * A partial date (`2024-05`) or a Period counts from its start; with several values the earliest
 * counts ascending, the latest descending. A resource without a value comes last either way.
 */
function sortKey(resource: Resource, code: string, descending: boolean): SortKey {
  const definition = searchParameter(resource.resourceType, code);
  const expression = definition?.expression;
  if (!expression) {
    return '';
  }
  const values = evaluate(expression, resource).map((v) => v.value as unknown);
  if (definition.type !== 'date') {
    return JSON.stringify(values);
  }
  const instants = values.flatMap((value) => {
    const period = value as { start?: unknown; end?: unknown } | null;
    const text = typeof value === 'string' ? value : (period?.start ?? period?.end);
    const ms = typeof text === 'string' ? precisionRange(text)?.lo : undefined;
    return ms === undefined ? [] : [ms];
  });
  if (instants.length === 0) {
    return descending ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return descending ? Math.max(...instants) : Math.min(...instants);
}

function compareKeys(a: SortKey | undefined, b: SortKey | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b ? 0 : a < b ? -1 : 1;
  }
  return String(a ?? '').localeCompare(String(b ?? ''));
}
