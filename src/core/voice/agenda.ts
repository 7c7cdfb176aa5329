/**
 * The pre-visit agenda: a Questionnaire the app ships and the patient's QuestionnaireResponse to it.
 * Each concern is a repeating group with the patient's words and, once the visit is under way, the
 * clinician's "addressed" check-off — so the agenda and its check-offs live in one resource, updated
 * with If-Match like every other write.
 */
import type { Identifier, Questionnaire, QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4';

import { CG_QUESTIONNAIRE_BASE } from '../fhir/vocabulary';

export const AGENDA_URL = `${CG_QUESTIONNAIRE_BASE}/visit-agenda`;
export const AGENDA_VERSION = '1.0.0';
export const AGENDA_CANONICAL = `${AGENDA_URL}|${AGENDA_VERSION}`;

export const AGENDA_QUESTIONNAIRE: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'visit-agenda',
  url: AGENDA_URL,
  version: AGENDA_VERSION,
  name: 'VisitAgenda',
  title: 'What I want to talk about at my visit',
  status: 'active',
  subjectType: ['Patient'],
  item: [
    {
      linkId: 'concern',
      text: 'Something I want to talk about',
      type: 'group',
      repeats: true,
      item: [
        { linkId: 'concern.text', text: 'In my own words', type: 'string', required: true, maxLength: 5000 },
        { linkId: 'concern.addressed', text: 'Talked about at the visit', type: 'boolean' },
      ],
    },
  ],
};

export interface AgendaItem {
  text: string;
  addressed: boolean;
}

export function isAgenda(qr: QuestionnaireResponse): boolean {
  return (qr.questionnaire ?? '').split('|')[0] === AGENDA_URL;
}

export function agendaItems(qr: QuestionnaireResponse): AgendaItem[] {
  return (qr.item ?? [])
    .filter((i) => i.linkId === 'concern')
    .map((group) => {
      const text = group.item?.find((i) => i.linkId === 'concern.text')?.answer?.[0]?.valueString ?? '';
      const addressed =
        group.item?.find((i) => i.linkId === 'concern.addressed')?.answer?.[0]?.valueBoolean ?? false;
      return { text, addressed };
    })
    .filter((i) => i.text.trim() !== '');
}

export function agendaAnswers(items: AgendaItem[]): QuestionnaireResponseItem[] {
  return items
    .filter((i) => i.text.trim() !== '')
    .map((i) => ({
      linkId: 'concern',
      item: [
        { linkId: 'concern.text', answer: [{ valueString: i.text }] },
        ...(i.addressed ? [{ linkId: 'concern.addressed', answer: [{ valueBoolean: true }] }] : []),
      ],
    }));
}

/** The patient's most recent agenda that is still open (in progress), if any. */
export function currentAgenda(responses: QuestionnaireResponse[]): QuestionnaireResponse | undefined {
  return responses
    .filter((r) => isAgenda(r) && (r.status === 'in-progress' || r.status === 'completed'))
    .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''))[0];
}

/** The agenda the patient can still change: the newest one not yet closed at a visit. */
export function openAgenda(responses: QuestionnaireResponse[]): QuestionnaireResponse | undefined {
  return responses
    .filter((r) => isAgenda(r) && r.status === 'in-progress')
    .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''))[0];
}

export interface AgendaContext {
  patientId: string;
  identifier: Identifier;
  /** When the patient last changed it (FHIR dateTime). */
  authored: string;
}

/**
 * A new agenda: `in-progress` until the visit, answering the shipped Questionnaire by canonical
 * (url|version), by and about the patient, with a business identifier for a safe retry.
 */
export function newAgendaResponse(items: AgendaItem[], ctx: AgendaContext): QuestionnaireResponse {
  const patient = { reference: `Patient/${ctx.patientId}` };
  const qr: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    identifier: ctx.identifier,
    questionnaire: AGENDA_CANONICAL,
    status: 'in-progress',
    subject: patient,
    author: patient,
    source: patient,
    authored: ctx.authored,
  };
  const item = agendaAnswers(items);
  if (item.length) qr.item = item;
  return qr;
}

/** The patient's new list on the version they read (id and meta kept for If-Match). */
export function updateAgendaResponse(
  qr: QuestionnaireResponse,
  items: AgendaItem[],
  authored: string,
): QuestionnaireResponse {
  const next: QuestionnaireResponse = { ...qr, authored, item: agendaAnswers(items) };
  if (!next.item?.length) delete next.item;
  return next;
}

/**
 * "Keep my list" after a 412: the patient's concerns win, but a check-off the clinician made on
 * the same concern in the newer version is kept, so neither side's work is lost.
 */
export function keepMyAgenda(theirs: QuestionnaireResponse, mine: AgendaItem[], authored: string) {
  const addressed = new Set(
    agendaItems(theirs)
      .filter((i) => i.addressed)
      .map((i) => i.text),
  );
  return updateAgendaResponse(
    theirs,
    mine.map((i) => ({ text: i.text, addressed: i.addressed || addressed.has(i.text) })),
    authored,
  );
}
