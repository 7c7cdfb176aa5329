/**
 * "Why this came up", readable: each piece of a prompt's evidence (`Type/id`) as a chart would show
 * it — the entry's name, its value with units, its calendar date — rather than a code and an ISO
 * string. The parts stay data so the UI formats the date and the words in its own language; the
 * patient's own entry reads as the facts the rules used (age).
 */
import type { CodeableConcept, FhirResource, Medication, Observation, Quantity, Resource } from 'fhir/r4';
import type { CodeSets } from './codes';

/** All that describing evidence asks of the code sets: a list name for a bare code. */
export type CodeNames = Pick<CodeSets, 'nameOf'>;
import { ageInYears, parseDay } from './dates';
import { localRef } from '../fhir/references';
import { recordAnchor } from '../record/anchors';

export type EvidencePart =
  | {
      kind: 'entry';
      reference: string;
      resourceType: string;
      /** The record's words for the entry (or an ingredient's name for a bare RxNorm code). */
      name?: string;
      /** A bare code the record gives no words for, and the code list the rules know it from. */
      code?: { code: string; list?: string };
      /** A result with its unit ("7.2 %", "150/90 mmHg") or its coded/text answer. */
      value?: string;
      /** Calendar date as recorded, `YYYY-MM-DD` (or shorter when the record is partial). */
      date?: string;
      /** The id of the element that shows this entry on screen, when the app shows it. */
      anchor?: string;
    }
  | { kind: 'patient'; reference: string; age?: number }
  /** Not in the record the app holds (e.g. not granted): only the reference is known. */
  | { kind: 'missing'; reference: string };

interface Named {
  name?: string;
  code?: { code: string; list?: string };
}

/**
 * The record's own words for a concept. A bare code is never dressed up as a diagnosis: it stays a
 * code, with the name of the code list it is in as context (a list name is a category).
 */
function named(cc: CodeableConcept | undefined, codes: CodeNames | undefined): Named {
  if (!cc) return {};
  if (cc.text?.trim()) return { name: cc.text.trim() };
  const shown = cc.coding?.find((c) => c.display?.trim())?.display?.trim();
  if (shown) return { name: shown };
  const coded = cc.coding?.filter((c) => c.code?.trim()) ?? [];
  const lists = coded.map((c) => (codes ? codes.nameOf(c.system, c.code as string) : undefined));
  const exact = lists.find((l) => l?.exact);
  if (exact) return { name: exact.name };
  const first = coded[0]?.code?.trim();
  if (!first) return {};
  const list = lists.find((l) => l !== undefined)?.name;
  return { code: list ? { code: first, list } : { code: first } };
}

function text(cc: CodeableConcept | undefined, codes: CodeNames | undefined): string | undefined {
  const n = named(cc, codes);
  return n.name ?? n.code?.code;
}

const UNIT_WORDS: Record<string, string> = { 'mm[Hg]': 'mmHg', '[in_i]': 'in', '[lb_av]': 'lb' };

function unitText(q: Quantity): string {
  const unit = q.unit ?? q.code ?? '';
  // UCUM annotations ({T-score}, {drinks}/d) read as their words.
  return UNIT_WORDS[unit] ?? unit.replace(/[{}]/g, '');
}

function quantity(q: Quantity | undefined): string | undefined {
  if (q?.value === undefined) return undefined;
  const unit = unitText(q);
  return `${q.comparator ?? ''}${q.value}${unit ? (unit === '%' ? ' %' : ` ${unit}`) : ''}`;
}

function observationValue(o: Observation, codes: CodeNames | undefined): string | undefined {
  const own =
    quantity(o.valueQuantity) ??
    text(o.valueCodeableConcept, codes) ??
    o.valueString ??
    (o.valueBoolean !== undefined ? String(o.valueBoolean) : undefined) ??
    (o.valueInteger !== undefined ? String(o.valueInteger) : undefined);
  if (own !== undefined) return own;
  // A panel (blood pressure): its component values, "150/90 mmHg".
  const parts = (o.component ?? [])
    .map((c) => c.valueQuantity)
    .filter((q): q is Quantity => q?.value !== undefined);
  if (parts.length === 0) return undefined;
  const units = new Set(parts.map(unitText));
  return units.size === 1
    ? `${parts.map((q) => q.value).join('/')} ${[...units][0] ?? ''}`.trim()
    : parts.map(quantity).join(', ');
}

function medication(
  r: {
    medicationCodeableConcept?: CodeableConcept;
    medicationReference?: { reference?: string; display?: string };
    contained?: Resource[];
  },
  find: (ref: string) => FhirResource | undefined,
  codes: CodeNames | undefined,
): Named {
  if (r.medicationCodeableConcept) return named(r.medicationCodeableConcept, codes);
  const ref = r.medicationReference?.reference;
  const med = ref?.startsWith('#')
    ? r.contained?.find((c): c is Medication => c.resourceType === 'Medication' && `#${c.id ?? ''}` === ref)
    : ref
      ? find(ref)
      : undefined;
  const own = med?.resourceType === 'Medication' ? named(med.code, codes) : {};
  if (own.name) return own;
  return r.medicationReference?.display ? { name: r.medicationReference.display } : own;
}

/** The first of several concepts that names anything (an encounter's reason, else its type). */
function firstNamed(concepts: readonly (CodeableConcept | undefined)[], codes: CodeNames | undefined): Named {
  const all = concepts.map((cc) => named(cc, codes));
  return all.find((n) => n.name) ?? all.find((n) => n.code) ?? {};
}

interface Described extends Named {
  value?: string;
  date?: string;
}

/** What the entry is called, its value and when it happened, by resource type. */
function entry(
  r: FhirResource,
  find: (ref: string) => FhirResource | undefined,
  codes: CodeNames | undefined,
): Described {
  switch (r.resourceType) {
    case 'Condition':
      return { ...named(r.code, codes), date: r.onsetDateTime ?? r.onsetPeriod?.start ?? r.recordedDate };
    case 'Observation':
      return {
        ...named(r.code, codes),
        value: observationValue(r, codes),
        date: r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.effectiveInstant ?? r.issued,
      };
    case 'MedicationRequest':
      return { ...medication(r, find, codes), date: r.authoredOn };
    case 'MedicationStatement':
      return {
        ...medication(r, find, codes),
        date: r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.dateAsserted,
      };
    case 'Procedure':
      return {
        ...named(r.code, codes),
        date: r.performedDateTime ?? r.performedPeriod?.start ?? r.performedPeriod?.end,
      };
    case 'ServiceRequest':
      return {
        ...named(r.code, codes),
        date: r.occurrenceDateTime ?? r.occurrencePeriod?.start ?? r.authoredOn,
      };
    case 'Encounter':
      return {
        ...firstNamed([...(r.reasonCode ?? []), ...(r.type ?? []), r.serviceType], codes),
        date: r.period?.start,
      };
    case 'DiagnosticReport':
      return {
        ...named(r.code, codes),
        value: r.conclusion,
        date: r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued,
      };
    case 'ImagingStudy': {
      const n = firstNamed(r.procedureCode ?? [], codes);
      return { ...(n.name || !r.description ? n : { name: r.description }), date: r.started };
    }
    case 'AllergyIntolerance':
      return { ...named(r.code, codes), date: r.onsetDateTime ?? r.recordedDate };
    case 'DocumentReference': {
      const n = named(r.type, codes);
      return { ...(n.name || !r.description ? n : { name: r.description }), date: r.date };
    }
    case 'Goal':
      return { ...named(r.description, codes), date: r.startDate };
    case 'CarePlan':
      return { ...(r.title ? { name: r.title } : {}), date: r.period?.start ?? r.created };
    default:
      return {};
  }
}

export interface EvidenceOptions {
  /** The evaluation date, `YYYY-MM-DD`: the patient's age is the one the rules used. */
  today: string;
  /** With the code sets, an entry with a bare code is named by the code list it is in. */
  codes?: CodeNames;
}

/** Index of a record by `Type/id`, for describing several references. */
export function evidenceLookup(
  resources: readonly Resource[],
): (reference: string) => FhirResource | undefined {
  const byRef = new Map<string, FhirResource>();
  // Records come in as the base Resource (the CLI's parsed JSON); describing narrows by resourceType.
  for (const r of resources as readonly FhirResource[]) if (r.id) byRef.set(`${r.resourceType}/${r.id}`, r);
  return (reference) => {
    const key = localRef(reference);
    return key ? byRef.get(key) : undefined;
  };
}

/** One piece of evidence, readable. Dropping empty fields keeps the parts easy to compare and print. */
export function describeEvidence(
  reference: string,
  find: (reference: string) => FhirResource | undefined,
  { today, codes }: EvidenceOptions,
): EvidencePart {
  const r = find(reference);
  if (!r) return { kind: 'missing', reference };
  if (r.resourceType === 'Patient') {
    const birth = parseDay(r.birthDate);
    const t = parseDay(today);
    return birth !== undefined && t !== undefined && /^\d{4}-\d{2}-\d{2}/.test(r.birthDate ?? '')
      ? { kind: 'patient', reference, age: ageInYears(birth, t) }
      : { kind: 'patient', reference };
  }
  const { name, code, value, date } = entry(r, find, codes);
  const anchor = r.id ? recordAnchor(r.resourceType, r.id) : undefined;
  return {
    kind: 'entry',
    reference,
    resourceType: r.resourceType,
    ...(name ? { name } : code ? { code } : {}),
    ...(value ? { value } : {}),
    ...(date ? { date: date.slice(0, 10) } : {}),
    ...(anchor ? { anchor } : {}),
  };
}
