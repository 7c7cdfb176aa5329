/**
 * Reading what matters to the patient back out of their record — ONE reading for the patient's own
 * view, the clinician workspace and the value-care prompts, so all three show the same priorities.
 *
 * What counts as a patient-stated priority:
 * - a Goal Common Ground wrote (PCO what-matters category, Common Ground's priority-kind category,
 *   `expressedBy` the Patient) — the only kind the app changes;
 * - a Goal of any other shape that the patient or someone close to them stated: `expressedBy` the
 *   Patient or a RelatedPerson (with or without PCO coding), or a PCO what-matters category —
 *   the shapes other patient apps write;
 * - an Observation other apps write for what matters: LOINC 81338-6 / 107905-2 (PACIO care
 *   preferences) or the 81380-8 category (MCC eCare Plan), and the PCO what-matters category
 *   (WhatMattersAssessment) — value-care-rules.md §11.2.
 * Closed Goals and cancelled or entered-in-error Observations are left out.
 */
import type { CodeableConcept, Goal, Observation } from 'fhir/r4';
import {
  expressedByPatient,
  expressedByRelatedPerson,
  isPatientPriority,
  isWhatMatters,
  knownKind,
  statedGoalKind,
  type PriorityKind,
} from './stated';
import { CARE_PREFERENCES, GOAL_DOMAINS, type CarePreference, type GoalDomain } from './vocabulary';
import { codeFrom, hasCoding } from '../fhir/concepts';
import {
  CG_CARE_PREFERENCE,
  CG_PRIORITY_KIND,
  GOAL_PRIORITY,
  LOINC,
  PCO_GOAL_DOMAINS,
  PRIORITY_RANK_EXT,
} from '../fhir/vocabulary';

/**
 * A care preference whose record does not say whether the care helps or is a burden (an
 * Observation from another app, in free text): listed as it is rather than guessed.
 */
export type StatedKind = PriorityKind | 'care-preference';

/** Where a priority came from: only Common Ground's own Goals can be changed here. */
export type PrioritySource = 'common-ground' | 'other-app' | 'observation';

export interface Priority {
  /** `Goal/<id>` or `Observation/<id>`. */
  key: string;
  resource: Goal | Observation;
  /** The Goal, when the priority is one. */
  goal?: Goal;
  source: PrioritySource;
  /** Common Ground may change it (its own Goal); others' Goals and Observations are read-only. */
  editable: boolean;
  /** Said by someone close to the patient (`expressedBy` a RelatedPerson), not the patient. */
  byRelatedPerson: boolean;
  kind: StatedKind;
  /** The patient's own words. */
  text: string;
  domain?: GoalDomain;
  /** For care preferences picked from the list: which kind of care. */
  preference?: CarePreference;
  /** Marked high priority ("the one thing"). */
  oneThing: boolean;
  /** When it was stated (Goal.startDate, an Observation's effective time, else the last change). */
  stated?: string;
}

/** A priority the app may change: one of its own Goals. */
export type EditablePriority = Priority & { goal: Goal; editable: true };

export function isEditable(p: Priority): p is EditablePriority {
  return p.editable && p.goal !== undefined;
}

export interface Priorities {
  oneThing?: Priority;
  /** Values and outcome goals other than the one thing, in the patient's order. */
  others: Priority[];
  helpful: Priority[];
  burdensome: Priority[];
  /** Care preferences that do not say whether the care helps or is a burden. */
  care: Priority[];
  /** Every open priority, in the patient's order. */
  all: Priority[];
}

const CLOSED = new Set<Goal['lifecycleStatus']>(['cancelled', 'entered-in-error', 'rejected', 'completed']);
export const PREFERENCE_CODES = new Set(['81338-6', '107905-2']);
export const PREFERENCE_CATEGORY = '81380-8';

/** Common Ground's own shape (what src/core/voice/mapping writes). */
function isOwnGoal(goal: Goal, patientId: string | undefined): boolean {
  return (
    expressedByPatient(goal, patientId) &&
    isWhatMatters(goal.category) &&
    hasCoding(goal.category, CG_PRIORITY_KIND)
  );
}

/** Patient order: an explicit rank (the ordinal extension we write), else the date stated. */
function rank(p: Priority): number {
  const ext = p.goal?.extension?.find((e) => e.url === PRIORITY_RANK_EXT);
  return typeof ext?.valueInteger === 'number' ? ext.valueInteger : Number.MAX_SAFE_INTEGER;
}

/** When a priority was last marked or changed: the newest "one thing" wins. */
function changed(p: Priority): string {
  const g = p.goal;
  return g?.meta?.lastUpdated ?? g?.statusDate ?? p.stated ?? '';
}

export function goalPriority(goal: Goal, patientId: string | undefined): Priority {
  const own = isOwnGoal(goal, patientId);
  const p: Priority = {
    key: `Goal/${goal.id ?? ''}`,
    resource: goal,
    goal,
    source: own ? 'common-ground' : 'other-app',
    editable: own,
    byRelatedPerson: expressedByRelatedPerson(goal),
    kind: statedGoalKind(goal),
    text: goal.description.text ?? goal.description.coding?.find((c) => c.display)?.display ?? '',
    oneThing: hasCoding(goal.priority, GOAL_PRIORITY, 'high-priority'),
  };
  const domain = codeFrom(goal.category, PCO_GOAL_DOMAINS);
  if ((GOAL_DOMAINS as readonly string[]).includes(domain ?? '')) p.domain = domain as GoalDomain;
  const pref = goal.description.coding?.find((c) => c.system === CG_CARE_PREFERENCE)?.code;
  if ((CARE_PREFERENCES as readonly string[]).includes(pref ?? '')) p.preference = pref as CarePreference;
  const stated = goal.startDate ?? goal.meta?.lastUpdated;
  if (stated) p.stated = stated;
  return p;
}

function isPreferenceObservation(o: Observation): boolean {
  return (
    (o.code.coding ?? []).some((c) => c.system === LOINC && PREFERENCE_CODES.has(c.code?.trim() ?? '')) ||
    hasCoding(o.category, LOINC, PREFERENCE_CATEGORY)
  );
}

/** The concepts an Observation's meaning may be coded in (its value, categories and components). */
export function observationConcepts(o: Observation): (CodeableConcept | undefined)[] {
  return [
    o.valueCodeableConcept,
    ...(o.category ?? []),
    ...(o.component ?? []).map((c) => c.valueCodeableConcept),
  ];
}

/**
 * A free-text care preference from another app is filed as burdensome only when it says "burden"
 * and denies nothing: "More blood tests are not a burden to me" must not be read as its opposite.
 * Any negation leaves it unclassified, listed in the patient's words, which is never wrong.
 */
function saysBurdensome(text: string): boolean {
  return /\bburden/i.test(text) && !/\b(not|no|never|nothing|without|hardly)\b|n['’]t\b/i.test(text);
}

export function observationPriority(o: Observation): Priority | undefined {
  if (o.status === 'cancelled' || o.status === 'entered-in-error') return undefined;
  const preference = isPreferenceObservation(o);
  if (!preference && !isWhatMatters(o.category)) return undefined;
  const text =
    o.valueString ??
    o.valueCodeableConcept?.text ??
    o.valueCodeableConcept?.coding?.find((c) => c.display)?.display ??
    o.note?.[0]?.text ??
    '';
  if (text.trim() === '') return undefined;
  const concepts = observationConcepts(o);
  const kind: StatedKind =
    knownKind(concepts) ??
    (!preference ? 'value' : saysBurdensome(text) ? 'care-burdensome' : 'care-preference');
  const p: Priority = {
    key: `Observation/${o.id ?? ''}`,
    resource: o,
    source: 'observation',
    editable: false,
    byRelatedPerson: false,
    kind,
    text,
    oneThing: false,
  };
  const pref = concepts.flatMap((c) => c?.coding ?? []).find((c) => c.system === CG_CARE_PREFERENCE)?.code;
  if ((CARE_PREFERENCES as readonly string[]).includes(pref ?? '')) p.preference = pref as CarePreference;
  const stated = o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued ?? o.meta?.lastUpdated;
  if (stated) p.stated = stated;
  return p;
}

/**
 * Every open priority the record holds, grouped the way both views show them. When several aims
 * are marked as the one thing, the newest mark wins and the others stay listed among the others.
 */
export function readPriorities(
  goals: readonly Goal[],
  patientId: string | undefined,
  observations: readonly Observation[] = [],
): Priorities {
  const all = [
    ...goals
      .filter((g) => !CLOSED.has(g.lifecycleStatus) && isPatientPriority(g, patientId))
      .map((g) => goalPriority(g, patientId)),
    ...observations.flatMap((o) => observationPriority(o) ?? []),
  ].sort((a, b) => rank(a) - rank(b) || (a.stated ?? '').localeCompare(b.stated ?? ''));
  const aims = all.filter((p) => p.kind === 'value' || p.kind === 'outcome-goal');
  const oneThing = aims
    .filter((p) => p.oneThing)
    .reduce<Priority | undefined>((best, p) => (!best || changed(p) > changed(best) ? p : best), undefined);
  return {
    ...(oneThing ? { oneThing } : {}),
    others: aims.filter((p) => p !== oneThing),
    helpful: all.filter((p) => p.kind === 'care-helpful'),
    burdensome: all.filter((p) => p.kind === 'care-burdensome'),
    care: all.filter((p) => p.kind === 'care-preference'),
    all,
  };
}

/** What the patient retired earlier, newest first: shown so nothing they wrote vanishes silently. */
export function retiredPriorities(goals: Goal[], patientId: string): EditablePriority[] {
  return goals
    .filter((g) => g.lifecycleStatus === 'cancelled' && isPatientPriority(g, patientId))
    .map((g) => goalPriority(g, patientId))
    .filter(isEditable)
    .sort((a, b) =>
      (b.goal.meta?.lastUpdated ?? b.stated ?? '').localeCompare(a.goal.meta?.lastUpdated ?? a.stated ?? ''),
    );
}
