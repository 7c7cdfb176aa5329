/**
 * What a search filter means, as R4 search.html defines it, compiled once per search and run on
 * every candidate. Medplum's matcher (pinned at 4.5.2) is written for subscriptions, not for a
 * server a client trusts: a string matches anywhere in the value whatever the modifier, a date `eq`
 * matches any overlap, modifiers it does not know (`:in`, `:below`, `:identifier`) quietly match
 * nothing or everything, and number, quantity and composite parameters never match at all. A client
 * reading such an answer cannot tell it from "there is no such data".
 *
 * So here: the string, uri, date, token and reference meanings are the spec's; a modifier this
 * server does not implement is refused (400), as R4 requires of an unsupported modifier; and a
 * parameter type it does not implement is not offered (the CapabilityStatement leaves it out) and is
 * treated as an unknown parameter: dropped from the search and its `self` link, or a 400 under
 * `Prefer: handling=strict`.
 */
import {
  getSearchParameters,
  evalFhirPathTyped,
  type Filter,
  type FhirPathAtom,
  Operator,
  parseFhirPath,
  type SearchRequest,
  splitSearchOnComma,
  type TypedValue,
  toTypedValue,
} from '@medplum/core';
import type { Resource, SearchParameter } from '@medplum/fhirtypes';
import { FhirHttpError } from './http';

export function searchParameter(resourceType: string, code: string): SearchParameter | undefined {
  return getSearchParameters(resourceType)?.[code];
}

/** The parameter types the sandbox searches on; the others are not offered. */
export const SEARCHABLE_TYPES: ReadonlySet<string> = new Set(['date', 'string', 'token', 'reference', 'uri']);

/** Per type, the modifiers a client may write after `:` (a reference's type is rewritten, below). */
const MODIFIERS: Record<string, readonly string[]> = {
  date: ['missing'],
  string: ['exact', 'contains', 'missing'],
  token: ['not', 'text', 'missing'],
  reference: ['missing'],
  uri: ['missing'],
};

/** R4's prefixes, which only ordered types take (of those, the sandbox searches dates). */
const DATE_PREFIXES = ['ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];

/** Per type, the operators implemented here: Medplum parses modifiers and prefixes into one. */
const OPERATORS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(MODIFIERS).map(([type, modifiers]) => [
    type,
    new Set(['eq', ...modifiers, ...(type === 'date' ? DATE_PREFIXES : [])]),
  ]),
);

function unsupported(code: string, modifier: string): FhirHttpError {
  return new FhirHttpError(
    400,
    `The "${code}" parameter has the modifier "${modifier}", which this server does not support`,
  );
}

/**
 * A search's parameters as the client wrote them, before Medplum parses them: its parser reads a
 * modifier it does not know as plain `=`, so `code:in=<ValueSet>` would search for a code spelled
 * like the ValueSet's URL and `subject:Group=1` for any subject with id 1. Unsupported modifiers
 * are refused here; a reference's type modifier becomes the typed value R4 says it means
 * (`subject:Patient=23` is `subject=Patient/23`).
 */
export function normalizeSearchParams(
  resourceType: string,
  query: Record<string, string[]>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(query)) {
    const colon = key.indexOf(':');
    const code = colon < 0 ? key : key.slice(0, colon);
    const modifier = colon < 0 ? '' : key.slice(colon + 1);
    const definition = searchParameter(resourceType, code);
    // Unknown, chained and not-offered parameters are the lenient path's to drop (search.ts).
    if (!modifier || !definition || !SEARCHABLE_TYPES.has(definition.type)) {
      (out[key] ??= []).push(...values);
    } else if (
      definition.type === 'reference' &&
      ((definition.target ?? []) as readonly string[]).includes(modifier)
    ) {
      const typed = values.map((value) =>
        splitSearchOnComma(value)
          .map((v) => (v.includes('/') ? v : `${modifier}/${v}`))
          .join(','),
      );
      (out[code] ??= []).push(...typed);
    } else if (MODIFIERS[definition.type]?.includes(modifier)) {
      (out[key] ??= []).push(...values);
    } else {
      throw unsupported(code, modifier);
    }
  }
  return out;
}

/**
 * Whether a parsed filter is one this server answers: `true`, `false` for a parameter it does not
 * offer (the caller treats it as unknown), or a 400 for an operator it does not implement.
 */
export function answerable(resourceType: string, filter: Filter): boolean {
  const definition = searchParameter(resourceType, filter.code);
  if (!definition || !SEARCHABLE_TYPES.has(definition.type)) {
    return false;
  }
  if (OPERATORS[definition.type]?.has(String(filter.operator))) {
    return true;
  }
  throw unsupported(filter.code, String(filter.operator));
}

/** Each FHIRPath expression parsed once; Medplum's matcher parses it again for every resource. */
const parsedExpressions = new Map<string, FhirPathAtom>();

export function evaluate(expression: string, resource: Resource): TypedValue[] {
  let parsed = parsedExpressions.get(expression);
  if (!parsed) {
    parsed = parseFhirPath(expression);
    parsedExpressions.set(expression, parsed);
  }
  return evalFhirPathTyped(parsed, [toTypedValue(resource)]);
}

type Test = (resource: Resource) => boolean;

/** A search's filters as one test, each compiled once for the whole scan. */
export function compileFilters(request: SearchRequest): Test {
  const tests = (request.filters ?? []).map((filter) => compileFilter(request.resourceType, filter));
  return (resource) =>
    resource.resourceType === request.resourceType && tests.every((test) => test(resource));
}

function compileFilter(resourceType: string, filter: Filter): Test {
  const definition = searchParameter(resourceType, filter.code);
  const expression = definition?.expression;
  if (!definition || !expression) {
    // Searches reach here already shaped: an unknown parameter was dropped or refused before.
    return () => false;
  }
  const values = (resource: Resource) => evaluate(expression, resource);
  if (filter.operator === Operator.MISSING) {
    const missing = filter.value === 'true';
    return (resource) => (values(resource).length === 0) === missing;
  }
  switch (definition.type) {
    case 'token':
      if (filter.operator === Operator.TEXT) {
        return stringTest(filter.value, 'eq', (r) => tokenTexts(values(r)));
      }
      return negatable(tokenTest(filter.code, expression, filter.value), filter.operator === Operator.NOT);
    case 'reference':
      return referenceTest(filter, (r) => referenceStrings(values(r)));
    case 'string':
      return stringTest(filter.value, String(filter.operator), (r) => stringParts(values(r)));
    case 'uri': {
      const wanted = new Set(splitSearchOnComma(filter.value));
      return (resource) => values(resource).some((v) => typeof v.value === 'string' && wanted.has(v.value));
    }
    case 'date':
      return dateTest(filter, (r) => values(r).flatMap((v) => dateRanges(v.value)));
    default:
      return () => false;
  }
}

function negatable(test: Test, negated: boolean): Test {
  return negated ? (resource) => !test(resource) : test;
}

// --- token -------------------------------------------------------------------------------------

interface Token {
  system?: string;
  value?: string;
}

/**
 * The codes a token parameter matches: a Coding's system and code, an Identifier's (or a
 * ContactPoint's) system and value, or a plain code, string or boolean. Medplum's token list also
 * holds a CodeableConcept's text and a Coding's display, so `code=HbA1c` matched an Observation
 * whose only code is LOINC 4548-4; text is what `:text` searches, never a code.
 */
function tokensFrom(values: readonly TypedValue[]): Token[] {
  const out: Token[] = [];
  const add = (system: unknown, value: unknown) => {
    if (typeof value === 'string')
      out.push({ system: typeof system === 'string' ? system : undefined, value });
  };
  for (const { type, value } of values) {
    if (typeof value === 'string' || typeof value === 'boolean') {
      out.push({ value: String(value) });
      continue;
    }
    const v = value as { coding?: unknown; system?: unknown; code?: unknown; value?: unknown } | null;
    if (typeof v !== 'object' || v === null) continue;
    if (type === 'CodeableConcept' || Array.isArray(v.coding)) {
      for (const c of (v.coding ?? []) as { system?: unknown; code?: unknown }[]) add(c.system, c.code);
    } else if (type === 'Coding') {
      add(v.system, v.code);
    } else {
      add(v.system, v.value);
    }
  }
  return out;
}

/**
 * Each stored object's searchable tokens, per search parameter, worked out once. Stored objects are
 * frozen and replaced on every change, so an entry can never go stale.
 */
const tokenCache = new WeakMap<Resource, Map<string, readonly Token[]>>();

function tokensOf(resource: Resource, code: string, expression: string): readonly Token[] {
  let byCode = tokenCache.get(resource);
  if (!byCode) {
    byCode = new Map();
    tokenCache.set(resource, byCode);
  }
  let tokens = byCode.get(code);
  if (!tokens) {
    tokens = tokensFrom(evaluate(expression, resource));
    byCode.set(code, tokens);
  }
  return tokens;
}

/** A sandbox-private separator, so `system` + `code` pairs cannot run into each other. */
const PAIR = '\u0000';

/**
 * A token filter (`code`, `system|code`, `system|`, `|code`) against tokens worked out once per
 * stored object and the filter's values split once. An app's search for the rules' 200 codes over
 * 20,000 Observations cost Medplum's matcher about 900 ms: FHIRPath parsed again and every value
 * lowercased again for every resource. Unlike Medplum's matcher, system and code match
 * case-sensitively, as R4 search.html (token) requires: "Match is case sensitive" — `category=Survey`
 * is not `survey`, and an If-None-Exist identifier differing in case is another identifier.
 */
function tokenTest(param: string, expression: string, value: string): Test {
  const plain = new Set<string>();
  const noSystem = new Set<string>();
  const systems = new Set<string>();
  const pairs = new Set<string>();
  for (const filterValue of splitSearchOnComma(value)) {
    if (!filterValue.includes('|')) {
      plain.add(filterValue);
      continue;
    }
    const [system = '', code = ''] = filterValue.split('|');
    if (!system && code) noSystem.add(code);
    else if (system && !code) systems.add(system);
    else if (system) pairs.add(`${system}${PAIR}${code}`);
  }
  return (resource) =>
    tokensOf(resource, param, expression).some((token) => {
      const v = token.value;
      const sys = token.system;
      if (v !== undefined && (plain.has(v) || (!token.system && noSystem.has(v)))) return true;
      return sys !== undefined && (systems.has(sys) || (v !== undefined && pairs.has(`${sys}${PAIR}${v}`)));
    });
}

/** `:text` searches "CodeableConcept.text, Coding.display, or Identifier.type.text" (R4 search.html). */
function tokenTexts(values: readonly TypedValue[]): string[] {
  const out: string[] = [];
  for (const { value } of values) {
    const v = value as {
      text?: unknown;
      display?: unknown;
      coding?: { display?: unknown }[];
      type?: { text?: unknown };
    } | null;
    if (typeof v !== 'object' || v === null) continue;
    for (const text of [v.text, v.display, v.type?.text, ...(v.coding ?? []).map((c) => c.display)]) {
      if (typeof text === 'string') out.push(text);
    }
  }
  return out;
}

// --- reference ---------------------------------------------------------------------------------

/** A reference parameter's values as `Type/id` strings: a string, a Reference, or a resource. */
export function referenceStrings(values: readonly TypedValue[]): string[] {
  return values.flatMap(({ value }) => {
    const v = value as { reference?: unknown; resourceType?: unknown; id?: unknown } | string | null;
    if (typeof v === 'string') return [v];
    if (typeof v?.reference === 'string') return [v.reference];
    if (typeof v?.resourceType === 'string' && typeof v.id === 'string') return [`${v.resourceType}/${v.id}`];
    return [];
  });
}

/** Values arrive as relative `Type/id` forms (search.ts); an empty value asks for no reference. */
function referenceTest(filter: Filter, of: (resource: Resource) => string[]): Test {
  if (filter.value === '') {
    return (resource) => of(resource).length === 0;
  }
  const wanted = new Set(splitSearchOnComma(filter.value));
  return (resource) => of(resource).some((reference) => wanted.has(reference));
}

// --- string ------------------------------------------------------------------------------------

/** The strings a string parameter searches: a HumanName or Address is searched part by part. */
function stringParts(values: readonly TypedValue[]): string[] {
  const out: string[] = [];
  const add = (x: unknown) => {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach(add);
  };
  for (const { value } of values) {
    if (typeof value === 'string') {
      out.push(value);
      continue;
    }
    const v = value as Record<string, unknown> | null;
    if (typeof v !== 'object' || v === null) continue;
    for (const part of ['text', 'family', 'given', 'prefix', 'suffix']) add(v[part]);
    for (const part of ['line', 'city', 'district', 'state', 'postalCode', 'country']) add(v[part]);
  }
  return out;
}

/** "Normalized by case and accent" (R4 search.html, string): lower case, diacritics removed. */
function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * R4 string search: by default a value matches when it equals or starts with the search text, both
 * normalized; `:contains` anywhere in the value; `:exact` the whole value, case and accents as given.
 */
function stringTest(value: string, operator: string, of: (resource: Resource) => string[]): Test {
  const wanted = splitSearchOnComma(value);
  if (operator === Operator.EXACT) {
    const exact = new Set(wanted);
    return (resource) => of(resource).some((s) => exact.has(s));
  }
  const needles = wanted.map(normalize);
  const contains = operator === Operator.CONTAINS;
  return (resource) =>
    of(resource).some((s) => {
      const hay = normalize(s);
      return needles.some((n) => (contains ? hay.includes(n) : hay.startsWith(n)));
    });
}

// --- date --------------------------------------------------------------------------------------

/** A range of instants in ms, `lo` inclusive and `hi` exclusive. */
interface Range {
  lo: number;
  hi: number;
}

const DATE_FORM =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The instants a FHIR date, dateTime or instant stands for, at its own precision: `2026` is the
 * whole year, `2026-03-01T10:00Z` that minute. A date without a zone is read as UTC, the server's
 * zone (R4 leaves that choice to the server).
 */
export function precisionRange(text: string): Range | undefined {
  const m = DATE_FORM.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const offsetMs = zoneOffsetMs(zone);
  const at = (month: number, day: number, hour: number, minute: number, second: number, ms: number) =>
    Date.UTC(year, month, day, hour, minute, second, ms) - offsetMs;
  if (mo === undefined) return { lo: at(0, 1, 0, 0, 0, 0), hi: at(12, 1, 0, 0, 0, 0) };
  const month = Number(mo) - 1;
  if (d === undefined) return { lo: at(month, 1, 0, 0, 0, 0), hi: at(month + 1, 1, 0, 0, 0, 0) };
  const day = Number(d);
  if (h === undefined) return { lo: at(month, day, 0, 0, 0, 0), hi: at(month, day + 1, 0, 0, 0, 0) };
  const hour = Number(h);
  const minute = Number(mi);
  if (s === undefined) {
    return { lo: at(month, day, hour, minute, 0, 0), hi: at(month, day, hour, minute + 1, 0, 0) };
  }
  const second = Number(s);
  if (frac === undefined) {
    return { lo: at(month, day, hour, minute, second, 0), hi: at(month, day, hour, minute, second + 1, 0) };
  }
  // Sub-millisecond digits are beyond what a Date holds: the range is that millisecond.
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  return { lo: at(month, day, hour, minute, second, ms), hi: at(month, day, hour, minute, second, ms + 1) };
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = zone.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes) * 60_000;
}

/** A date, dateTime, instant or Period value as one range; an open Period end is unbounded. */
function dateRanges(value: unknown): Range[] {
  if (typeof value === 'string') {
    const range = precisionRange(value);
    return range ? [range] : [];
  }
  const v = value as { start?: unknown; end?: unknown; event?: unknown } | null;
  if (typeof v !== 'object' || v === null) return [];
  if (Array.isArray(v.event)) {
    // A Timing is searched by its events.
    return v.event.flatMap((e) => dateRanges(e));
  }
  if (v.start === undefined && v.end === undefined) return [];
  const start = typeof v.start === 'string' ? precisionRange(v.start) : undefined;
  const end = typeof v.end === 'string' ? precisionRange(v.end) : undefined;
  return [{ lo: start?.lo ?? Number.NEGATIVE_INFINITY, hi: end?.hi ?? Number.POSITIVE_INFINITY }];
}

/**
 * R4 search.html's prefixes, where S is the search value's range and T the target's: `eq` S fully
 * contains T; `gt` the range above S overlaps T; `ge` that, or S contains T; `sa` T starts after S
 * ends; `ap` the ranges overlap once S is widened by a tenth of its distance from now.
 */
function dateTest(filter: Filter, of: (resource: Resource) => Range[]): Test {
  const searches = splitSearchOnComma(filter.value).map((text) => {
    const range = precisionRange(text);
    if (!range) {
      throw new FhirHttpError(400, `"${text}" is not a FHIR date for the "${filter.code}" parameter`);
    }
    return range;
  });
  const operator = String(filter.operator);
  const contains = (s: Range, t: Range) => s.lo <= t.lo && t.hi <= s.hi;
  const holds = (s: Range, t: Range): boolean => {
    switch (operator) {
      case 'ne':
        return !contains(s, t);
      case 'gt':
        return t.hi > s.hi;
      case 'lt':
        return t.lo < s.lo;
      case 'ge':
        return t.hi > s.hi || contains(s, t);
      case 'le':
        return t.lo < s.lo || contains(s, t);
      case 'sa':
        return t.lo >= s.hi;
      case 'eb':
        return t.hi <= s.lo;
      case 'ap': {
        const widen = Math.abs(Date.now() - (s.lo + s.hi) / 2) * 0.1;
        return t.lo < s.hi + widen && t.hi > s.lo - widen;
      }
      default:
        return contains(s, t);
    }
  };
  // Comma-separated values are alternatives; with several dates on a resource, any one will do.
  return (resource) => of(resource).some((t) => searches.some((s) => holds(s, t)));
}
