/**
 * The read path's shape: one panel per resource type the prompt rules or the screens need, each
 * fetched by patient. The first screen's panels travel in a small batch of their own, beside one
 * batch for the rest, so the banner and problem list never wait for the slowest search.
 */
import { inputQuery, RULE_INPUTS, type RecordInput } from '../prompts/inputs';
// Its type only: the code sets behind it stay out of the page's first JavaScript.
import type { NarrowedParams } from '../prompts/reads';

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
  // E-visits: the review request and the clinician's reply.
  { key: 'tasks', resourceType: 'Task' },
  { key: 'communications', resourceType: 'Communication' },
] as const satisfies readonly RecordInput[];

type Input = (typeof RULE_INPUTS)[number] | (typeof SCREEN_INPUTS)[number];

/** Everything the app reads: the rules' inputs, then the screens' own. */
export const RECORD_INPUTS: readonly Input[] = [
  ...RULE_INPUTS,
  ...SCREEN_INPUTS.filter((s) => !RULE_INPUTS.some((r) => r.resourceType === s.resourceType)),
];

export type PanelId = Input['key'];

/**
 * What both roles' first screen shows (the banner, problems and goals; the `cg:first-screen`
 * mark). These searches are small on any record, unlike Observations or medications.
 */
export const FIRST_SCREEN_PANELS: readonly PanelId[] = ['patient', 'conditions', 'goals'];

/** Every panel the app reads, in read order. */
export const PANEL_IDS: readonly PanelId[] = RECORD_INPUTS.map((input) => input.key);
export type ReadType = Input['resourceType'];

export interface PanelQuery {
  panel: PanelId;
  resourceType: ReadType;
  /** Relative to the FHIR base, e.g. `Goal?patient=123&_count=200`. */
  url: string;
  /**
   * When the server refuses `url` as a bad request, the same panel read as these searches instead
   * (their results together are the panel).
   */
  ifRefused?: string[];
}

/**
 * Epic refuses an Observation search that names neither a category nor a code. The panel then asks
 * once per category — one search each, since such servers document one category per search — for
 * every category the rules and screens read: labs (HbA1c, PSA, vitamin D), vital signs (blood
 * pressure), surveys and the patient's own reports, exams, procedures and imaging results (DXA),
 * social history, and PCO's what-matters (priorities another app kept as Observations). That is the
 * whole observation-category code system, so nothing categorised is missed; an Observation with no
 * category at all cannot be found on such a server.
 */
export const OBSERVATION_CATEGORIES = [
  'laboratory',
  'vital-signs',
  'survey',
  'exam',
  'procedure',
  'imaging',
  'social-history',
  'therapy',
  'activity',
  'what-matters',
] as const;

/**
 * Large page sizes keep paging (extra sequential round trips) for the rare very long record;
 * servers cap `_count` on their own, and the reader follows `next` links to the end regardless.
 */
const PAGE_SIZE: Partial<Record<PanelId, number>> = {
  observations: 1000,
  medicationRequests: 1000,
  encounters: 500,
};
const DEFAULT_PAGE = 200;

/**
 * Panels the prompt rules can read from narrowed searches instead (core/prompts/reads.ts: the
 * searches whose union holds everything a rule can match). On a long record those hold a fraction
 * of the panel — 4,000 of 20,000 Observations — so the prompts need not wait for its last page.
 * DiagnosticReports are narrowed for CDS Hooks too, but a record holds few: reading them whole
 * costs no more than narrowing.
 */
export const NARROWED_PANELS = ['observations'] as const satisfies readonly PanelId[];
export type NarrowedPanel = (typeof NARROWED_PANELS)[number];

export interface NarrowedQuery {
  panel: NarrowedPanel;
  resourceType: ReadType;
  /** One search per narrowing parameter, relative to the FHIR base; their results together. */
  urls: string[];
}

export function narrowedQueries(patientId: string, params: NarrowedParams): NarrowedQuery[] {
  const pid = encodeURIComponent(patientId);
  return NARROWED_PANELS.flatMap((panel) => {
    const input = RECORD_INPUTS.find((i) => i.key === panel)!;
    const narrowing = params[panel] ?? [];
    if (narrowing.length === 0) return [];
    const base = inputQuery(input, pid);
    const count = `_count=${PAGE_SIZE[panel] ?? DEFAULT_PAGE}`;
    return [{ panel, resourceType: input.resourceType, urls: narrowing.map((p) => `${base}&${p}&${count}`) }];
  });
}

export function panelQueries(patientId: string): PanelQuery[] {
  const pid = encodeURIComponent(patientId);
  return RECORD_INPUTS.map((input) => {
    if ('byId' in input) {
      return { panel: input.key, resourceType: input.resourceType, url: inputQuery(input, pid) };
    }
    const url = `${inputQuery(input, pid)}&_count=${PAGE_SIZE[input.key] ?? DEFAULT_PAGE}`;
    return {
      panel: input.key,
      resourceType: input.resourceType,
      url,
      ...(input.resourceType === 'Observation'
        ? { ifRefused: OBSERVATION_CATEGORIES.map((c) => `${url}&category=${c}`) }
        : {}),
    };
  });
}
