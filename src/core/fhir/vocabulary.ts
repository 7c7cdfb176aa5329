/**
 * Every code system, profile and extension URL the app reads or writes, in one leaf module that any
 * core module may import (it imports nothing). What the codes mean for a feature lives with the
 * feature; only the names live here.
 *
 * Sources: HL7 Person-Centered Outcomes (PCO) IG STU1 1.0.0 (CodeSystems pco-concepts-temporary and
 * pco-goal-domains-temporary: the pre-ballot build used `pco-concepts` / `pco-goal-domains`, STU1
 * renamed them; these are the STU1 names), US Core 6.1, FHIR R4 core extensions and code systems.
 */

// Terminologies
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';
/** RFC 3986 URN identifiers (`urn:uuid:…`): valid Identifier.system with no registry. */
export const URN_SYSTEM = 'urn:ietf:rfc:3986';
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

// HL7 Person-Centered Outcomes
export const PCO_CONCEPTS = 'http://hl7.org/fhir/us/pco/CodeSystem/pco-concepts-temporary';
export const PCO_GOAL_DOMAINS = 'http://hl7.org/fhir/us/pco/CodeSystem/pco-goal-domains-temporary';
export const PCO_GOAL_PROFILE = 'http://hl7.org/fhir/us/pco/StructureDefinition/pco-goal-profile';

// US Core
export const US_CORE_GOAL_PROFILE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-goal';
export const US_CORE_CAREPLAN_PROFILE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-careplan';
export const CAREPLAN_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category';
export const US_CORE_SEX = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-sex';
export const US_CORE_INDIVIDUAL_SEX =
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-individual-sex';

// FHIR R4 core
export const GOAL_PRIORITY = 'http://terminology.hl7.org/CodeSystem/goal-priority';
export const GOAL_ACCEPTANCE_EXT = 'http://hl7.org/fhir/StructureDefinition/goal-acceptance';

// Common Ground's own (a reserved .example domain until the product has its own)
export const CG_BASE = 'https://common-ground.example/fhir';
export const CG_CODESYSTEM_BASE = `${CG_BASE}/CodeSystem`;
export const CG_EXTENSION_BASE = `${CG_BASE}/StructureDefinition`;
export const CG_QUESTIONNAIRE_BASE = `${CG_BASE}/Questionnaire`;
/** The patient's order of their priorities (1 = first). */
export const PRIORITY_RANK_EXT = `${CG_EXTENSION_BASE}/priority-rank`;
export const CG_PRIORITY_KIND = `${CG_CODESYSTEM_BASE}/priority-kind`;
export const CG_CARE_PREFERENCE = `${CG_CODESYSTEM_BASE}/care-preference`;
export const CG_WHAT_MATTERS_EXAMPLE = `${CG_CODESYSTEM_BASE}/what-matters-example`;
export const CG_CAREPLAN_KIND = `${CG_CODESYSTEM_BASE}/careplan-kind`;
/** A caller's stable name for a plan activity (e.g. `prompt:R3`), so adding it again updates it in place. */
export const ACTIVITY_KEY_EXT = `${CG_EXTENSION_BASE}/careplan-activity-key`;
/** On an adopted CarePlan's `text`: the narrative it had before this app took it on, kept verbatim. */
export const ADOPTED_NARRATIVE_EXT = `${CG_EXTENSION_BASE}/careplan-adopted-narrative`;

// Measuring co-production (issue 10): the CollaboRATE survey and goal follow-up between visits.
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** The app's own codes for what it derives from a survey (the CollaboRATE top-box score, its items). */
export const CG_MEASURE = `${CG_CODESYSTEM_BASE}/measure`;
/** CollaboRATE's 0–9 answers as codes (`0` … `9`), each with its number as an SDC ordinal value. */
export const CG_COLLABORATE_SCALE = `${CG_CODESYSTEM_BASE}/collaborate-scale`;
/** FHIR R4 core: the number a coded answer scores. */
export const ORDINAL_VALUE_EXT = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
