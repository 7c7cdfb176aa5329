/**
 * Visits every `Reference.reference` string inside a JSON value (resources, contained resources,
 * extensions) and replaces it with what `map` returns; `undefined` keeps the original. Mutates in
 * place: callers pass their own copies.
 */
export function rewriteReferences(
  value: unknown,
  map: (reference: string, holder: Readonly<Record<string, unknown>>) => string | undefined,
): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      rewriteReferences(item, map);
    }
    return;
  }
  if (typeof value !== 'object' || value === null) {
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    if (key === 'reference' && typeof child === 'string') {
      const replacement = map(child, record);
      if (replacement !== undefined) {
        record[key] = replacement;
      }
    } else if (typeof child === 'object' && child !== null) {
      rewriteReferences(child, map);
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
