/**
 * What of the record the rules can read, as a test on one resource: the narrowed reads of
 * RULE_INPUTS (./reads.ts: the searches whose union holds every Observation or DiagnosticReport a
 * rule or the stated-priorities reader can match), applied to resources already fetched. The app
 * uses it to hand the prompt worker only those (on a big record, 2,400 of 20,000 Observations), so
 * copying the record to the worker stays short; whatever it leaves out cannot change a prompt.
 *
 * It is looser than the searches, never narrower: a code matches in any system, in any of the
 * fields the searches look at (code, component code, category), compared without dots and case;
 * a resource with no coding in those fields is kept.
 */
import type { FhirResource } from 'fhir/r4';
import type { CompiledCodes } from './codes';
import { looseCode, narrowedCodes } from './reads';

/** Plain data, so it can be built where the code sets are loaded and sent to where the record is. */
export interface ReadFilter {
  /** Per narrowed resource type: loose codes, and systems every code of which is read. */
  types: Record<string, { codes: string[]; systems: string[] }>;
}

/** The narrowed searches' codes and systems (reads.ts narrowedCodes) as plain, sorted data. */
export function readFilter(data: CompiledCodes): ReadFilter {
  const types: ReadFilter['types'] = {};
  for (const [type, { codes, systems }] of narrowedCodes(data))
    types[type] = { codes: [...codes].sort(), systems: [...new Set(systems)].sort() };
  return { types };
}

interface Coded {
  coding?: { system?: string; code?: string }[];
}

/** The coded fields a narrowed search can look at, on any resource type. */
function codedFields(r: FhirResource): (Coded | undefined)[] {
  const o = r as { code?: Coded; category?: Coded[] | Coded; component?: { code?: Coded }[] };
  const category = Array.isArray(o.category) ? o.category : [o.category];
  return [o.code, ...category, ...(o.component ?? []).map((c) => c.code)];
}

/**
 * A compiled filter: whether the rules could read `r` at all. Unlike reads.ts `mayBeRead` (the
 * CLI's, which looks for a code anywhere in a resource and passes over one with none), it looks only
 * at the fields the searches look at and keeps a resource with no coding in them.
 */
export function compileReadFilter(filter: ReadFilter): (r: FhirResource) => boolean {
  const compiled = new Map(
    Object.entries(filter.types).map(([type, t]) => [
      type,
      { codes: new Set(t.codes), systems: new Set(t.systems) },
    ]),
  );
  return (r) => {
    const t = compiled.get(r.resourceType);
    if (!t) return true;
    let coded = false;
    for (const field of codedFields(r)) {
      for (const c of field?.coding ?? []) {
        if (c.system && t.systems.has(c.system)) return true;
        if (typeof c.code !== 'string') continue;
        coded = true;
        if (t.codes.has(looseCode(c.code))) return true;
      }
    }
    return !coded;
  };
}
