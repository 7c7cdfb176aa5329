/**
 * The read path's shape: one panel per resource type the prompt rules or the screens need, each
 * fetched by patient so the whole record arrives in one batch (one round trip).
 */
import { inputQuery, RULE_INPUTS, type RecordInput } from '../prompts/inputs';

/**
 * What the screens read beyond the rules' inputs (the agenda and surveys). Types both need appear
 * once, under the rules' key.
 */
const SCREEN_INPUTS = [
  { key: 'patient', resourceType: 'Patient', byId: true },
  { key: 'conditions', resourceType: 'Condition' },
  { key: 'goals', resourceType: 'Goal' },
  { key: 'carePlans', resourceType: 'CarePlan' },
  { key: 'observations', resourceType: 'Observation' },
  { key: 'questionnaireResponses', resourceType: 'QuestionnaireResponse' },
] as const satisfies readonly RecordInput[];

type Input = (typeof RULE_INPUTS)[number] | (typeof SCREEN_INPUTS)[number];

/** Everything the app reads: the rules' inputs, then the screens' own. */
export const RECORD_INPUTS: readonly Input[] = [
  ...RULE_INPUTS,
  ...SCREEN_INPUTS.filter((s) => !RULE_INPUTS.some((r) => r.resourceType === s.resourceType)),
];

export type PanelId = Input['key'];
export type ReadType = Input['resourceType'];

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

export function panelQueries(patientId: string): PanelQuery[] {
  const pid = encodeURIComponent(patientId);
  return RECORD_INPUTS.map((input) => ({
    panel: input.key,
    resourceType: input.resourceType,
    url:
      'byId' in input
        ? inputQuery(input, pid)
        : `${inputQuery(input, pid)}&_count=${PAGE_SIZE[input.key] ?? DEFAULT_PAGE}`,
  }));
}
