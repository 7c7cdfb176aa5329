/**
 * Which Goals the patient (or someone close to them) stated, and which of those are goals proper:
 * the few tests the first screen's goal list needs of a Goal. Kept apart from ./priorities (the
 * whole reading of what matters, which only later screens and the rules use) because a bundler
 * ships a module whole in the first chunk that uses any of it.
 */
import type { CodeableConcept, Goal } from 'fhir/r4';
import { codeFrom, hasCoding } from '../fhir/concepts';
import { CG_PRIORITY_KIND, PCO_CONCEPTS } from '../fhir/vocabulary';
import { isPatientRef, localRef } from '../fhir/references';

/** Patient Priorities Care: values, outcome goals, and care the patient finds helpful or burdensome. */
export const PRIORITY_KINDS = ['value', 'outcome-goal', 'care-helpful', 'care-burdensome'] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];

export function isWhatMatters(concepts: CodeableConcept[] | undefined): boolean {
  return hasCoding(concepts, PCO_CONCEPTS, 'what-matters');
}

export function expressedByRelatedPerson(goal: Goal): boolean {
  return localRef(goal.expressedBy)?.startsWith('RelatedPerson/') === true;
}

export function expressedByPatient(goal: Goal, patientId: string | undefined): boolean {
  if (patientId !== undefined) return isPatientRef(goal.expressedBy, patientId);
  // Without a patient in context (a bundle of one patient's resources) any Patient is that patient.
  return localRef(goal.expressedBy)?.startsWith('Patient/') === true;
}

/** True for a Goal the patient (or someone close to them) stated, whichever app wrote it. */
export function isPatientPriority(goal: Goal, patientId: string | undefined): boolean {
  return (
    expressedByPatient(goal, patientId) || expressedByRelatedPerson(goal) || isWhatMatters(goal.category)
  );
}

/** The priority kind Common Ground codes among the concepts, if any. */
export function knownKind(concepts: (CodeableConcept | undefined)[]): PriorityKind | undefined {
  const code = codeFrom(
    concepts.filter((c): c is CodeableConcept => c !== undefined),
    CG_PRIORITY_KIND,
  );
  return (PRIORITY_KINDS as readonly string[]).includes(code ?? '') ? (code as PriorityKind) : undefined;
}

/** A stated Goal's kind. Other apps' goals without a kind are outcome goals: that is what a Goal is. */
export function statedGoalKind(goal: Goal): PriorityKind {
  return knownKind(goal.category ?? []) ?? 'outcome-goal';
}

/**
 * Whether a Goal is a goal proper — clinical, or the patient's outcome goal — as the goal lists and
 * the negotiation show it.
 * Values and care preferences inform the prompts and are shown under "What matters"; they are
 * never goals to negotiate.
 */
export function isOutcomeGoal(goal: Goal, patientId: string): boolean {
  return !isPatientPriority(goal, patientId) || statedGoalKind(goal) === 'outcome-goal';
}
