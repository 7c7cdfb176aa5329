/**
 * Visits every `Reference.reference` string inside a JSON value (resources, contained resources,
 * extensions) and replaces it with what `map` returns; `undefined` keeps the original. `path` is
 * where the Reference sits, FHIRPath-like (`CarePlan.goal[1]`) when the walk starts at a resource.
 * Mutates in place: callers pass their own copies.
 */
export function rewriteReferences(
  value: unknown,
  map: (reference: string, holder: Readonly<Record<string, unknown>>, path: string) => string | undefined,
  path = typeof value === 'object' && value !== null && 'resourceType' in value
    ? String(value.resourceType)
    : '',
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => rewriteReferences(item, map, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) {
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    if (key === 'reference' && typeof child === 'string') {
      const replacement = map(child, record, path);
      if (replacement !== undefined) {
        record[key] = replacement;
      }
    } else if (typeof child === 'object' && child !== null) {
      rewriteReferences(child, map, `${path}.${key}`);
    }
  }
}

/** `Practitioner?identifier=sys|val` → { resourceType, query }; anything else → undefined. */
export function parseConditionalReference(
  reference: string,
): { resourceType: string; query: string } | undefined {
  const match = /^([A-Z][A-Za-z]+)\?(.+)$/.exec(reference);
  return match?.[1] && match[2] ? { resourceType: match[1], query: match[2] } : undefined;
}
