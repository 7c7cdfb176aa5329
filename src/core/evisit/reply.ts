/**
 * The clinician's reply to an e-visit, as FHIR: the diagnosis (an encounter-diagnosis Condition the
 * rules can see), the e-visit Encounter (class VR, CPT 99421–99423 by the time spent), an order the
 * clinician intends (MedicationRequest / ServiceRequest, intent proposal), the message to the patient
 * (Communication) and the review Task completed with its outcome. And the stewardship check: the rule
 * engine run on the record plus what is about to be written, so R7 / R6 show before sending.
 *
 * Codes: ICD-10-CM J06.9 / J00 (VSAC Upper Respiratory Infection, CMS154), M54.50 (CEVR low back
 * pain list, M54.5 prefix), RxNorm 308191 amoxicillin 500 MG Oral Capsule (VSAC Antibiotic
 * Medications for URI), CPT 72100 / 72148 (CEVR lumbar imaging), CPT 99421–99423 (VSAC Virtual
 * Encounter) — from the project's clinical code lists.
 */
import type {
  CodeableConcept,
  Communication,
  Condition,
  Encounter,
  Identifier,
  MedicationRequest,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from 'fhir/r4';
import type { CodeSets } from '../prompts/codes';
import type { Prompt } from '../prompts/types';
import { ACT_CODE, CONDITION_CATEGORY, CPT, ICD10CM, RXNORM, CG_EVISIT_TASK } from '../fhir/vocabulary';
import type { EvisitKind } from './questionnaires';
import { FREE_REVIEW_STATUSES, HELD_REVIEW_STATUSES, isStatusIn } from './queue';
import { proposalPrompts } from './stewardship';

export type PlanKind = 'self-care' | 'book-visit' | 'antibiotic' | 'imaging';

export interface CodedChoice {
  code: string;
  display: string;
}

export const DIAGNOSES: Record<EvisitKind, readonly CodedChoice[]> = {
  uri: [
    { code: 'J06.9', display: 'Acute upper respiratory infection, unspecified' },
    { code: 'J00', display: 'Acute nasopharyngitis [common cold]' },
  ],
  lbp: [{ code: 'M54.50', display: 'Low back pain, unspecified' }],
};

/** What "an antibiotic" / "imaging" proposes, per e-visit: the order stewardship is about. */
export const ANTIBIOTIC: CodedChoice = { code: '308191', display: 'amoxicillin 500 MG Oral Capsule' };
export const IMAGING: readonly CodedChoice[] = [
  { code: '72100', display: 'X-ray of the lumbar spine' },
  { code: '72148', display: 'MRI of the lumbar spine without contrast' },
];

/**
 * CPT online digital E/M by cumulative minutes over 7 days: 5–10 → 99421, 11–20 → 99422, 21 or
 * more → 99423. Under 5 minutes is not billable as an e-visit: no type code.
 */
export function evisitCpt(minutes: number): CodedChoice | undefined {
  if (!Number.isFinite(minutes) || minutes < 5) return undefined;
  if (minutes <= 10) return { code: '99421', display: 'Online digital E/M service, 5-10 minutes' };
  if (minutes <= 20) return { code: '99422', display: 'Online digital E/M service, 11-20 minutes' };
  return { code: '99423', display: 'Online digital E/M service, 21 or more minutes' };
}

export interface ReplyIds {
  encounter: Identifier;
  condition: Identifier;
  order: Identifier;
  communication: Identifier;
}

export interface ReplyInput {
  kind: EvisitKind;
  task: Task & { id: string };
  patientId: string;
  practitioner: Reference;
  diagnosis: CodedChoice;
  plan: PlanKind;
  /** For an imaging plan: which study. */
  imaging?: CodedChoice;
  minutes: number;
  message: string;
  /** The patient's language (BCP 47), which the message is written in. */
  language: string;
  ids: ReplyIds;
  now: string;
}

const patientRef = (id: string): Reference => ({ reference: `Patient/${id}` });

export function buildEvisitEncounter(input: ReplyInput): Encounter {
  const cpt = evisitCpt(input.minutes);
  return {
    resourceType: 'Encounter',
    identifier: [input.ids.encounter],
    status: 'finished',
    class: { system: ACT_CODE, code: 'VR', display: 'virtual' },
    ...(cpt ? { type: [{ coding: [{ system: CPT, ...cpt }] }] } : {}),
    subject: patientRef(input.patientId),
    participant: [{ individual: input.practitioner }],
    period: { start: input.task.authoredOn ?? input.now, end: input.now },
    ...(Number.isFinite(input.minutes) && input.minutes > 0
      ? { length: { value: input.minutes, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' } }
      : {}),
    reasonCode: [{ coding: [{ system: ICD10CM, ...input.diagnosis }] }],
  };
}

export function buildDiagnosis(input: ReplyInput, encounter: Reference): Condition {
  return {
    resourceType: 'Condition',
    identifier: [input.ids.condition],
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [{ coding: [{ system: CONDITION_CATEGORY, code: 'encounter-diagnosis' }] }],
    code: { coding: [{ system: ICD10CM, ...input.diagnosis }], text: input.diagnosis.display },
    subject: patientRef(input.patientId),
    encounter,
    recordedDate: input.now,
    recorder: input.practitioner,
  };
}

/** The order the clinician intends, or nothing for self-care and a booked visit. */
export function buildProposal(
  input: ReplyInput,
  encounter: Reference,
): MedicationRequest | ServiceRequest | undefined {
  const common = {
    identifier: [input.ids.order],
    status: 'active' as const,
    intent: 'proposal' as const,
    subject: patientRef(input.patientId),
    encounter,
    authoredOn: input.now,
    requester: input.practitioner,
  };
  if (input.plan === 'antibiotic')
    return {
      resourceType: 'MedicationRequest',
      ...common,
      medicationCodeableConcept: { coding: [{ system: RXNORM, ...ANTIBIOTIC }], text: ANTIBIOTIC.display },
    };
  if (input.plan === 'imaging') {
    const study = input.imaging ?? IMAGING[0]!;
    return {
      resourceType: 'ServiceRequest',
      ...common,
      code: { coding: [{ system: CPT, ...study }], text: study.display },
    };
  }
  return undefined;
}

export function buildReply(input: ReplyInput, encounter: Reference): Communication {
  return {
    resourceType: 'Communication',
    identifier: [input.ids.communication],
    status: 'completed',
    basedOn: [{ reference: `Task/${input.task.id}` }],
    ...(input.task.focus ? { about: [input.task.focus] } : {}),
    subject: patientRef(input.patientId),
    recipient: [patientRef(input.patientId)],
    sender: input.practitioner,
    encounter,
    sent: input.now,
    language: input.language,
    payload: [{ contentString: input.message }],
  };
}

const PLAN_SYSTEM = `${CG_EVISIT_TASK}-outcome`;

const isReviewer = (ref: Reference | undefined) => /^Practitioner(Role)?\//.test(ref?.reference ?? '');

/**
 * Who holds an e-visit. A reviewer takes it (in progress, owned by them) before writing anything of
 * the reply, so a second reviewer sees it is being answered instead of sending the patient a second
 * answer. An in-progress Task owned by no reviewer (an older claim, another app's) is held by someone
 * unknown: still not free.
 */
export type Holder =
  | { kind: 'free' }
  | { kind: 'mine' }
  | { kind: 'other'; by?: Reference; since?: string }
  | { kind: 'closed'; status: Task['status']; by?: Reference };

export function holderOf(task: Task, me: Reference | undefined): Holder {
  const owner = isReviewer(task.owner) ? task.owner : undefined;
  if (isStatusIn(FREE_REVIEW_STATUSES, task)) return { kind: 'free' };
  // Accepted (a reviewer agreed to answer, not yet begun) and on hold are held as much as in progress.
  if (isStatusIn(HELD_REVIEW_STATUSES, task)) {
    if (owner && me?.reference && owner.reference === me.reference) return { kind: 'mine' };
    return {
      kind: 'other',
      ...(owner ? { by: owner } : {}),
      ...(task.lastModified ? { since: task.lastModified } : {}),
    };
  }
  return { kind: 'closed', status: task.status, ...(owner ? { by: owner } : {}) };
}

/**
 * The Task taken by this reviewer. The practice that owned it while it waited stays the patient's
 * managing organization on the record; the Task now names who is answering.
 */
export function claimTask(task: Task, practitioner: Reference, now: string): Task {
  return { ...task, status: 'in-progress', owner: practitioner, lastModified: now };
}

/** The Task, done: what was decided, and where the reply and the visit are. */
export function completeTask(
  task: Task,
  input: ReplyInput,
  written: { communication: Reference; encounter: Reference },
): Task {
  return {
    ...task,
    status: 'completed',
    businessStatus: { coding: [{ system: PLAN_SYSTEM, code: input.plan }] },
    lastModified: input.now,
    owner: input.practitioner,
    encounter: written.encounter,
    output: [
      { type: { text: 'reply' }, valueReference: written.communication },
      {
        type: { text: 'diagnosis' },
        valueCodeableConcept: { coding: [{ system: ICD10CM, ...input.diagnosis }] } as CodeableConcept,
      },
    ],
  };
}

/**
 * The prompts the reply would raise: the record plus the diagnosis, the e-visit Encounter and the
 * proposed order, evaluated on the reply's day (stewardship.ts: R7 / R6 only).
 */
export function stewardshipPrompts(
  record: readonly Resource[],
  input: ReplyInput,
  codes: CodeSets,
): Prompt[] {
  const encounter = { ...buildEvisitEncounter(input), id: 'proposed-evisit-encounter' };
  const encRef = { reference: 'Encounter/proposed-evisit-encounter' };
  const proposal = buildProposal(input, encRef);
  if (!proposal) return [];
  const context: Resource[] = [
    encounter,
    { ...buildDiagnosis(input, encRef), id: 'proposed-evisit-diagnosis' },
  ];
  return proposalPrompts(
    record,
    proposal,
    { patientId: input.patientId, date: input.now.slice(0, 10), context },
    codes,
  );
}
