/**
 * What the rule engine reads, declared once. The app's read path, the scopes it asks for, the
 * prompts CLI's input filter (and a CDS Hooks service's prefetch templates) all come from this
 * list, so none of them can leave out a resource a rule's trigger or exclusion depends on — an
 * AllergyIntolerance the app never fetched would show an R1 prompt the CLI does not.
 */
import type { CompiledCodes } from './codes';
import { DIAGNOSTIC_REPORT_READS, OBSERVATION_READS, searchTokens, type NarrowSearch } from './reads';

export interface RecordInput {
  /** Stable name of this part of the record: the app's panel, a CDS Hooks prefetch key. */
  key: string;
  resourceType: string;
  /** Read by id (`Patient/<id>`) rather than searched by patient. */
  byId?: true;
  /**
   * When the rules read only part of this type: the searches whose union holds all of it
   * (./reads.ts). A CDS Hooks service asks its EHR for those; the app and the CLI read everything.
   */
  reads?: readonly NarrowSearch[];
}

export const RULE_INPUTS = [
  { key: 'patient', resourceType: 'Patient', byId: true },
  { key: 'conditions', resourceType: 'Condition' },
  { key: 'observations', resourceType: 'Observation', reads: OBSERVATION_READS },
  { key: 'medicationRequests', resourceType: 'MedicationRequest' },
  { key: 'medicationStatements', resourceType: 'MedicationStatement' },
  { key: 'procedures', resourceType: 'Procedure' },
  { key: 'encounters', resourceType: 'Encounter' },
  { key: 'serviceRequests', resourceType: 'ServiceRequest' },
  // Services done (R3, R6, R8, R9): a final report or an available imaging study counts.
  { key: 'diagnosticReports', resourceType: 'DiagnosticReport', reads: DIAGNOSTIC_REPORT_READS },
  { key: 'imagingStudies', resourceType: 'ImagingStudy' },
  // R1's statin allergy exclusion.
  { key: 'allergies', resourceType: 'AllergyIntolerance' },
  // R10: an advance care plan on file as a document.
  { key: 'documents', resourceType: 'DocumentReference' },
  // Stated priorities reword prompts (§11.3); recorded declines in the shared plan suppress them.
  { key: 'goals', resourceType: 'Goal' },
  { key: 'carePlans', resourceType: 'CarePlan' },
] as const satisfies readonly RecordInput[];

/**
 * The query for one input, relative to the FHIR base. `patient` is put in as given: the app passes
 * an encoded id, a prefetch template passes `{{context.patientId}}`.
 */
export function inputQuery(input: RecordInput, patient: string): string {
  return input.byId ? `${input.resourceType}/${patient}` : `${input.resourceType}?patient=${patient}`;
}

/** One query a CDS Hooks prefetch key stands for, relative to the FHIR base. */
export interface InputSearch {
  key: string;
  input: RecordInput;
  query: string;
}

/**
 * The queries for the rule inputs, narrowed where an input's `reads` says how; an input without
 * `reads` is its one `inputQuery`, under its own key. `patient` is put in as `inputQuery` takes it.
 */
export function inputSearches(patient: string, data: CompiledCodes): InputSearch[] {
  return (RULE_INPUTS as readonly RecordInput[]).flatMap((input) =>
    input.reads
      ? input.reads.map((s) => ({
          key: s.key,
          input,
          query: `${inputQuery(input, patient)}&${s.param}=${searchTokens(s, data).join(',')}`,
        }))
      : [{ key: input.key, input, query: inputQuery(input, patient) }],
  );
}
