/**
 * Goal follow-up between visits: the patient says how an agreed goal is going on the five-level
 * goal-attainment scale of the HL7 Person-Centered Outcomes IG (an Observation coded LOINC 107334-5
 * "Patient follow-up goal attainment scaling score", `focus` the Goal), or that it no longer
 * matters (the Goal is closed, written with If-Match like every update).
 *
 * Answer codes: the LOINC answers the PCO IG STU1 examples use for goal attainment scaling
 * (HL7/pco-ig, input/fsh examples: LA34479-8 … LA34484-8).
 */
import type { Goal, Identifier, Observation } from 'fhir/r4';
import { refersTo } from '../fhir/references';
import { LOINC, OBSERVATION_CATEGORY } from '../fhir/vocabulary';
import { isAgreed } from '../workspace/goals';

export const PATIENT_ATTAINMENT_CODE = '107334-5';

/** From worst to best; `score` is the goal-attainment scale's −2 … +2. */
export const ATTAINMENT_LEVELS = [
  { key: 'much-less', code: 'LA34484-8', display: 'Much less than expected', score: -2 },
  { key: 'less', code: 'LA34483-0', display: 'Less than expected', score: -1 },
  { key: 'expected', code: 'LA34481-4', display: 'Expected outcome', score: 0 },
  { key: 'better', code: 'LA34480-6', display: 'Better than expected', score: 1 },
  { key: 'much-better', code: 'LA34479-8', display: 'Much better than expected', score: 2 },
] as const;

export type AttainmentLevel = (typeof ATTAINMENT_LEVELS)[number]['key'];

export function isAttainmentLevel(v: unknown): v is AttainmentLevel {
  return ATTAINMENT_LEVELS.some((l) => l.key === v);
}

export interface AttainmentContext {
  patientId: string;
  goalId: string;
  identifier: Identifier;
  /** dateTime of the report. */
  now: string;
}

export function attainmentObservation(level: AttainmentLevel, ctx: AttainmentContext): Observation {
  const l = ATTAINMENT_LEVELS.find((x) => x.key === level) ?? ATTAINMENT_LEVELS[2];
  const patient = { reference: `Patient/${ctx.patientId}` };
  return {
    resourceType: 'Observation',
    identifier: [ctx.identifier],
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: {
      coding: [
        {
          system: LOINC,
          code: PATIENT_ATTAINMENT_CODE,
          display: 'Patient follow-up goal attainment scaling score',
        },
      ],
    },
    subject: patient,
    focus: [{ reference: `Goal/${ctx.goalId}` }],
    effectiveDateTime: ctx.now,
    performer: [patient],
    valueCodeableConcept: { coding: [{ system: LOINC, code: l.code, display: l.display }] },
  };
}

function levelOf(o: Observation): AttainmentLevel | undefined {
  const c = o.valueCodeableConcept?.coding?.find((x) => x.system === LOINC);
  return ATTAINMENT_LEVELS.find((l) => l.code === c?.code)?.key;
}

export function isPatientAttainment(o: Observation): boolean {
  return o.code.coding?.some((c) => c.system === LOINC && c.code === PATIENT_ATTAINMENT_CODE) ?? false;
}

export interface AttainmentReport {
  level: AttainmentLevel;
  when: string;
}

/** The patient's reports on one goal, newest first. */
export function attainmentReports(observations: readonly Observation[], goalId: string): AttainmentReport[] {
  return observations
    .filter(
      (o) =>
        isPatientAttainment(o) &&
        o.status !== 'entered-in-error' &&
        (o.focus ?? []).some((f) => refersTo(f, 'Goal', goalId)),
    )
    .flatMap((o) => {
      const level = levelOf(o);
      return level ? [{ level, when: o.effectiveDateTime ?? o.issued ?? '' }] : [];
    })
    .sort((a, b) => b.when.localeCompare(a.when));
}

/** Said as `Goal.statusReason` when the patient closes a goal; also how the clinician's view recognises it. */
export const NO_LONGER_MATTERS = 'No longer matters to the patient';

const CLOSED = new Set<Goal['lifecycleStatus']>(['completed', 'cancelled', 'entered-in-error', 'rejected']);

/**
 * The patient says the goal no longer matters: it is cancelled, with the reason and the day. Made
 * from whatever version is current, so after a 412 it is simply made again from the newer one;
 * a goal someone closed meanwhile is left as they closed it (undefined: nothing to write).
 */
export function noLongerMatters(goal: Goal, today: string): Goal | undefined {
  if (CLOSED.has(goal.lifecycleStatus)) return undefined;
  return { ...goal, lifecycleStatus: 'cancelled', statusDate: today, statusReason: NO_LONGER_MATTERS };
}

export function saidNoLongerMatters(goal: Goal): boolean {
  return goal.lifecycleStatus === 'cancelled' && goal.statusReason === NO_LONGER_MATTERS;
}

/** The goals a patient reports on between visits: the agreed ones (accepted or active). */
export function followUpGoals(goals: readonly Goal[]): Goal[] {
  return goals.filter((g) => g.id !== undefined && isAgreed(g));
}

export interface GoalTrend {
  goal: Goal;
  /** Newest first; empty when the patient has not reported yet. */
  reports: AttainmentReport[];
  noLongerMatters: boolean;
}

/**
 * What the clinician sees before the next visit, per goal: the agreed goals and those the patient
 * closed as no longer mattering, each with the patient's reports over time.
 */
export function goalTrends(goals: readonly Goal[], observations: readonly Observation[]): GoalTrend[] {
  return goals
    .filter((g) => g.id !== undefined && (isAgreed(g) || saidNoLongerMatters(g)))
    .map((goal) => ({
      goal,
      reports: attainmentReports(observations, goal.id ?? ''),
      noLongerMatters: saidNoLongerMatters(goal),
    }));
}
