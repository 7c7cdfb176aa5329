/** What the banner, problem list and goal list show, derived from FHIR without any UI code. */
import type {
  CodeableConcept,
  Condition,
  Goal,
  GoalTarget as FhirGoalTarget,
  HumanName,
  Patient,
  Quantity,
  Range,
} from 'fhir/r4';

export function conceptText(cc: CodeableConcept | undefined): string | undefined {
  if (!cc) return undefined;
  if (cc.text?.trim()) return cc.text;
  const coding = cc.coding?.find((c) => c.display?.trim()) ?? cc.coding?.[0];
  return coding?.display ?? coding?.code;
}

function nameText(n: HumanName): string {
  if (n.text?.trim()) return n.text.trim();
  return [...(n.prefix ?? []), ...(n.given ?? []), n.family ?? '', ...(n.suffix ?? [])]
    .filter((p) => p && p.trim())
    .join(' ');
}

/** A person's name as the record gives it: a Patient's, or the Practitioner who signs a reply. */
export function personName(p: { name?: HumanName[] } | undefined): string | undefined {
  const names = p?.name ?? [];
  const n =
    names.find((x) => x.use === 'usual') ?? names.find((x) => x.use === 'official' || !x.use) ?? names[0];
  const text = n ? nameText(n) : '';
  return text || undefined;
}

/** Whole years between an ISO birth date and `on`; undefined for partial or missing dates. */
export function ageOn(birthDate: string | undefined, on: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < mo || (on.getUTCMonth() + 1 === mo && on.getUTCDate() < d)) age -= 1;
  return age;
}

const MRN_TYPE = 'MR';

export interface BannerFacts {
  name?: string;
  birthDate?: string;
  age?: number;
  /** FHIR administrative gender, or the US Core sex extension when gender is absent. */
  sex?: string;
  mrn?: string;
  deceased: boolean;
  /** BCP-47 tag of the preferred language, when the record says. */
  language?: string;
}

import { US_CORE_INDIVIDUAL_SEX, US_CORE_SEX } from '../fhir/vocabulary';
import { expressedByRelatedPerson, isOutcomeGoal, isPatientPriority } from '../voice/stated';

export function preferredLanguage(p: Patient | undefined): string | undefined {
  const comms = p?.communication ?? [];
  const c = comms.find((x) => x.preferred) ?? comms[0];
  return c?.language.coding?.find((x) => x.code)?.code ?? c?.language.text;
}

export function bannerFacts(p: Patient | undefined, today: Date): BannerFacts {
  const sexExt = p?.extension?.find((e) => e.url === US_CORE_SEX || e.url === US_CORE_INDIVIDUAL_SEX);
  const mrn =
    p?.identifier?.find((i) => i.type?.coding?.some((c) => c.code === MRN_TYPE)) ?? p?.identifier?.[0];
  const facts: BannerFacts = { deceased: Boolean(p?.deceasedBoolean || p?.deceasedDateTime) };
  const name = personName(p);
  if (name) facts.name = name;
  if (p?.birthDate) {
    facts.birthDate = p.birthDate;
    const age = ageOn(p.birthDate, today);
    if (age !== undefined) facts.age = age;
  }
  const sex = p?.gender ?? sexExt?.valueCode ?? sexExt?.valueCoding?.code;
  if (sex) facts.sex = sex;
  if (mrn?.value) facts.mrn = mrn.value;
  const lang = preferredLanguage(p);
  if (lang) facts.language = lang;
  return facts;
}

export type ConditionCategory = 'problem-list-item' | 'encounter-diagnosis' | 'health-concern' | 'other';

export interface ConditionRow {
  id: string;
  text: string;
  category: ConditionCategory;
  /** active | recurrence | relapse | inactive | remission | resolved | unknown */
  clinicalStatus: string;
  active: boolean;
  onset?: string;
  recorded?: string;
}

const ACTIVE_STATUSES = new Set(['active', 'recurrence', 'relapse']);

function conditionCategory(c: Condition): ConditionCategory {
  const codes = new Set((c.category ?? []).flatMap((cat) => cat.coding ?? []).map((x) => x.code));
  if (codes.has('problem-list-item')) return 'problem-list-item';
  if (codes.has('health-concern')) return 'health-concern';
  if (codes.has('encounter-diagnosis')) return 'encounter-diagnosis';
  return 'other';
}

export function conditionRow(c: Condition): ConditionRow {
  const clinicalStatus = c.clinicalStatus?.coding?.find((x) => x.code)?.code ?? 'unknown';
  const row: ConditionRow = {
    id: c.id ?? '',
    text: conceptText(c.code) ?? '(no description)',
    category: conditionCategory(c),
    clinicalStatus,
    // A Condition with no clinical status that is not refuted is shown as current: hiding it would be worse.
    active: clinicalStatus === 'unknown' ? !c.abatementDateTime : ACTIVE_STATUSES.has(clinicalStatus),
  };
  const onset = c.onsetDateTime ?? c.onsetPeriod?.start;
  if (onset) row.onset = onset;
  if (c.recordedDate) row.recorded = c.recordedDate;
  return row;
}

/** Current problems first, then by onset (newest first); stable for equal keys. */
export function problemList(conditions: Condition[]): ConditionRow[] {
  const verified = conditions.filter(
    (c) => !c.verificationStatus?.coding?.some((x) => x.code === 'entered-in-error' || x.code === 'refuted'),
  );
  return verified
    .map(conditionRow)
    .sort((a, b) => Number(b.active) - Number(a.active) || (b.onset ?? '').localeCompare(a.onset ?? ''));
}

export interface GoalTarget {
  measure?: string;
  detail?: string;
  due?: string;
}

export interface GoalRow {
  id: string;
  text: string;
  lifecycleStatus: Goal['lifecycleStatus'];
  /** Stated by the patient (or someone close to them), as opposed to a clinical goal. */
  patientStated: boolean;
  /** Stated by someone close to the patient (`expressedBy` a RelatedPerson): not the patient's words. */
  byRelatedPerson: boolean;
  highPriority: boolean;
  targets: GoalTarget[];
  /** `Condition/<id>` references this goal addresses. */
  addresses: string[];
  start?: string;
}

function quantityText(q: Quantity | undefined): string | undefined {
  if (q?.value === undefined) return undefined;
  const unit = q.unit ?? q.code ?? '';
  // The comparator is half the meaning: "< 8 %" is not "8 %".
  return `${q.comparator ? `${q.comparator} ` : ''}${q.value}${unit ? ` ${unit}` : ''}`;
}

function rangeText(r: Range | undefined): string | undefined {
  const low = quantityText(r?.low);
  const high = quantityText(r?.high);
  if (low && high) return `${low} – ${high}`;
  if (low) return `≥ ${low}`;
  if (high) return `≤ ${high}`;
  return undefined;
}

/** A target as words: what is measured, what it should be, and by when. */
export function targetText(t: FhirGoalTarget): GoalTarget {
  const target: GoalTarget = {};
  const measure = conceptText(t.measure);
  if (measure) target.measure = measure;
  const detail =
    quantityText(t.detailQuantity) ??
    rangeText(t.detailRange) ??
    t.detailString ??
    conceptText(t.detailCodeableConcept) ??
    (t.detailBoolean !== undefined ? String(t.detailBoolean) : undefined) ??
    (t.detailInteger !== undefined ? String(t.detailInteger) : undefined) ??
    ratioText(t.detailRatio);
  if (detail) target.detail = detail;
  const due = t.dueDate ?? (t.dueDuration ? quantityText(t.dueDuration) : undefined);
  if (due) target.due = due;
  return target;
}

function ratioText(r: FhirGoalTarget['detailRatio']): string | undefined {
  const n = quantityText(r?.numerator);
  const d = quantityText(r?.denominator);
  return n && d ? `${n} / ${d}` : undefined;
}

export function goalRow(g: Goal, patientId: string): GoalRow {
  const row: GoalRow = {
    id: g.id ?? '',
    text: conceptText(g.description) ?? '(no description)',
    lifecycleStatus: g.lifecycleStatus,
    patientStated: isPatientPriority(g, patientId),
    byRelatedPerson: expressedByRelatedPerson(g),
    highPriority: g.priority?.coding?.some((c) => c.code === 'high-priority') ?? false,
    targets: (g.target ?? []).map(targetText),
    addresses: (g.addresses ?? []).map((a) => a.reference ?? '').filter((r) => r.startsWith('Condition/')),
  };
  const start = g.startDate ?? g.startCodeableConcept?.text;
  if (start) row.start = start;
  return row;
}

const CLOSED_GOAL = new Set<Goal['lifecycleStatus']>([
  'cancelled',
  'entered-in-error',
  'rejected',
  'completed',
]);

/**
 * Current goals: patient-stated first (high priority first), then clinical goals. The patient's
 * values and care preferences are not goals: they are shown under "What matters".
 */
export function currentGoals(goals: Goal[], patientId: string): GoalRow[] {
  return goals
    .filter((g) => !CLOSED_GOAL.has(g.lifecycleStatus) && isOutcomeGoal(g, patientId))
    .map((g) => goalRow(g, patientId))
    .sort(
      (a, b) =>
        Number(b.patientStated) - Number(a.patientStated) ||
        Number(b.highPriority) - Number(a.highPriority) ||
        (b.start ?? '').localeCompare(a.start ?? ''),
    );
}
