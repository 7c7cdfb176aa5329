/**
 * The codes that make a patient's priorities standards-shaped: HL7 Person-Centered Outcomes (PCO)
 * IG categories and goal domains, Patient Priorities Care's kinds of priority, and Common Ground's
 * own small code system where no standard code exists yet (PCO itself uses temporary codes).
 * Sources: value-care-rules.md §11.2; PCO IG STU1 (CodeSystem pco-concepts-temporary,
 * pco-goal-domains-temporary); FHIR R4 goal-priority and goal-acceptance.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';

export const PCO_CONCEPTS = 'http://hl7.org/fhir/us/pco/CodeSystem/pco-concepts-temporary';
export const PCO_GOAL_DOMAINS = 'http://hl7.org/fhir/us/pco/CodeSystem/pco-goal-domains-temporary';
export const PCO_GOAL_PROFILE = 'http://hl7.org/fhir/us/pco/StructureDefinition/pco-goal-profile';
export const US_CORE_GOAL_PROFILE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-goal';
export const GOAL_PRIORITY = 'http://terminology.hl7.org/CodeSystem/goal-priority';
export const GOAL_ACCEPTANCE_EXT = 'http://hl7.org/fhir/StructureDefinition/goal-acceptance';
/** Common Ground's own code system base (a reserved .example domain until the product has its own). */
export const CG_CODESYSTEM_BASE = 'https://common-ground.example/fhir/CodeSystem';
export const CG_EXTENSION_BASE = 'https://common-ground.example/fhir/StructureDefinition';
/** The patient's order of their priorities (1 = first). A List would also do; an extension keeps one write per item. */
export const PRIORITY_RANK_EXT = `${CG_EXTENSION_BASE}/priority-rank`;
export const CG_PRIORITY_KIND = `${CG_CODESYSTEM_BASE}/priority-kind`;
export const CG_CARE_PREFERENCE = `${CG_CODESYSTEM_BASE}/care-preference`;

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

/** Patient Priorities Care: values, outcome goals, and care the patient finds helpful or burdensome. */
export const PRIORITY_KINDS = ['value', 'outcome-goal', 'care-helpful', 'care-burdensome'] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];

/**
 * Kinds of care a patient may call helpful or burdensome (Patient Priorities Care's healthcare
 * preferences). The value-care prompts match these: "more-medications" rewords prompts that add a
 * pill, "more-tests" those that add a test, "comfort-over-longevity" those aimed at living longer.
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
  return { coding: [{ system: CG_PRIORITY_KIND, code: kind }] };
}

export function domainCategory(domain: GoalDomain): CodeableConcept {
  return { coding: [{ system: PCO_GOAL_DOMAINS, code: domain }] };
}

export const HIGH_PRIORITY: CodeableConcept = {
  coding: [{ system: GOAL_PRIORITY, code: 'high-priority', display: 'High Priority' }],
};

export function hasCoding(
  concepts: CodeableConcept[] | CodeableConcept | undefined,
  system: string,
  code?: string,
): boolean {
  const list = Array.isArray(concepts) ? concepts : concepts ? [concepts] : [];
  return list.some((c) =>
    c.coding?.some((x) => x.system === system && (code === undefined || x.code === code)),
  );
}

export function codeFrom(concepts: CodeableConcept[] | undefined, system: string): string | undefined {
  for (const c of concepts ?? []) {
    const hit = c.coding?.find((x) => x.system === system && x.code);
    if (hit?.code) return hit.code;
  }
  return undefined;
}
