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
import { RULE_INPUTS, type RecordInput } from './inputs';
import { readsOf, searchTokens } from './reads';

/** Plain data, so it can be built where the code sets are loaded and sent to where the record is. */
export interface ReadFilter {
  /** Per narrowed resource type: loose codes, and systems every code of which is read. */
  types: Record<string, { codes: string[]; systems: string[] }>;
}

const loose = (code: string) => code.trim().replace(/\./g, '').toUpperCase();

/** `system|code`, `system|` or `code`, with FHIR's `\` escapes inside a part. */
function parseToken(token: string): { system?: string; code?: string } {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < token.length; i++) {
    const c = token[i]!;
    if (c === '\\' && i + 1 < token.length) part += token[++i]!;
    else if (c === '|') {
      parts.push(part);
      part = '';
    } else part += c;
  }
  parts.push(part);
  if (parts.length === 1) return { code: parts[0]! };
  const [system = '', code = ''] = parts;
  return code ? { code } : { system };
}

export function readFilter(data: CompiledCodes): ReadFilter {
  const types: ReadFilter['types'] = {};
  for (const input of RULE_INPUTS as readonly RecordInput[]) {
    const reads = readsOf(input);
    if (!reads) continue;
    const codes = new Set<string>();
    const systems = new Set<string>();
    for (const search of reads) {
      for (const token of searchTokens(search, data)) {
        const { system, code } = parseToken(token);
        if (code) codes.add(loose(code));
        else if (system) systems.add(system);
      }
    }
    types[input.resourceType] = { codes: [...codes].sort(), systems: [...systems].sort() };
  }
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

/** A compiled filter: whether the rules could read `r` at all. */
export function mayBeRead(filter: ReadFilter): (r: FhirResource) => boolean {
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
        if (t.codes.has(loose(c.code))) return true;
      }
    }
    return !coded;
  };
}
