import {
  evalFhirPath,
  type Filter,
  formatSearchQuery,
  type IncludeTarget,
  type SearchRequest,
} from '@medplum/core';
import type { BundleLink, Resource } from '@medplum/fhirtypes';
import { FhirHttpError } from './http';
import { answerable, searchParameter } from './match';

export const DEFAULT_PAGE_SIZE = 50;
/**
 * The most a page holds, whatever `_count` asks (Medplum's own maximum). A larger `_count` gets
 * this many and a `next` link, so a client that follows links still reads everything.
 */
export const MAX_PAGE_SIZE = 1000;

/** Why a parameter the search names is not one it can use, for the 400 a strict client gets. */
function unknownMessage(resourceType: string, code: string): string {
  const definition = searchParameter(resourceType, code);
  return definition
    ? `This server does not search on ${definition.type} parameters ("${code}" for ${resourceType})`
    : `Unknown search parameter "${code}" for ${resourceType}`;
}

/**
 * Parameters this server does not offer drop out here (FHIR's lenient default), or are a 400 under
 * `handling=strict`; an unsupported modifier is a 400 either way (match.ts).
 */
function knownFilters(request: SearchRequest, strict: boolean): Filter[] {
  const filters = request.filters ?? [];
  const known = filters.filter((f) => answerable(request.resourceType, f));
  const unknown = filters.find((f) => !known.includes(f));
  if (strict && unknown) {
    throw new FhirHttpError(400, unknownMessage(request.resourceType, unknown.code));
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
  const unknown = (request.filters ?? []).find((f) => !answerable(request.resourceType, f));
  if (unknown || !request.filters?.length) {
    throw new FhirHttpError(
      400,
      unknown
        ? `${unknownMessage(request.resourceType, unknown.code)}, in a conditional request`
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
