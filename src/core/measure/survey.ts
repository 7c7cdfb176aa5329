/**
 * The post-visit survey as FHIR: which visit is due one, the patient's QuestionnaireResponse to it
 * (tied to that Encounter, so it is never offered twice), and the score Observation derived from it.
 */
import type {
  Encounter,
  Identifier,
  Observation,
  ObservationComponent,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from 'fhir/r4';
import { refersTo, localRef } from '../fhir/references';
import { CG_MEASURE, DATA_ABSENT_REASON, OBSERVATION_CATEGORY } from '../fhir/vocabulary';
import {
  COLLABORATE_CANONICAL,
  COLLABORATE_ITEMS,
  COLLABORATE_URL,
  SCALE_MAX,
  scaleCoding,
  scaleValue,
} from './collaborate';

/** §10 advises 24–48 h after the visit; the survey is offered from the end of the visit until then. */
export const SURVEY_WINDOW_MS = 48 * 3_600_000;

/** One answer per item, in item order; `undefined` = skipped. */
export type SurveyAnswers = readonly (number | undefined)[];

export const TOP_BOX_CODE = 'collaborate-top-box';
export const ITEM_CODES = ['collaborate-item-1', 'collaborate-item-2', 'collaborate-item-3'] as const;

const NOT_ENDED = new Set<Encounter['status']>([
  'planned',
  'arrived',
  'triaged',
  'in-progress',
  'onleave',
  'cancelled',
  'entered-in-error',
  'unknown',
]);

export function isCollaborate(qr: QuestionnaireResponse): boolean {
  return (qr.questionnaire ?? '').split('|')[0] === COLLABORATE_URL;
}

function withPractitioner(e: Encounter): boolean {
  return (e.participant ?? []).some((p) => /^Practitioner(Role)?\//.test(localRef(p.individual) ?? ''));
}

function endOf(e: Encounter): number | undefined {
  const end = e.period?.end ? Date.parse(e.period.end) : NaN;
  return Number.isNaN(end) ? undefined : end;
}

/**
 * The visit the patient is asked about now: one that ended within the last 48 h (inclusive) with a
 * practitioner taking part, and no CollaboRATE response yet — a skipped survey counts as answered.
 * Several due: the most recent.
 */
export function surveyDueEncounter(
  encounters: readonly Encounter[],
  responses: readonly QuestionnaireResponse[],
  now: number,
): Encounter | undefined {
  const answered = responses.filter(isCollaborate);
  return encounters
    .filter((e) => {
      const end = endOf(e);
      return (
        e.id !== undefined &&
        !NOT_ENDED.has(e.status) &&
        end !== undefined &&
        end <= now &&
        now - end <= SURVEY_WINDOW_MS &&
        withPractitioner(e) &&
        !answered.some((qr) => refersTo(qr.encounter, 'Encounter', e.id ?? ''))
      );
    })
    .sort((a, b) => (endOf(b) ?? 0) - (endOf(a) ?? 0))[0];
}

export interface SurveyContext {
  patientId: string;
  encounterId: string;
  identifier: Identifier;
  /** dateTime the patient answered. */
  authored: string;
}

function answerItems(answers: SurveyAnswers): QuestionnaireResponseItem[] {
  return COLLABORATE_ITEMS.flatMap((it, n) => {
    const a = answers[n];
    // A skipped item keeps no answer: nothing is recorded for it, not a zero.
    return a === undefined
      ? []
      : [{ linkId: it.linkId, text: it.text, answer: [{ valueCoding: scaleCoding(a) }] }];
  });
}

/**
 * The patient's response. With no answer at all it is `stopped` (they chose not to take the survey):
 * the visit is not asked about again and no score is derived.
 */
export function surveyResponse(answers: SurveyAnswers, ctx: SurveyContext): QuestionnaireResponse {
  const patient = { reference: `Patient/${ctx.patientId}` };
  const item = answerItems(answers);
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: ctx.identifier,
    questionnaire: COLLABORATE_CANONICAL,
    status: item.length ? 'completed' : 'stopped',
    subject: patient,
    encounter: { reference: `Encounter/${ctx.encounterId}` },
    authored: ctx.authored,
    author: patient,
    source: patient,
    ...(item.length ? { item } : {}),
  };
}

/** The answers a response holds, in item order (`undefined` where skipped). */
export function surveyAnswers(qr: QuestionnaireResponse): (number | undefined)[] {
  return COLLABORATE_ITEMS.map((it) =>
    scaleValue(qr.item?.find((i) => i.linkId === it.linkId)?.answer?.[0]?.valueCoding),
  );
}

/**
 * §10's recommended score, per respondent: top-box when all three items are 9. An answer below 9
 * settles it as not top-box; otherwise a skipped item leaves it unknown.
 */
export function topBox(answers: SurveyAnswers): boolean | undefined {
  const given = COLLABORATE_ITEMS.map((_, n) => answers[n]);
  if (given.some((a) => a !== undefined && a < SCALE_MAX)) return false;
  return given.every((a) => a === SCALE_MAX) ? true : undefined;
}

/** The score as an Observation (category survey) derived from the saved response. */
export function surveyScore(
  saved: QuestionnaireResponse & { id: string },
  ctx: { patientId: string; identifier: Identifier },
): Observation {
  const answers = surveyAnswers(saved);
  const box = topBox(answers);
  const component: ObservationComponent[] = ITEM_CODES.flatMap((code, n) => {
    const a = answers[n];
    return a === undefined
      ? []
      : [
          {
            code: { coding: [{ system: CG_MEASURE, code, display: `CollaboRATE item ${n + 1}` }] },
            valueInteger: a,
          },
        ];
  });
  return {
    resourceType: 'Observation',
    identifier: [ctx.identifier],
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: {
      coding: [{ system: CG_MEASURE, code: TOP_BOX_CODE, display: 'CollaboRATE top-box score' }],
      text: 'CollaboRATE: every effort made on all three items',
    },
    subject: { reference: `Patient/${ctx.patientId}` },
    ...(saved.encounter ? { encounter: saved.encounter } : {}),
    effectiveDateTime: saved.authored ?? '',
    performer: [{ reference: `Patient/${ctx.patientId}` }],
    derivedFrom: [{ reference: `QuestionnaireResponse/${saved.id}` }],
    ...(box === undefined
      ? {
          dataAbsentReason: {
            coding: [{ system: DATA_ABSENT_REASON, code: 'asked-declined' }],
            text: 'Not every item was answered',
          },
        }
      : { valueBoolean: box }),
    ...(component.length ? { component } : {}),
  };
}

export interface SurveyScore {
  /** undefined: not every item answered, so top-box cannot be said. */
  topBox: boolean | undefined;
  answers: (number | undefined)[];
  when: string | undefined;
}

export function isSurveyScore(o: Observation): boolean {
  return o.code.coding?.some((c) => c.system === CG_MEASURE && c.code === TOP_BOX_CODE) ?? false;
}

/** The newest survey score in the record, as the clinician's view shows it. */
export function latestSurveyScore(
  observations: readonly Observation[],
  /** The responses read with them: a score derived from one entered in error is no score. */
  responses: readonly QuestionnaireResponse[] = [],
): SurveyScore | undefined {
  const struck = new Set(
    responses
      .filter((r) => r.status === 'entered-in-error')
      .map((r) => `QuestionnaireResponse/${r.id ?? ''}`),
  );
  const newest = observations
    .filter(
      (o) =>
        isSurveyScore(o) &&
        o.status !== 'entered-in-error' &&
        !(o.derivedFrom ?? []).some((d) => struck.has(localRef(d) ?? '')),
    )
    .sort((a, b) => (b.effectiveDateTime ?? '').localeCompare(a.effectiveDateTime ?? ''))[0];
  if (!newest) return undefined;
  return {
    topBox: typeof newest.valueBoolean === 'boolean' ? newest.valueBoolean : undefined,
    answers: ITEM_CODES.map(
      (code) => newest.component?.find((c) => c.code.coding?.some((x) => x.code === code))?.valueInteger,
    ),
    when: newest.effectiveDateTime,
  };
}
