import {
  deepClone,
  evalFhirPath,
  matchesSearchRequest,
  Operator,
  type SearchRequest,
  type WithId,
} from '@medplum/core';
import { type CreateResourceOptions, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { rewriteReferences } from './references';
import { searchParameter } from './search';

/**
 * Resources examined between two yields to the event loop. Matching one Observation against a
 * reference filter costs about 50 µs, so a slice stays near 5 ms and /metadata (or any other request)
 * never waits behind a whole scan.
 */
const SCAN_SLICE = 100;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
  private readonly patientIndex = new Map<string, Map<string, Set<string>>>();

  /**
   * MemoryRepository's search deep-copies every match before it slices out the page (40 ms for all
   * Observations, however small the page) and cannot leave out what the caller may not see. This one
   * scans the stored objects in place, keeps only matches `visible` lets through, copies only the
   * page, and yields to the event loop as it goes. `total` counts the visible matches.
   */
  async searchVisible<T extends Resource>(
    request: SearchRequest<T>,
    visible: (resource: Resource) => boolean,
  ): Promise<Bundle<WithId<T>>> {
    const offset = request.offset ?? 0;
    const count = request.count ?? Number.POSITIVE_INFINITY;
    const sortRules = request.sortRules ?? [];
    const matches: { resource: Resource; keys: string[] }[] = [];
    let total = 0;
    let scanned = 0;
    for (const resource of this.candidates(request)) {
      if (++scanned % SCAN_SLICE === 0) {
        await yieldToEventLoop();
      }
      if (!matchesSearchRequest(resource, request) || !visible(resource)) {
        continue;
      }
      total++;
      if (sortRules.length > 0) {
        matches.push({ resource, keys: sortRules.map((rule) => sortKey(resource, rule.code)) });
      } else if (total > offset && matches.length < count) {
        matches.push({ resource, keys: [] });
      }
    }
    if (sortRules.length > 0) {
      matches.sort((a, b) => {
        for (const [i, rule] of sortRules.entries()) {
          const order = (a.keys[i] ?? '').localeCompare(b.keys[i] ?? '') * (rule.descending ? -1 : 1);
          if (order !== 0) {
            return order;
          }
        }
        return 0;
      });
    }
    const window = sortRules.length > 0 ? matches.slice(offset, offset + count) : matches;
    const entry: { resource: WithId<T> }[] = [];
    for (const [i, match] of window.entries()) {
      if (i > 0 && i % SCAN_SLICE === 0) {
        await yieldToEventLoop();
      }
      entry.push({ resource: deepClone(match.resource) as WithId<T> });
    }
    return { resourceType: 'Bundle', type: 'searchset', total, ...(entry.length > 0 ? { entry } : {}) };
  }

  override search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    return this.searchVisible(request, () => true);
  }

  /** The live stored objects of one type: read-only use, never handed out. */
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
   * What a search has to look at. MemoryRepository has no index, so `Observation?patient=x` would
   * evaluate FHIRPath on every Observation of every patient; a search by patient or subject reads
   * only the resources that name that patient (each still goes through the full match).
   */
  private *candidates(request: SearchRequest): Iterable<Resource> {
    const resources = this.stored(request.resourceType);
    const filter = request.filters?.find(
      (f) =>
        (f.code === 'patient' || f.code === 'subject') &&
        f.operator === Operator.EQUALS &&
        f.value.split(',').every((v) => /^Patient\/[^/]+$/.test(v)),
    );
    if (!resources || !filter) {
      yield* resources?.values() ?? [];
      return;
    }
    const byPatient = this.patientIndex.get(request.resourceType);
    const ids = new Set(filter.value.split(',').flatMap((v) => [...(byPatient?.get(v) ?? [])]));
    for (const id of ids) {
      const resource = resources.get(id);
      if (resource) {
        yield resource;
      }
    }
  }

  /** Every `Patient/x` a resource refers to, as type → patient → ids. Never pruned: stale ids fail the match. */
  private index(resource: WithId<Resource>): void {
    let byPatient = this.patientIndex.get(resource.resourceType);
    if (!byPatient) {
      byPatient = new Map();
      this.patientIndex.set(resource.resourceType, byPatient);
    }
    const index = byPatient;
    rewriteReferences(resource, (reference) => {
      if (reference.startsWith('Patient/')) {
        index.set(reference, (index.get(reference) ?? new Set()).add(resource.id));
      }
      return undefined;
    });
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
    this.index(result);
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

/** Medplum's sort order: the JSON of the parameter's FHIRPath values, compared as text. */
function sortKey(resource: Resource, code: string): string {
  const expression = searchParameter(resource.resourceType, code)?.expression;
  return expression ? JSON.stringify(evalFhirPath(expression, resource)) : '';
}
