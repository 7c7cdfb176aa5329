import {
  evalFhirPath,
  type Filter,
  formatSearchQuery,
  getSearchParameters,
  type IncludeTarget,
  type SearchRequest,
} from '@medplum/core';
import type { BundleLink, Resource, SearchParameter } from '@medplum/fhirtypes';
import { FhirHttpError } from './http';

export const DEFAULT_PAGE_SIZE = 50;
/**
 * The most a page holds, whatever `_count` asks (Medplum's own maximum). A larger `_count` gets
 * this many and a `next` link, so a client that follows links still reads everything.
 */
export const MAX_PAGE_SIZE = 1000;

export function searchParameter(resourceType: string, code: string): SearchParameter | undefined {
  return getSearchParameters(resourceType)?.[code];
}

/** Parameters Medplum parses but does not know drop out here (FHIR's lenient default), or are a 400. */
function knownFilters(request: SearchRequest, strict: boolean): Filter[] {
  const filters = request.filters ?? [];
  const known = filters.filter((f) => searchParameter(request.resourceType, f.code));
  const unknown = filters.find((f) => !known.includes(f));
  if (strict && unknown) {
    throw new FhirHttpError(400, `Unknown search parameter "${unknown.code}" for ${request.resourceType}`);
  }
  const badInclude = [...(request.include ?? []), ...(request.revInclude ?? [])].find(
    (t) => !searchParameter(t.resourceType, t.searchParam),
  );
  if (strict && badInclude) {
    throw new FhirHttpError(
      400,
      `Unknown search parameter in _include/_revinclude: ${badInclude.searchParam}`,
    );
  }
  return known;
}

/**
 * Medplum compares reference values as literal `Type/id` strings, so `patient=123` (the form SMART
 * apps send) and absolute URLs would match nothing: each becomes every relative form it can mean.
 */
function withRelativeReferences(resourceType: string, filter: Filter, baseUrl: string): Filter {
  const definition = searchParameter(resourceType, filter.code);
  if (definition?.type !== 'reference' || filter.operator === 'missing') {
    return filter;
  }
  const values = filter.value.split(',').flatMap((raw) => {
    const value = raw.startsWith(`${baseUrl}/`) ? raw.slice(baseUrl.length + 1) : raw;
    return value.includes('/') || value === ''
      ? [value]
      : (definition.target ?? []).map((t) => `${t}/${value}`);
  });
  return { ...filter, value: values.join(',') };
}

function nonNegative(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new FhirHttpError(400, `${name} must be a non-negative integer`);
  }
  return value;
}

/** A client's search as the store runs it: known criteria, references made relative, a bounded page. */
export function shapeSearch<T extends SearchRequest>(request: T, baseUrl: string, strict: boolean): T {
  return {
    ...request,
    filters: knownFilters(request, strict).map((f) =>
      withRelativeReferences(request.resourceType, f, baseUrl),
    ),
    count: Math.min(nonNegative(request.count, '_count', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE),
    offset: nonNegative(request.offset, '_offset', 0),
  };
}

/** A search run to find the target of a conditional interaction: every criterion must count. */
export function requireCriteria(request: SearchRequest): void {
  const unknown = (request.filters ?? []).find((f) => !searchParameter(request.resourceType, f.code));
  if (unknown || !request.filters?.length) {
    throw new FhirHttpError(
      400,
      unknown
        ? `Unknown search parameter "${unknown.code}" in a conditional ${request.resourceType} request`
        : `A conditional ${request.resourceType} request needs search criteria`,
    );
  }
}

/**
 * Links carry the applied criteria plus `_count`/`_offset`, so a follow-up page is just another
 * search — no server-side cursor state to expire or leak between sessions.
 */
export function pageLinks(baseUrl: string, request: SearchRequest, total: number): BundleLink[] {
  const count = request.count ?? DEFAULT_PAGE_SIZE;
  const offset = request.offset ?? 0;
  const url = (at: number): string =>
    `${baseUrl}/${request.resourceType}${formatSearchQuery({ ...request, offset: at }) || '?'}`;
  const links: BundleLink[] = [{ relation: 'self', url: url(offset) }];
  if (count > 0) {
    links.push({ relation: 'first', url: url(0) });
    if (offset > 0) {
      links.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
    }
    if (offset + count < total) {
      links.push({ relation: 'next', url: url(offset + count) });
    }
  }
  return links;
}

/** The `Type/id` references an `_include` follows from the page's resources. */
export function includedReferences(page: readonly Resource[], target: IncludeTarget): string[] {
  const expression = searchParameter(target.resourceType, target.searchParam)?.expression;
  const references = new Set<string>();
  for (const resource of page) {
    if (resource.resourceType !== target.resourceType || !expression) {
      continue;
    }
    for (const value of evalFhirPath(expression, resource)) {
      const reference = (value as { reference?: unknown } | null)?.reference;
      if (
        typeof reference === 'string' &&
        (!target.targetType || reference.startsWith(`${target.targetType}/`))
      ) {
        references.add(reference);
      }
    }
  }
  return [...references];
}
