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
/** US Core race and ethnicity (complex extensions: `ombCategory`, `detailed`, `text`); equity strata. */
export const US_CORE_RACE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race';
export const US_CORE_ETHNICITY = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity';
/** CDC Race & Ethnicity code system; its OMB categories are what US Core's `ombCategory` holds. */
export const CDC_RACE_ETHNICITY = 'urn:oid:2.16.840.1.113883.6.238';
export const NULL_FLAVOR = 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor';
export const BCP47 = 'urn:ietf:bcp:47';

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
/**
 * On a CarePlan.note: a decision aid was shown at the visit (issue 13; metrics count
 * `decision-aid-shown`). valueCoding: system CG_DECISION_AID, code = the aid's id (`statin-secondary`).
 */
export const DECISION_AID_SHOWN_EXT = `${CG_EXTENSION_BASE}/decision-aid-shown`;
export const CG_DECISION_AID = `${CG_CODESYSTEM_BASE}/decision-aid`;

// E-visits (issue 11): standard SDC / FHIR R4 names, and the app's own code systems.
/** FHIR R4 core: a translation of a string element (`_text`, `_display`) into another language. */
export const TRANSLATION_EXT = 'http://hl7.org/fhir/StructureDefinition/translation';
/** SDC: the unit of a numeric Questionnaire item. */
export const QUESTIONNAIRE_UNIT_EXT = 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit';
export const QUESTIONNAIRE_UNIT_OPTION_EXT =
  'http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption';
export const MIN_VALUE_EXT = 'http://hl7.org/fhir/StructureDefinition/minValue';
export const MAX_VALUE_EXT = 'http://hl7.org/fhir/StructureDefinition/maxValue';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** An e-visit red flag answered yes: code = the Questionnaire item's linkId (`lbp-3`). */
export const CG_EVISIT_RED_FLAG = `${CG_CODESYSTEM_BASE}/evisit-red-flag`;
/** Where an e-visit's answers sent the patient (emergency … async-ok). */
export const CG_EVISIT_ROUTE = `${CG_CODESYSTEM_BASE}/evisit-route`;
/** The review Task's code and the e-visit kind (uri, lbp). */
export const CG_EVISIT_TASK = `${CG_CODESYSTEM_BASE}/evisit-task`;
/** Coded answers of the e-visit Questionnaires' basic questions (symptoms, where the pain is). */
export const CG_EVISIT_ANSWER = `${CG_CODESYSTEM_BASE}/evisit-answer`;

// Measuring co-production (issue 10): the CollaboRATE survey and goal follow-up between visits.
/** The app's own codes for what it derives from a survey (the CollaboRATE top-box score, its items). */
export const CG_MEASURE = `${CG_CODESYSTEM_BASE}/measure`;
/**
 * A value-care rule's result for one patient, as GuidanceResponse.reasonCode (population metrics):
 * `eligible` / `not-eligible` (its denominator) and `fired` / `not-fired`, plus `declined` or
 * `hospice` when a recorded decline or hospice care silenced a prompt that would have fired.
 */
export const CG_PROMPT_RESULT = `${CG_CODESYSTEM_BASE}/prompt-result`;
/** CollaboRATE's 0–9 answers as codes (`0` … `9`), each with its number as an SDC ordinal value. */
export const CG_COLLABORATE_SCALE = `${CG_CODESYSTEM_BASE}/collaborate-scale`;
/** FHIR R4 core: the number a coded answer scores. */
export const ORDINAL_VALUE_EXT = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
