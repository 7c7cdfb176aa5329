/**
 * Three-way merge after a 412: what the user changed (base → mine) is laid over what someone else
 * saved meanwhile (base → theirs). Top-level elements are the unit: a field both sides changed
 * differently is a conflict the user decides; nothing is ever dropped silently.
 */
import type { FhirResource } from 'fhir/r4';

export interface FieldConflict {
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult<T extends FhirResource> {
  /** Theirs plus my non-conflicting changes, carrying their version (ready for If-Match). */
  merged: T;
  conflicts: FieldConflict[];
}

/** Elements the server owns: never merged from the client. */
const SERVER_OWNED = new Set(['meta', 'id', 'resourceType', 'text']);

/** Equal as JSON values, whatever order their keys were written in. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Key order must not make equal JSON look different. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export function threeWayMerge<T extends FhirResource>(base: T, mine: T, theirs: T): MergeResult<T> {
  const merged = structuredClone(theirs) as Record<string, unknown>;
  const conflicts: FieldConflict[] = [];
  const b = base as unknown as Record<string, unknown>;
  const m = mine as unknown as Record<string, unknown>;
  const t = theirs as unknown as Record<string, unknown>;
  const fields = new Set([...Object.keys(b), ...Object.keys(m), ...Object.keys(t)]);
  for (const field of fields) {
    if (SERVER_OWNED.has(field)) continue;
    const iChanged = !same(b[field], m[field]);
    const theyChanged = !same(b[field], t[field]);
    if (!iChanged) continue;
    if (!theyChanged || same(m[field], t[field])) {
      if (m[field] === undefined) delete merged[field];
      else merged[field] = structuredClone(m[field]);
    } else {
      conflicts.push({ field, base: b[field], mine: m[field], theirs: t[field] });
    }
  }
  return { merged: merged as unknown as T, conflicts };
}

/** Applies the user's choice for each conflict ('mine' or 'theirs'; theirs is already in `merged`). */
export function resolve<T extends FhirResource>(
  result: MergeResult<T>,
  choices: Record<string, 'mine' | 'theirs'>,
): T {
  const out = structuredClone(result.merged) as unknown as Record<string, unknown>;
  for (const c of result.conflicts) {
    if (choices[c.field] !== 'mine') continue;
    if (c.mine === undefined) delete out[c.field];
    else out[c.field] = structuredClone(c.mine);
  }
  return out as unknown as T;
}
