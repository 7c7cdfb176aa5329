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
  /**
   * The concern group's `item.id`: minted when the item is created and kept across edits, so a
   * check-off and a rewording made at the same time still meet on the same item. An item written
   * without one (by an older version or another app) is named by its place in the response it was
   * read from — the same name for everyone who read that version — and keeps it once saved here.
   */
  id: string;
  text: string;
  addressed: boolean;
}

/** An item as a writer holds it; one without an id yet is named by its place when read back. */
export type AgendaEntry = Omit<AgendaItem, 'id'> & { id?: string };

const legacyId = (n: number) => `concern-${n + 1}`;

export function isAgenda(qr: QuestionnaireResponse): boolean {
  return (qr.questionnaire ?? '').split('|')[0] === AGENDA_URL;
}

function itemOf(group: QuestionnaireResponseItem, n: number): AgendaItem {
  const text = group.item?.find((i) => i.linkId === 'concern.text')?.answer?.[0]?.valueString ?? '';
  const addressed =
    group.item?.find((i) => i.linkId === 'concern.addressed')?.answer?.[0]?.valueBoolean ?? false;
  return { id: group.id ?? legacyId(n), text, addressed };
}

function concernGroups(qr: QuestionnaireResponse): QuestionnaireResponseItem[] {
  return (qr.item ?? []).filter((i) => i.linkId === 'concern');
}

export function agendaItems(qr: QuestionnaireResponse): AgendaItem[] {
  return concernGroups(qr)
    .map(itemOf)
    .filter((i) => i.text.trim() !== '');
}

/** A new, empty item with its own id (for the patient to type into). */
export function newAgendaItem(newId: () => string): AgendaItem {
  return { id: newId(), text: '', addressed: false };
}

export function agendaAnswers(items: AgendaEntry[]): QuestionnaireResponseItem[] {
  return items
    .filter((i) => i.text.trim() !== '')
    .map((i) => ({
      ...(i.id ? { id: i.id } : {}),
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
export function newAgendaResponse(items: AgendaEntry[], ctx: AgendaContext): QuestionnaireResponse {
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
  items: AgendaEntry[],
  authored: string,
): QuestionnaireResponse {
  const next: QuestionnaireResponse = { ...qr, authored, item: agendaAnswers(items) };
  if (!next.item?.length) delete next.item;
  return next;
}

/**
 * "Keep my list" after a 412: the patient's concerns win, but a check-off the clinician made on
 * the same item (by id, whatever its words now) in the newer version is kept, so neither side's
 * work is lost.
 */
export function keepMyAgenda(theirs: QuestionnaireResponse, mine: AgendaEntry[], authored: string) {
  const addressed = new Set(
    agendaItems(theirs)
      .filter((i) => i.addressed)
      .map((i) => i.id),
  );
  return updateAgendaResponse(
    theirs,
    mine.map((i) => ({ ...i, addressed: i.addressed || (i.id !== undefined && addressed.has(i.id)) })),
    authored,
  );
}

/** What a check-off did, for a message that says only what happened. */
export type CheckOff =
  /** Saved on the item as the clinician saw it. */
  | { kind: 'applied'; qr: QuestionnaireResponse; item: AgendaItem }
  /** Saved on the same item, which the patient reworded meanwhile. */
  | { kind: 'reworded'; qr: QuestionnaireResponse; item: AgendaItem; was: string }
  /** The item already had that state: nothing to save. */
  | { kind: 'already'; item: AgendaItem }
  /** The item is no longer on the agenda: nothing to save. */
  | { kind: 'removed' };

/**
 * One item's check-off set on an agenda (the one read, or a newer version after a 412), the item
 * found by its id. Every other answer stays as it was, in its place; each concern group is written
 * with its id, so a legacy item keeps the name it was read under.
 */
export function checkOff(qr: QuestionnaireResponse, seen: AgendaItem, addressed: boolean): CheckOff {
  const item = agendaItems(qr).find((i) => i.id === seen.id);
  if (!item) return { kind: 'removed' };
  if (item.addressed === addressed) return { kind: 'already', item };
  let n = 0;
  const next: QuestionnaireResponse = {
    ...qr,
    item: (qr.item ?? []).map((group) => {
      if (group.linkId !== 'concern') return group;
      const id = group.id ?? legacyId(n);
      n += 1;
      if (id !== item.id) return { ...group, id };
      const kept = (group.item ?? []).filter((i) => i.linkId !== 'concern.addressed');
      return {
        ...group,
        id,
        item: [
          ...kept,
          ...(addressed ? [{ linkId: 'concern.addressed', answer: [{ valueBoolean: true }] }] : []),
        ],
      };
    }),
  };
  const now = { ...item, addressed };
  return item.text === seen.text
    ? { kind: 'applied', qr: next, item: now }
    : { kind: 'reworded', qr: next, item: now, was: seen.text };
}
