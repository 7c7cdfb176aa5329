import { evalFhirPath, getSearchParameters, Operator, parseSearchRequest } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Bundle, BundleEntry, BundleLink, FhirResource } from 'fhir/r4';
import { fromMedplum } from './adapt';
import { FhirHttpError } from './http';
import {
  type CriteriaParam,
  normalizeReferenceValue,
  readCount,
  readOffset,
  searchParameter,
  selectCriteria,
} from './search-params';
import type { ScopedRepository } from './scoped-repository';

export const DEFAULT_PAGE_SIZE = 50;
/**
 * The most a page holds, whatever `_count` asks (Medplum's own maximum). A larger `_count` gets
 * this many and a `next` link, so a client that follows links still reads everything.
 */
export const MAX_PAGE_SIZE = 1000;

export interface SearchContext {
  /** Already scoped to the caller: a search sees only what the caller may read. */
  repo: ScopedRepository;
  baseUrl: string;
  strict: boolean;
}

interface Window {
  offset: number;
  count: number;
}

/** One page of the matches the caller may see, and how many there are in all. */
async function findPage(
  ctx: Pick<SearchContext, 'repo' | 'baseUrl'>,
  resourceType: string,
  criteria: CriteriaParam[],
  window?: Window,
): Promise<{ resources: FhirResource[]; total: number }> {
  const query: Record<string, string[]> = {};
  for (const param of criteria) {
    const normalized = normalizeReferenceValue(resourceType, param, ctx.baseUrl);
    (query[normalized.key] ??= []).push(normalized.value);
  }
  const request = parseSearchRequest(resourceType, query);
  request.offset = window?.offset;
  request.count = window?.count;
  const bundle = await ctx.repo.search(request);
  const resources = (bundle.entry ?? []).flatMap((entry) =>
    entry.resource ? [fromMedplum<FhirResource>(entry.resource)] : [],
  );
  return { resources, total: bundle.total ?? resources.length };
}

/** Every match the caller may see — for conditional operations, which resolve a target first. */
export async function findMatches(
  ctx: Pick<SearchContext, 'repo' | 'baseUrl'>,
  resourceType: string,
  criteria: CriteriaParam[],
): Promise<FhirResource[]> {
  return (await findPage(ctx, resourceType, criteria)).resources;
}

/** A complete FHIR search: filter, access check, page, include, and link the pages together. */
export async function searchType(
  ctx: SearchContext,
  resourceType: string,
  query: URLSearchParams,
): Promise<Bundle> {
  const criteria = selectCriteria(resourceType, query, ctx.strict);
  const count = query.get('_summary') === 'count' ? 0 : readCount(query, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = readOffset(query);
  const { resources: page, total } = await findPage(ctx, resourceType, criteria, { offset, count });

  const entries: BundleEntry[] = page.map((resource) => matchEntry(ctx.baseUrl, resource));
  const included = await collectIncludes(ctx, page, query);
  entries.push(
    ...included.map((resource) => ({
      ...matchEntry(ctx.baseUrl, resource),
      search: { mode: 'include' as const },
    })),
  );

  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: pageLinks(ctx.baseUrl, resourceType, criteria, query, { count, offset, total }),
  };
  if (entries.length > 0) {
    bundle.entry = entries;
  }
  return bundle;
}

function matchEntry(baseUrl: string, resource: FhirResource): BundleEntry {
  return {
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'match' },
  };
}

interface PageWindow {
  count: number;
  offset: number;
  total: number;
}

/**
 * Links carry the applied criteria plus `_count`/`_offset`, so a follow-up page is just another
 * search — no server-side cursor state to expire or leak between sessions.
 */
function pageLinks(
  baseUrl: string,
  resourceType: string,
  criteria: CriteriaParam[],
  query: URLSearchParams,
  window: PageWindow,
): BundleLink[] {
  const url = (offset: number): string => {
    const params = new URLSearchParams();
    for (const { key, value } of criteria) {
      params.append(key, value);
    }
    for (const key of ['_include', '_revinclude', '_include:iterate', '_revinclude:iterate', '_summary']) {
      for (const value of query.getAll(key)) {
        params.append(key, value);
      }
    }
    params.set('_count', String(window.count));
    params.set('_offset', String(offset));
    return `${baseUrl}/${resourceType}?${params.toString()}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: url(window.offset) }];
  if (window.count > 0) {
    links.push({ relation: 'first', url: url(0) });
    if (window.offset > 0) {
      links.push({ relation: 'previous', url: url(Math.max(0, window.offset - window.count)) });
    }
    if (window.offset + window.count < window.total) {
      links.push({ relation: 'next', url: url(window.offset + window.count) });
    }
  }
  return links;
}

interface IncludeSpec {
  sourceType: string;
  param: string;
  targetType: string | undefined;
}

function parseIncludes(query: URLSearchParams, key: '_include' | '_revinclude'): IncludeSpec[] {
  // `:iterate` is accepted but applied one level deep: enough for Goal→Condition style lookups.
  const values = [...query.getAll(key), ...query.getAll(`${key}:iterate`)];
  return values.flatMap((value) => {
    const [sourceType, param, targetType] = value.split(':');
    return sourceType && param ? [{ sourceType, param, targetType }] : [];
  });
}

/** `_include` and `_revinclude` — Medplum's MemoryRepository ignores both. */
async function collectIncludes(
  ctx: SearchContext,
  page: FhirResource[],
  query: URLSearchParams,
): Promise<FhirResource[]> {
  const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
  const out: FhirResource[] = [];
  const keep = (resource: FhirResource): void => {
    const key = `${resource.resourceType}/${resource.id}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    out.push(resource);
  };

  for (const spec of [...parseIncludes(query, '_include'), ...parseIncludes(query, '_revinclude')]) {
    if (spec.param !== '*' && !searchParameter(spec.sourceType, spec.param) && ctx.strict) {
      throw new FhirHttpError(
        400,
        `Unknown search parameter in _include/_revinclude: ${spec.sourceType}:${spec.param}`,
      );
    }
  }

  for (const spec of parseIncludes(query, '_include')) {
    for (const reference of referencesFrom(page, spec)) {
      const [type, id] = reference.split('/');
      if (!type || !id || (spec.targetType && spec.targetType !== type)) {
        continue;
      }
      try {
        keep(fromMedplum<FhirResource>(await ctx.repo.readResource(type, id)));
      } catch {
        // A dangling or out-of-reach reference is not an error for _include: there is nothing to add.
      }
    }
  }

  for (const spec of parseIncludes(query, '_revinclude')) {
    if (!searchParameter(spec.sourceType, spec.param) || page.length === 0) {
      continue;
    }
    const bundle = await ctx.repo.search({
      resourceType: spec.sourceType as MedplumResource['resourceType'],
      filters: [
        {
          code: spec.param,
          operator: Operator.EQUALS,
          value: page.map((r) => `${r.resourceType}/${r.id}`).join(','),
        },
      ],
    });
    for (const entry of bundle.entry ?? []) {
      if (entry.resource) {
        keep(fromMedplum<FhirResource>(entry.resource));
      }
    }
  }
  return out;
}

function referencesFrom(page: FhirResource[], spec: IncludeSpec): string[] {
  const params =
    spec.param === '*'
      ? Object.values(getSearchParameters(spec.sourceType) ?? {}).filter((p) => p.type === 'reference')
      : [searchParameter(spec.sourceType, spec.param)].filter((p) => p !== undefined);
  const references = new Set<string>();
  for (const resource of page) {
    if (resource.resourceType !== spec.sourceType) {
      continue;
    }
    for (const param of params) {
      if (!param.expression) {
        continue;
      }
      for (const value of evalFhirPath(param.expression, resource)) {
        const reference = (value as { reference?: unknown } | null)?.reference;
        if (typeof reference === 'string') {
          references.add(reference);
        }
      }
    }
  }
  return [...references];
}
