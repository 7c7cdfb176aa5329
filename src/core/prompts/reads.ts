/**
 * What of a resource type the rules read, where that is much less than all of it. A patient's
 * Observations are mostly vital signs, labs and surveys no rule looks at (a 20-year Synthea record:
 * 700 kB, of which a CDS Hooks EHR would otherwise send every byte on every chart opening). Each
 * narrowed input lists the FHIR searches whose union holds every resource a rule — or the one reader
 * of stated priorities — can match; anything else of that type cannot change a prompt.
 *
 * The sets named here are the same keys the rules query the field with (rules/*.ts, facts.ts
 * `observations`/`servicesDone`), and the codes come from the compiled sets themselves, so a code
 * added to a set is searched for without touching this file. test/cds-hooks/narrowing.test.ts
 * records which sets every fixture's evaluation asks each narrowed field for and fails when one is
 * missing here, and checks that every fixture's prompts are the same over the narrowed record.
 *
 * Codes are searched without their system (`code=2093-3` matches it in any system): the engine also
 * accepts a code under the HL7 OID of its system (codes.ts), which a `system|code` search would miss.
 * A code with the same spelling in another system only brings back a resource the rules then ignore.
 */
import type { CompiledCodes } from './codes';
import { inputQuery, RULE_INPUTS, type RecordInput } from './inputs';
import { EXTRA, SPEC, VS } from './valuesets';
import { CG_EVISIT_RED_FLAG, LOINC } from '../fhir/vocabulary';
import { PREFERENCE_CATEGORY, PREFERENCE_CODES } from '../voice/priorities';
import { WHAT_MATTERS } from '../voice/vocabulary';

/** One search of a narrowed input: every resource whose `param` holds one of the codes (comma = OR). */
export interface NarrowSearch {
  /** The CDS Hooks prefetch key it is sent under. */
  key: string;
  /** A token search parameter of the resource type (FHIR R4). */
  param: 'code' | 'component-code' | 'category';
  /** Compiled code sets whose every code is searched for, in any system. */
  sets?: readonly string[];
  /** Tokens as FHIR writes them: a bare code, `system|code`, or `system|` for any code of a system. */
  tokens?: readonly string[];
}

/**
 * What is counted as a service done or ordered (§0.5: a result, a report, an imaging study, an
 * order): the sets rules pass to `servicesDone` / `orderedOrDoneRecently`.
 */
export const SERVICE_SETS: readonly string[] = [
  VS.pap,
  VS.hpv,
  EXTRA.r3Service,
  EXTRA.r6Imaging,
  VS.fobt,
  VS.sdnaFit,
  VS.ctColonography,
  VS.flexSig,
  VS.colonoscopy,
  EXTRA.r8Service,
  VS.psa,
  EXTRA.r9aService,
  VS.dxa,
  EXTRA.r9cService,
  EXTRA.r9dService,
  EXTRA.r9dObservation,
];

/** Vital signs and body measures read for their value or date (`observations` in the rules). */
const VITAL_SETS: readonly string[] = [
  VS.systolic,
  SPEC.dbp,
  SPEC.sbpStanding,
  SPEC.sbpSittingSupine,
  SPEC.bmi,
];

/** Labs and assessments read for their value or date (`observations` in the rules). */
const RESULT_SETS: readonly string[] = [
  VS.ldl,
  VS.hba1c,
  VS.parentHipFracture,
  SPEC.alcohol,
  SPEC.riskTool,
  EXTRA.acpProcedure,
  EXTRA.acpBilling,
  EXTRA.acpDocumentation,
  EXTRA.acpObservation,
];

/**
 * Results and services are two searches so that each URL stays under 2,000 characters, the
 * smallest request-line limit common servers and proxies keep. Vital signs are a third, apart from
 * the labs, so that each search of a long record fits one page (1,000, the most servers send): the
 * rules wait for a search's last page, and on a 20-year record LDL, HbA1c and BMI readings alone
 * passed 1,000, which cost the prompts a round trip for the last few.
 */
export const OBSERVATION_READS: readonly NarrowSearch[] = [
  { key: 'observationServices', param: 'code', sets: SERVICE_SETS },
  { key: 'observationVitals', param: 'code', sets: VITAL_SETS },
  {
    key: 'observations',
    param: 'code',
    sets: RESULT_SETS,
    tokens: [
      // What matters, as other apps write it (voice/priorities.ts).
      ...PREFERENCE_CODES,
      // An e-visit's red-flag answers (R6 reads the `lbp-` ones; the system is the narrowest search).
      `${CG_EVISIT_RED_FLAG}|`,
    ],
  },
  // Blood-pressure panels are found by their systolic component (R5), whatever the panel's own code.
  { key: 'observationComponents', param: 'component-code', sets: [VS.systolic] },
  {
    key: 'observationPriorities',
    param: 'category',
    tokens: [`${LOINC}|${PREFERENCE_CATEGORY}`, `${WHAT_MATTERS.system ?? ''}|${WHAT_MATTERS.code ?? ''}`],
  },
];

export const DIAGNOSTIC_REPORT_READS: readonly NarrowSearch[] = [
  { key: 'diagnosticReports', param: 'code', sets: SERVICE_SETS },
];

/** FHIR search escapes `,` `|` `$` `\` inside a value with a backslash. */
function escapeToken(code: string): string {
  return code.replace(/[\\,|$]/g, (c) => `\\${c}`);
}

/**
 * The search's token list, sorted so the URL is the same on every start. Throws for a set with
 * prefix codes (ICD-10 categories): a token search cannot say "starts with", so such a set can
 * only be read whole.
 */
export function searchTokens(search: NarrowSearch, data: CompiledCodes): string[] {
  const out = new Set<string>(search.tokens ?? []);
  for (const key of search.sets ?? []) {
    const set = data.sets[key];
    if (!set) throw new Error(`Unknown code set "${key}" in the ${search.key} search`);
    if (Object.values(set.p ?? {}).some(Boolean))
      throw new Error(`Code set "${key}" has prefix codes, which a ${search.param} search cannot match`);
    for (const codes of Object.values(set.c ?? {}))
      for (const code of (codes ?? '').split(' ')) if (code) out.add(escapeToken(code));
    // Ingredient codes join the medication sets they belong to (codes.ts does the same).
    for (const [rxcui, ing] of Object.entries(data.ingredients)) if (ing.s.includes(key)) out.add(rxcui);
  }
  return [...out].sort();
}

type InputKey = (typeof RULE_INPUTS)[number]['key'];

/**
 * The rule inputs the rules read only part of, and the searches whose union holds all of it. A CDS
 * Hooks service asks its EHR for those; the app reads them first, then everything; the CLI passes
 * over what none of them could find (`mayBeRead`). Kept apart from
 * RULE_INPUTS so the app page's first JavaScript, which reads that list, does not hold the code sets.
 */
const INPUT_READS: Readonly<Partial<Record<InputKey, readonly NarrowSearch[]>>> = {
  observations: OBSERVATION_READS,
  diagnosticReports: DIAGNOSTIC_REPORT_READS,
};

/** The narrowed searches of a rule input, or undefined when the rules may read any of it. */
export function readsOf(input: RecordInput): readonly NarrowSearch[] | undefined {
  return (INPUT_READS as Partial<Record<string, readonly NarrowSearch[]>>)[input.key];
}

/**
 * The top-level elements the service reads of each resource type, asked for with FHIR's `_elements`
 * so the EHR leaves out the rest (a long record's Encounters are mostly participants, providers and
 * identifiers no rule reads). A choice element is named without its type (`effective` is
 * `effectiveDateTime`, `effectivePeriod`, …), as `_elements` takes it. What a server that ignores
 * `_elements` sends is a superset, read the same way. test/cds-hooks/elements.test.ts finds with the
 * TypeScript checker every element the service's code can read of each type — on paths no fixture
 * takes too — and fails when one is missing here; a type read whole (spread, or indexed by a
 * variable key: MedicationRequest and ServiceRequest, as draft orders) has no list. The Patient is
 * read by id and kept whole.
 */
export const ELEMENTS_READ: Readonly<Partial<Record<string, readonly string[]>>> = {
  AllergyIntolerance: ['clinicalStatus', 'code', 'id', 'onset', 'recordedDate', 'verificationStatus'],
  CarePlan: ['activity', 'created', 'goal', 'id', 'intent', 'period', 'status', 'subject', 'title'],
  Condition: [
    'abatement',
    'category',
    'clinicalStatus',
    'code',
    'encounter',
    'id',
    'onset',
    'recordedDate',
    'subject',
    'verificationStatus',
  ],
  DiagnosticReport: ['code', 'conclusion', 'effective', 'id', 'issued', 'status'],
  DocumentReference: ['category', 'content', 'context', 'date', 'description', 'id', 'status', 'type'],
  Encounter: ['class', 'id', 'period', 'reasonCode', 'serviceType', 'status', 'type'],
  Goal: [
    'category',
    'description',
    'expressedBy',
    'extension',
    'id',
    'lifecycleStatus',
    'meta',
    'priority',
    'startDate',
    'statusDate',
    'subject',
    'target',
  ],
  ImagingStudy: ['description', 'id', 'procedureCode', 'started', 'status'],
  MedicationStatement: ['contained', 'dateAsserted', 'effective', 'id', 'medication', 'status', 'subject'],
  Observation: [
    'category',
    'code',
    'component',
    'effective',
    'focus',
    'id',
    'interpretation',
    'issued',
    'meta',
    'note',
    'status',
    'value',
  ],
  Procedure: ['code', 'id', 'performed', 'status', 'subject'],
};

/** FHIR asks a client to list the modifier elements too, so a server never drops what changes meaning. */
const MODIFIERS = ['implicitRules', 'modifierExtension'];

/** `&_elements=…` for a search of the type, or '' when the type is read whole. */
function elementsParam(resourceType: string): string {
  const read = ELEMENTS_READ[resourceType];
  return read ? `&_elements=${[...read, ...MODIFIERS].join(',')}` : '';
}

/**
 * Each narrowed input's searches as the query parameter that narrows them (`code=…`), in order:
 * what a search adds to the input's own query. The app reads them from reads.generated.json
 * (scripts/compile-reads.ts writes it from this), so its first JavaScript does not hold the code sets.
 */
export type NarrowedParams = Partial<Record<InputKey, string[]>>;

const narrowParam = (s: NarrowSearch, data: CompiledCodes) => `${s.param}=${searchTokens(s, data).join(',')}`;

export function narrowedParams(data: CompiledCodes): NarrowedParams {
  const out: NarrowedParams = {};
  for (const input of RULE_INPUTS) {
    const reads = readsOf(input);
    if (reads) out[input.key] = reads.map((s) => narrowParam(s, data));
  }
  return out;
}

/** One query a CDS Hooks prefetch key stands for, relative to the FHIR base. */
export interface InputSearch {
  key: string;
  input: RecordInput;
  query: string;
}

/**
 * The queries for the rule inputs, narrowed where the input's reads say how; any other input is its
 * one `inputQuery`, under its own key; a search asks for only the elements read. `patient` is put in
 * as `inputQuery` takes it.
 */
export function inputSearches(patient: string, data: CompiledCodes): InputSearch[] {
  return (RULE_INPUTS as readonly RecordInput[]).flatMap((input) => {
    const reads = readsOf(input);
    const elements = input.byId ? '' : elementsParam(input.resourceType);
    return reads
      ? reads.map((s) => ({
          key: s.key,
          input,
          query: `${inputQuery(input, patient)}&${narrowParam(s, data)}${elements}`,
        }))
      : [{ key: input.key, input, query: `${inputQuery(input, patient)}${elements}` }];
  });
}

/**
 * A code as loosely as the engine ever compares one: trimmed, without dots, in upper case — the
 * ICD-10 spelling (codes.ts `normalizeCode`), which only ever merges codes, never tells two apart
 * that the engine treats as one. Two codes the engine could match have the same loose form.
 */
export function looseCode(code: string): string {
  return code.trim().replace(/\./g, '').toUpperCase();
}

/** What a resource of a narrowed type must hold for one of its searches to find it. */
export interface NarrowedCodes {
  /** Every code the searches name, in its loose form. */
  readonly codes: ReadonlySet<string>;
  /** Systems searched for with any code (`system|`). */
  readonly systems: readonly string[];
}

/** A token of a search (escaped as FHIR writes it) → its system (undefined: any) and code. */
function splitToken(token: string): { system?: string; code: string } {
  const bar = /(?<!\\)\|/.exec(token);
  const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');
  return bar
    ? { system: unescape(token.slice(0, bar.index)), code: unescape(token.slice(bar.index + 1)) }
    : { code: unescape(token) };
}

/**
 * Per narrowed resource type, the codes and systems of its searches — what a reader of a whole
 * export (the prompts CLI) can test each resource against, so as not to read what no rule can.
 */
export function narrowedCodes(data: CompiledCodes): ReadonlyMap<string, NarrowedCodes> {
  const out = new Map<string, NarrowedCodes>();
  for (const input of RULE_INPUTS as readonly RecordInput[]) {
    const reads = readsOf(input);
    if (!reads) continue;
    const codes = new Set<string>();
    const systems: string[] = [];
    for (const search of reads)
      for (const token of searchTokens(search, data)) {
        const { system, code } = splitToken(token);
        if (code) codes.add(looseCode(code));
        else if (system) systems.push(system);
      }
    out.set(input.resourceType, { codes, systems });
  }
  return out;
}

/** mayBeRead per resource type: true for a type no search narrows (and for what is not a resource). */
export function readableBy(narrowed: ReadonlyMap<string, NarrowedCodes>): (resource: unknown) => boolean {
  return (resource) => {
    if (typeof resource !== 'object' || resource === null) return true;
    const codes = narrowed.get((resource as { resourceType?: unknown }).resourceType as string);
    return !codes || mayBeRead(resource, codes);
  };
}

/**
 * Whether a search of `narrowed` could find the resource: some `code` string anywhere in it has a
 * loose form among the codes, or some `system` is one searched whole. It looks at every element, not
 * only the searched ones (code, component.code, category), so it can be wrong only by keeping more.
 */
export function mayBeRead(resource: unknown, narrowed: NarrowedCodes): boolean {
  // Plain loops: this runs on every Observation of an export.
  const visit = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return false;
    if (Array.isArray(value)) {
      for (const item of value) if (visit(item)) return true;
      return false;
    }
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const child = object[key];
      if (typeof child === 'string') {
        if (key === 'code' && narrowed.codes.has(looseCode(child))) return true;
        if (key === 'system' && narrowed.systems.includes(child)) return true;
      } else if (visit(child)) return true;
    }
    return false;
  };
  return visit(resource);
}
