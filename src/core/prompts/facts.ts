/**
 * The shared data-handling rules of value-care-rules.md §0.5 and §14 D2/D3/D5–D7: what counts as a
 * condition, a current medication, a result, a procedure, an order; the evaluation context every rule
 * gets; the global hospice/palliative suppression and the limited-benefit modifier.
 */
import type {
  Condition,
  DiagnosticReport,
  Encounter,
  ImagingStudy,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Procedure,
  Resource,
  ServiceRequest,
} from 'fhir/r4';
import type { CodeMatcher, CodeSets } from './codes';
import {
  addMonths,
  ageInMonths,
  ageInYears,
  lastMonths,
  parseDay,
  parseDayEnd,
  within,
  type Day,
  type Window,
} from './dates';
import { DECISIONS } from './decisions';
import type { PatientRecord } from './record';
import { refOf } from './record';
import { VS } from './valuesets';

export interface Dated<R extends Resource = Resource> {
  resource: R;
  day: Day | undefined;
}

// ---------------------------------------------------------------- conditions (§0.5, D3, D6)

const ACTIVE_CLINICAL = new Set(['active', 'recurrence', 'relapse']);

/** verificationStatus is not refuted / entered-in-error. */
export function isVerified(c: Condition): boolean {
  const v = c.verificationStatus?.coding?.find((x) => x.code)?.code;
  return v !== 'refuted' && v !== 'entered-in-error';
}

/** clinicalStatus ∈ {active, recurrence, relapse}; a missing status counts while there is no abatement. */
export function isActiveCondition(c: Condition): boolean {
  if (!isVerified(c)) return false;
  const s = c.clinicalStatus?.coding?.find((x) => x.code)?.code;
  if (s === undefined) return DECISIONS.missingClinicalStatusIsActive.value && !hasAbatement(c);
  return ACTIVE_CLINICAL.has(s);
}

function hasAbatement(c: Condition): boolean {
  return Boolean(c.abatementDateTime ?? c.abatementPeriod ?? c.abatementAge ?? c.abatementString);
}

/** Onset (dateTime or period start), else recordedDate. */
export function conditionDay(c: Condition): Day | undefined {
  return parseDay(c.onsetDateTime ?? c.onsetPeriod?.start) ?? parseDay(c.recordedDate);
}

// ---------------------------------------------------------------- medications (§0.5, D2)

const CURRENT_INTENTS = new Set([
  'order',
  'plan',
  'original-order',
  'reflex-order',
  'filler-order',
  'instance-order',
]);

/** D2 current therapy: MedicationRequest active (intent order/plan) or MedicationStatement active. */
export function isCurrentMedication(m: MedicationRequest | MedicationStatement): boolean {
  if (m.resourceType === 'MedicationStatement') return m.status === 'active';
  return (
    m.status === 'active' &&
    (m.intent === undefined || CURRENT_INTENTS.has(m.intent)) &&
    m.doNotPerform !== true
  );
}

export function medicationDay(m: MedicationRequest | MedicationStatement): Day | undefined {
  if (m.resourceType === 'MedicationStatement')
    return parseDay(m.effectiveDateTime ?? m.effectivePeriod?.start ?? m.dateAsserted);
  return parseDay(m.authoredOn);
}

// ---------------------------------------------------------------- observations, procedures, orders

const FINAL_OBS = new Set(['final', 'amended', 'corrected']);
const FINAL_REPORT = new Set(['final', 'amended', 'corrected', 'appended']);

export function isCountableObservation(o: Observation): boolean {
  return FINAL_OBS.has(o.status);
}

/** effective[x], or issued when effective is missing (§0.5). */
export function observationDay(o: Observation): Day | undefined {
  return (
    parseDay(o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant) ?? parseDay(o.issued)
  );
}

export function procedureDay(p: Procedure): Day | undefined {
  return parseDay(p.performedDateTime ?? p.performedPeriod?.start ?? p.performedPeriod?.end);
}

export function serviceRequestDay(s: ServiceRequest): Day | undefined {
  return parseDay(s.occurrenceDateTime ?? s.occurrencePeriod?.start ?? s.authoredOn);
}

export function encounterWindow(e: Encounter): Window | undefined {
  const from = parseDay(e.period?.start);
  if (from === undefined) return undefined;
  return { from, to: parseDayEnd(e.period?.end) ?? from };
}

// ---------------------------------------------------------------- evaluation context

export interface Suppression {
  /** Hospice or palliative evidence in the last 12 months (§0.5, D5, D6). */
  active: boolean;
  /** Hospice evidence only (R7's own exclusion (d)). */
  hospice: boolean;
  evidence: string[];
  hospiceEvidence: string[];
}

export interface LimitedBenefit {
  /** §0.5: frailty, advanced illness or dementia on record (recent or active). */
  any: boolean;
  /** D7 (CMS130 reading): age ≥ 66 with frailty in 12 months AND advanced illness/dementia in 2 years. */
  withholdScreening: boolean;
  frailty: Condition[];
  advancedIllness: Condition[];
  dementia: Condition[];
  evidence: string[];
}

export interface RuleContext {
  record: PatientRecord;
  codes: CodeSets;
  /** Evaluation date T. */
  t: Day;
  /** Age in completed years at T; undefined without a birth date. */
  age: number | undefined;
  ageMonths: number | undefined;
  gender: string | undefined;
  suppression: Suppression;
  limitedBenefit: LimitedBenefit;
}

export function buildContext(record: PatientRecord, codes: CodeSets, t: Day): RuleContext {
  const birth = parseDay(record.patient?.birthDate);
  const base = {
    record,
    codes,
    t,
    age: birth === undefined ? undefined : ageInYears(birth, t),
    ageMonths: birth === undefined ? undefined : ageInMonths(birth, t),
    gender: record.patient?.gender,
  };
  return { ...base, suppression: suppression(base), limitedBenefit: limitedBenefit(base) };
}

type BaseContext = Pick<RuleContext, 'record' | 'codes' | 't' | 'age'>;

// ---------------------------------------------------------------- queries rules share

/** Conditions that count as history (D3): any clinical status, verified, onset not after T. */
export function historyConditions(ctx: BaseContext, set: CodeMatcher): Condition[] {
  return ctx.record.find('Condition', set).filter((c) => {
    const d = conditionDay(c);
    return isVerified(c) && (d === undefined || d <= ctx.t);
  });
}

/** Conditions active at T. */
export function activeConditions(ctx: BaseContext, set: CodeMatcher): Condition[] {
  return ctx.record.find('Condition', set).filter((c) => {
    const d = conditionDay(c);
    return isActiveCondition(c) && (d === undefined || d <= ctx.t);
  });
}

/** D6: active at T, or onset (else recorded date) inside `w`. */
export function activeOrRecentConditions(ctx: BaseContext, set: CodeMatcher, w: Window): Condition[] {
  return ctx.record.find('Condition', set).filter((c) => {
    const d = conditionDay(c);
    if (!isVerified(c) || (d !== undefined && d > w.to)) return false;
    return isActiveCondition(c) || within(d, w);
  });
}

/** Conditions dated inside `w` (any status but refuted / entered-in-error). */
export function conditionsDatedIn(ctx: BaseContext, set: CodeMatcher, w: Window): Condition[] {
  return ctx.record.find('Condition', set).filter((c) => isVerified(c) && within(conditionDay(c), w));
}

/** D2 current therapy in `set`. */
export function currentMedications(
  ctx: BaseContext,
  set: CodeMatcher,
): (MedicationRequest | MedicationStatement)[] {
  const current = (m: MedicationRequest | MedicationStatement): boolean => {
    const d = medicationDay(m);
    return isCurrentMedication(m) && (d === undefined || d <= ctx.t);
  };
  return [
    ...ctx.record.find('MedicationRequest', set).filter(current),
    ...ctx.record.find('MedicationStatement', set).filter(current),
  ];
}

/** Orders of a drug in `set` authored inside `w`, in any of `statuses`. */
export function medicationOrdersIn(
  ctx: BaseContext,
  set: CodeMatcher,
  w: Window,
  statuses: ReadonlySet<string>,
): MedicationRequest[] {
  return ctx.record
    .find('MedicationRequest', set)
    .filter((m) => statuses.has(m.status) && within(parseDay(m.authoredOn), w));
}

/** Completed procedures in `set` performed on or before T. */
export function completedProcedures(ctx: BaseContext, set: CodeMatcher): Dated<Procedure>[] {
  return ctx.record
    .find('Procedure', set)
    .filter((p) => p.status === 'completed')
    .map((p) => ({ resource: p, day: procedureDay(p) }))
    .filter((p) => p.day === undefined || p.day <= ctx.t);
}

/** Countable observations in `set` dated on or before T, newest first. */
export function observations(
  ctx: BaseContext,
  set: CodeMatcher,
  slot: 'Observation' | 'Observation.component' = 'Observation',
): Dated<Observation>[] {
  return ctx.record
    .find(slot, set)
    .filter(isCountableObservation)
    .map((o) => ({ resource: o, day: observationDay(o) }))
    .filter((o): o is Dated<Observation> & { day: Day } => o.day !== undefined && o.day <= ctx.t)
    .sort((a, b) => b.day - a.day || timeOf(b.resource).localeCompare(timeOf(a.resource)));
}

function timeOf(o: Observation): string {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued ?? '';
}

/**
 * A service done (§0.5): a countable result, a completed procedure, a final report or imaging study,
 * or a completed ServiceRequest — each dated on or before T.
 */
export function servicesDone(ctx: BaseContext, set: CodeMatcher): Dated[] {
  const out: Dated[] = [...observations(ctx, set), ...completedProcedures(ctx, set)];
  for (const r of ctx.record.find('DiagnosticReport', set) as DiagnosticReport[]) {
    if (FINAL_REPORT.has(r.status))
      out.push({ resource: r, day: parseDay(r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued) });
  }
  for (const s of ctx.record.find('ImagingStudy', set) as ImagingStudy[]) {
    if (s.status === 'available') out.push({ resource: s, day: parseDay(s.started) });
  }
  for (const s of ctx.record.find('ServiceRequest', set)) {
    if (s.status === 'completed') out.push({ resource: s, day: serviceRequestDay(s) });
  }
  return out.filter((d) => d.day === undefined || d.day <= ctx.t);
}

/** "Ordered" (§0.5): an active ServiceRequest. */
export function activeOrders(ctx: BaseContext, set: CodeMatcher): Dated<ServiceRequest>[] {
  return ctx.record
    .find('ServiceRequest', set)
    .filter((s) => s.status === 'active' && s.doNotPerform !== true)
    .map((s) => ({ resource: s, day: serviceRequestDay(s) }));
}

/** The overuse trigger most rules share: an active order, or the service done in the last 12 months. */
export function orderedOrDoneRecently(ctx: BaseContext, set: CodeMatcher): Dated[] {
  const w = lastMonths(ctx.t, 12);
  return [...activeOrders(ctx, set), ...servicesDone(ctx, set).filter((d) => within(d.day, w))];
}

export function refs(resources: readonly (Resource | Dated)[]): string[] {
  const out = new Set<string>();
  for (const r of resources) out.add(refOf('resource' in r ? r.resource : r));
  return [...out];
}

// ---------------------------------------------------------------- §0.5 global suppression (D5, D6)

function suppression(ctx: BaseContext): Suppression {
  const w = lastMonths(ctx.t, 12);
  const find = (keys: string[]): Resource[] => {
    const set = ctx.codes.union(keys);
    const found: Resource[] = [...activeOrRecentConditions(ctx, set, w)];
    for (const e of ctx.record.find('Encounter', set)) {
      const p = encounterWindow(e);
      if (
        p &&
        p.from <= w.to &&
        p.to >= w.from &&
        e.status !== 'entered-in-error' &&
        e.status !== 'cancelled'
      )
        found.push(e);
    }
    for (const p of completedProcedures(ctx, set)) if (within(p.day, w)) found.push(p.resource);
    return found;
  };
  const hospice = find([VS.hospiceDiagnosis, VS.hospiceEncounter, VS.hospiceCare]);
  const palliative = find([VS.palliativeDiagnosis, VS.palliativeEncounter, VS.palliativeIntervention]);
  const evidence = refs([...hospice, ...palliative]);
  return {
    active: evidence.length > 0,
    hospice: hospice.length > 0,
    evidence,
    hospiceEvidence: refs(hospice),
  };
}

// ---------------------------------------------------------------- §0.5 limited-benefit modifier (D7)

function limitedBenefit(ctx: BaseContext): LimitedBenefit {
  const year = lastMonths(ctx.t, 12);
  const twoYears = { from: addMonths(ctx.t, -24), to: ctx.t };
  const frailty = activeOrRecentConditions(
    ctx,
    ctx.codes.union([VS.frailtyDiagnosis, VS.frailtySymptom]),
    year,
  );
  const advancedIllness = activeOrRecentConditions(ctx, ctx.codes.set(VS.advancedIllness), twoYears);
  const dementia = activeOrRecentConditions(ctx, ctx.codes.set(VS.dementia), twoYears);
  const evidence = refs([...frailty, ...advancedIllness, ...dementia]);
  return {
    any: evidence.length > 0,
    withholdScreening:
      (ctx.age ?? 0) >= 66 && frailty.length > 0 && advancedIllness.length + dementia.length > 0,
    frailty,
    advancedIllness,
    dementia,
    evidence,
  };
}
