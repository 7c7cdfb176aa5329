/**
 * What a submitted e-visit writes: the QuestionnaireResponse, a review Task for the practice, and
 * each red flag raised as an Observation the value-care rules can read (R6 counts a back-pain red
 * flag as an exclusion). Every resource carries an identifier minted once, when the patient presses
 * Send, and kept in the draft: a retried submit sends the same conditional creates, so it can never
 * leave a second copy.
 */
import type {
  Identifier,
  Observation,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  Reference,
  Task,
} from 'fhir/r4';
import {
  CG_EVISIT_RED_FLAG,
  CG_EVISIT_ROUTE,
  CG_EVISIT_TASK,
  LOINC,
  OBSERVATION_CATEGORY,
  UCUM,
} from '../fhir/vocabulary';
import { newIdentifier } from '../write/identity';
import { askedItems, routeOf } from './flow';
import { kindOf, questionnaireCanonical, type EvisitKind } from './questionnaires';
import type { Answers, Flag, Route } from './route';

export interface SubmissionIds {
  qr: Identifier;
  task: Identifier;
  /** One per red flag, by linkId. */
  observations: Record<string, Identifier>;
}

export function newSubmissionIds(randomUUID: () => string, flags: readonly Flag[]): SubmissionIds {
  return {
    qr: newIdentifier(randomUUID),
    task: newIdentifier(randomUUID),
    observations: Object.fromEntries(flags.map((f) => [f.linkId, newIdentifier(randomUUID)])),
  };
}

function hasValue(a: QuestionnaireResponseItemAnswer): boolean {
  return Object.keys(a).some((k) => k.startsWith('value'));
}

/** The answers on the patient's path, in Questionnaire order, each with its question's text. */
export function buildResponse(args: {
  kind: EvisitKind;
  questionnaire: Questionnaire;
  answers: Answers;
  patientId: string;
  identifier: Identifier;
  authored: string;
  language?: string;
}): QuestionnaireResponse {
  const { kind, questionnaire, answers, patientId } = args;
  const patient = { reference: `Patient/${patientId}` };
  const item: QuestionnaireResponseItem[] = askedItems(questionnaire, answers).flatMap((q) => {
    const answer = (answers.get(q.linkId) ?? []).filter(hasValue);
    return answer.length
      ? [{ linkId: q.linkId, ...(q.text ? { text: q.text } : {}), answer: [...answer] }]
      : [];
  });
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: args.identifier,
    questionnaire: questionnaireCanonical(kind),
    status: 'completed',
    subject: patient,
    author: patient,
    source: patient,
    authored: args.authored,
    ...(args.language ? { language: args.language } : {}),
    item,
  };
}

/**
 * Who owns the review: the patient's practice (managing organization), else their own clinician.
 * With neither, the Task has no owner and stays in every reviewer's queue.
 */
export function practiceOf(patient: Patient | undefined): Reference | undefined {
  const org = patient?.managingOrganization;
  if (org?.reference) return { reference: org.reference, ...(org.display ? { display: org.display } : {}) };
  const gp = patient?.generalPractitioner?.find((r) => r.reference);
  return gp ? { reference: gp.reference, ...(gp.display ? { display: gp.display } : {}) } : undefined;
}

/**
 * When the patient hears back: one working day after sending (a Saturday or Sunday moves to Monday).
 * Own design, in one place; the practice's real service hours would replace it.
 */
export function replyBy(authored: Date): Date {
  const due = new Date(authored.getTime() + 24 * 3600 * 1000);
  const day = due.getUTCDay();
  if (day === 6) due.setUTCDate(due.getUTCDate() + 2);
  if (day === 0) due.setUTCDate(due.getUTCDate() + 1);
  return due;
}

export function routeCoding(level: Route['route']) {
  return { system: CG_EVISIT_ROUTE, code: level };
}

export function buildReviewTask(args: {
  kind: EvisitKind;
  qr: QuestionnaireResponse & { id: string };
  route: Route;
  patientId: string;
  owner: Reference | undefined;
  identifier: Identifier;
  authored: string;
  replyBy: string;
}): Task {
  const patient = { reference: `Patient/${args.patientId}` };
  return {
    resourceType: 'Task',
    identifier: [args.identifier],
    status: 'requested',
    intent: 'order',
    priority: args.route.route === 'clinician-review' ? 'urgent' : 'routine',
    code: { coding: [{ system: CG_EVISIT_TASK, code: args.kind }] },
    description: args.kind === 'uri' ? 'E-visit: cold, sore throat or cough' : 'E-visit: acute low back pain',
    focus: { reference: `QuestionnaireResponse/${args.qr.id}` },
    for: patient,
    requester: patient,
    ...(args.owner ? { owner: args.owner } : {}),
    authoredOn: args.authored,
    lastModified: args.authored,
    restriction: { period: { end: args.replyBy } },
    reasonCode: {
      coding: [routeCoding(args.route.route)],
      ...(args.route.flags.length ? { text: args.route.flags.map((f) => f.linkId).join(', ') } : {}),
    },
  };
}

/** A red flag as an Observation: code = the item's linkId in the app's red-flag code system. */
export function buildRedFlagObservations(args: {
  qr: QuestionnaireResponse & { id: string };
  questionnaire: Questionnaire;
  flags: readonly Flag[];
  answers: Answers;
  patientId: string;
  ids: Record<string, Identifier>;
  authored: string;
}): Observation[] {
  return args.flags.flatMap((f) => {
    const identifier = args.ids[f.linkId];
    if (!identifier) return [];
    const question = args.questionnaire.item?.find((i) => i.linkId === f.linkId);
    const answer = args.answers.get(f.linkId)?.[0];
    const coding = [
      { system: CG_EVISIT_RED_FLAG, code: f.linkId, ...(question?.text ? { display: question.text } : {}) },
    ];
    const numeric = answer?.valueDecimal ?? answer?.valueInteger;
    // A temperature keeps the unit the patient read it in (US Core takes Cel or [degF]).
    const value: Partial<Observation> = answer?.valueQuantity
      ? { valueQuantity: { ...answer.valueQuantity } }
      : numeric === undefined
        ? { valueBoolean: true }
        : f.linkId === 'temperature'
          ? { valueQuantity: { value: numeric, unit: '°C', system: UCUM, code: 'Cel' } }
          : { valueQuantity: { value: numeric, unit: '%', system: UCUM, code: '%' } };
    // The oxygen level is also the standard pulse-oximetry observation; temperature the body temperature.
    if (f.linkId === 'uri-2')
      coding.push({
        system: LOINC,
        code: '59408-5',
        display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
      });
    if (f.linkId === 'temperature')
      coding.push({ system: LOINC, code: '8310-5', display: 'Body temperature' });
    const obs: Observation = {
      resourceType: 'Observation',
      identifier: [identifier],
      status: 'final',
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey' }] }],
      code: { coding, ...(question?.text ? { text: question.text } : {}) },
      subject: { reference: `Patient/${args.patientId}` },
      effectiveDateTime: args.authored,
      issued: args.authored,
      performer: [{ reference: `Patient/${args.patientId}` }],
      derivedFrom: [{ reference: `QuestionnaireResponse/${args.qr.id}` }],
      interpretation: [{ coding: [routeCoding(f.level)] }],
      ...value,
    };
    return [obs];
  });
}

/** The e-visit a response belongs to and where it routes (the queue and the CLI read it this way). */
export function describeResponse(
  qr: QuestionnaireResponse,
  questionnaires: Record<EvisitKind, Questionnaire>,
): { kind: EvisitKind; route: Route } | undefined {
  const kind = kindOf(qr.questionnaire);
  if (!kind) return undefined;
  const answers = new Map<string, QuestionnaireResponseItemAnswer[]>();
  for (const i of qr.item ?? []) answers.set(i.linkId, i.answer ?? []);
  return { kind, route: routeOf(questionnaires[kind], answers) };
}
