/**
 * The read path's shape: one panel per resource type the screens or the prompt rules need, each
 * fetched by patient so the whole record arrives in one batch (one round trip).
 */
import type { ReadType } from '../smart/scopes';

export type PanelId =
  | 'patient'
  | 'conditions'
  | 'goals'
  | 'carePlans'
  | 'observations'
  | 'medicationRequests'
  | 'medicationStatements'
  | 'procedures'
  | 'encounters'
  | 'serviceRequests'
  | 'questionnaireResponses';

export interface PanelQuery {
  panel: PanelId;
  resourceType: ReadType;
  /** Relative to the FHIR base, e.g. `Goal?patient=123&_count=200`. */
  url: string;
}

/**
 * Large page sizes keep paging (extra sequential round trips) for the rare very long record;
 * servers cap `_count` on their own, and the reader follows `next` links to the end regardless.
 */
const PAGE_SIZE: Partial<Record<PanelId, number>> = { observations: 1000, encounters: 500 };
const DEFAULT_PAGE = 200;

const SEARCHES: ReadonlyArray<[PanelId, Exclude<ReadType, 'Patient'>]> = [
  ['conditions', 'Condition'],
  ['goals', 'Goal'],
  ['carePlans', 'CarePlan'],
  ['observations', 'Observation'],
  ['medicationRequests', 'MedicationRequest'],
  ['medicationStatements', 'MedicationStatement'],
  ['procedures', 'Procedure'],
  ['encounters', 'Encounter'],
  ['serviceRequests', 'ServiceRequest'],
  ['questionnaireResponses', 'QuestionnaireResponse'],
];

export function panelQueries(patientId: string): PanelQuery[] {
  const pid = encodeURIComponent(patientId);
  return [
    { panel: 'patient', resourceType: 'Patient', url: `Patient/${pid}` },
    ...SEARCHES.map(([panel, resourceType]) => ({
      panel,
      resourceType,
      url: `${resourceType}?patient=${pid}&_count=${PAGE_SIZE[panel] ?? DEFAULT_PAGE}`,
    })),
  ];
}
