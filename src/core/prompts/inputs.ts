/**
 * What the rule engine reads, declared once. The app's read path, the scopes it asks for, the
 * prompts CLI's input filter (and a CDS Hooks service's prefetch templates) all come from this
 * list, so none of them can leave out a resource a rule's trigger or exclusion depends on — an
 * AllergyIntolerance the app never fetched would show an R1 prompt the CLI does not.
 */

export interface RecordInput {
  /** Stable name of this part of the record: the app's panel, a CDS Hooks prefetch key. */
  key: string;
  resourceType: string;
  /** Read by id (`Patient/<id>`) rather than searched by patient. */
  byId?: true;
}

export const RULE_INPUTS = [
  { key: 'patient', resourceType: 'Patient', byId: true },
  { key: 'conditions', resourceType: 'Condition' },
  { key: 'observations', resourceType: 'Observation' },
  { key: 'medicationRequests', resourceType: 'MedicationRequest' },
  { key: 'medicationStatements', resourceType: 'MedicationStatement' },
  { key: 'procedures', resourceType: 'Procedure' },
  { key: 'encounters', resourceType: 'Encounter' },
  { key: 'serviceRequests', resourceType: 'ServiceRequest' },
  // Services done (R3, R6, R8, R9): a final report or an available imaging study counts.
  { key: 'diagnosticReports', resourceType: 'DiagnosticReport' },
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
