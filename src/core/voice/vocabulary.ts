/**
 * The codes that make a patient's priorities standards-shaped: HL7 Person-Centered Outcomes (PCO)
 * IG categories and goal domains, Patient Priorities Care's kinds of priority, and Common Ground's
 * own small code system where no standard code exists yet (PCO itself uses temporary codes).
 * Sources: value-care-rules.md §11.2; PCO IG STU1 1.0.0 (CodeSystem pco-concepts-temporary,
 * pco-goal-domains-temporary; profile pco-goal-profile on US Core Goal, which must have a status, a
 * text description, a patient and a start date); FHIR R4 goal-priority and goal-acceptance.
 * The system URLs themselves are in `../fhir/vocabulary`; the kinds of priority are in `./stated`,
 * which the first screen reads without the rest of this module.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { CG_PRIORITY_KIND, GOAL_PRIORITY, PCO_CONCEPTS, PCO_GOAL_DOMAINS } from '../fhir/vocabulary';
import type { PriorityKind } from './stated';

export const WHAT_MATTERS: Coding = { system: PCO_CONCEPTS, code: 'what-matters', display: 'What Matters' };

export const GOAL_DOMAINS = [
  'physical-function',
  'social-functioning',
  'independence',
  'end-of-life',
  'managing-conditions',
  'medication-management',
  'caregiver-needs',
  'emotional-and-mental-health',
  'access-to-services',
  'housing',
  'legal',
  'improving-health-and-wellness',
] as const;
export type GoalDomain = (typeof GOAL_DOMAINS)[number];

/**
 * Kinds of care a patient may call helpful or burdensome (Patient Priorities Care's healthcare
 * preferences). The value-care prompts match these: "more-medications" rewords prompts that add a
 * pill, "more-tests" those that add a test; "comfort-over-longevity", stated as care that helps,
 * weighs on every prompt as an end-of-life goal does.
 */
export const CARE_PREFERENCES = [
  'more-medications',
  'more-tests',
  'more-visits',
  'hospital-stays',
  'procedures',
  'self-management-tasks',
  'comfort-over-longevity',
] as const;
export type CarePreference = (typeof CARE_PREFERENCES)[number];

export function kindCategory(kind: PriorityKind): CodeableConcept {
  return { coding: [{ system: CG_PRIORITY_KIND, code: kind, display: PRIORITY_KIND_DISPLAY[kind] }] };
}

/** PCO display names (CodeSystem pco-goal-domains-temporary). */
export const GOAL_DOMAIN_DISPLAY: Record<GoalDomain, string> = {
  'physical-function': 'Physical Function',
  'social-functioning': 'Social Functioning',
  independence: 'Independence',
  'end-of-life': 'End Of Life',
  'managing-conditions': 'Managing Conditions',
  'medication-management': 'Medication Management',
  'caregiver-needs': 'Caregiver Needs',
  'emotional-and-mental-health': 'Emotional And Mental Health',
  'access-to-services': 'Access To Services',
  housing: 'Housing',
  legal: 'Legal',
  'improving-health-and-wellness': 'Improving Health And Wellness',
};

export function domainCategory(domain: GoalDomain): CodeableConcept {
  return { coding: [{ system: PCO_GOAL_DOMAINS, code: domain, display: GOAL_DOMAIN_DISPLAY[domain] }] };
}

export const PRIORITY_KIND_DISPLAY: Record<PriorityKind, string> = {
  value: 'What matters most in life',
  'outcome-goal': 'Health outcome goal',
  'care-helpful': 'Care I find helpful',
  'care-burdensome': 'Care I find burdensome',
};

export const HIGH_PRIORITY: CodeableConcept = {
  coding: [{ system: GOAL_PRIORITY, code: 'high-priority', display: 'High Priority' }],
};
