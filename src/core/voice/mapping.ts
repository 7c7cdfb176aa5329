/**
 * What the patient says, as the Goal written to their record: US Core Goal + PCO Goal shape, the
 * patient's own words in description.text, `expressedBy` the Patient, `proposed` until agreed.
 */
import type { Goal, Identifier } from 'fhir/r4';
import { hasCoding } from '../fhir/concepts';
import type { PriorityKind } from './stated';
import {
  domainCategory,
  HIGH_PRIORITY,
  kindCategory,
  WHAT_MATTERS,
  type CarePreference,
  type GoalDomain,
} from './vocabulary';
import {
  CG_CARE_PREFERENCE,
  GOAL_PRIORITY,
  PCO_GOAL_PROFILE,
  PRIORITY_RANK_EXT,
  US_CORE_GOAL_PROFILE,
} from '../fhir/vocabulary';

export interface PriorityInput {
  kind: PriorityKind;
  /** The patient's own words, exactly as typed (never trimmed of meaning, never interpreted as markup). */
  text: string;
  domain?: GoalDomain;
  /** A care preference picked from the list: which kind of care. */
  preference?: CarePreference;
  /** A coded example the patient picked (its display becomes a coding next to their words). */
  example?: { system: string; code: string; display: string };
  oneThing?: boolean;
  /** 1 = first in the patient's order. */
  rank?: number;
}

export interface PriorityContext {
  patientId: string;
  /** YYYY-MM-DD: the day it was stated (US Core asks for startDate or a target due date). */
  today: string;
  identifier: Identifier;
  /** `Practitioner/x` when a clinician records what the patient said during a visit. */
  recordedBy?: string;
}

function applyInput(goal: Goal, input: PriorityInput): Goal {
  const coding = [
    ...(input.example ? [input.example] : []),
    ...(input.preference ? [{ system: CG_CARE_PREFERENCE, code: input.preference }] : []),
  ];
  const extension = (goal.extension ?? []).filter((e) => e.url !== PRIORITY_RANK_EXT);
  if (input.rank !== undefined) extension.push({ url: PRIORITY_RANK_EXT, valueInteger: input.rank });
  const next: Goal = {
    ...goal,
    description: { ...(coding.length ? { coding } : {}), text: input.text },
    category: [
      { coding: [WHAT_MATTERS] },
      kindCategory(input.kind),
      ...(input.domain ? [domainCategory(input.domain)] : []),
    ],
  };
  if (extension.length) next.extension = extension;
  else delete next.extension;
  if (input.oneThing) next.priority = HIGH_PRIORITY;
  else delete next.priority;
  return next;
}

export function newPriorityGoal(input: PriorityInput, ctx: PriorityContext): Goal {
  const goal: Goal = {
    resourceType: 'Goal',
    meta: { profile: [US_CORE_GOAL_PROFILE, PCO_GOAL_PROFILE] },
    identifier: [ctx.identifier],
    lifecycleStatus: 'proposed',
    description: { text: input.text },
    subject: { reference: `Patient/${ctx.patientId}` },
    expressedBy: { reference: `Patient/${ctx.patientId}` },
    startDate: ctx.today,
  };
  if (ctx.recordedBy) {
    goal.note = [
      {
        authorReference: { reference: ctx.recordedBy },
        time: ctx.today,
        text: 'Recorded during a visit, in the patient’s words.',
      },
    ];
  }
  return applyInput(goal, input);
}

/** Retired, not deleted: the record keeps what the patient once said. */
export function retirePriorityGoal(goal: Goal, today: string): Goal {
  // statusDate says when it was taken off the list: a period's "documented" counts it until then.
  return { ...goal, lifecycleStatus: 'cancelled', statusDate: today };
}

/** The longest entry the app accepts (the agenda Questionnaire's maxLength, and a sane bound for a Goal). */
export const MAX_TEXT = 5000;

export type TextProblem = 'empty' | 'too-long';

/** Only emptiness and length are checked: markup, emoji and right-to-left text are the patient's words. */
export function checkText(text: string): TextProblem | undefined {
  if (text.trim() === '') return 'empty';
  if (text.length > MAX_TEXT) return 'too-long';
  return undefined;
}

/**
 * New words for an existing priority. A coded example no longer describes words the patient
 * rewrote, so its coding goes; the kind of care (care-preference) still holds and stays.
 */
export function editPriorityText(goal: Goal, text: string): Goal {
  if (goal.description.text === text) return goal;
  const coding = (goal.description.coding ?? []).filter((c) => c.system === CG_CARE_PREFERENCE);
  return { ...goal, description: { ...(coding.length ? { coding } : {}), text } };
}

/** Sets the patient's order and "the one thing" on one Goal, touching nothing else. */
export function withOrder(goal: Goal, rank: number, oneThing: boolean): Goal {
  const extension = (goal.extension ?? []).filter((e) => e.url !== PRIORITY_RANK_EXT);
  extension.push({ url: PRIORITY_RANK_EXT, valueInteger: rank });
  const next: Goal = { ...goal, extension };
  if (oneThing) next.priority = HIGH_PRIORITY;
  else delete next.priority;
  return next;
}

function orderOf(goal: Goal): { rank: number | undefined; oneThing: boolean } {
  const rank = goal.extension?.find((e) => e.url === PRIORITY_RANK_EXT)?.valueInteger;
  const oneThing = hasCoding(goal.priority, GOAL_PRIORITY, 'high-priority');
  return { rank, oneThing };
}

/**
 * The writes that put the patient's aims in the given order, the first being "the one thing"
 * when `firstIsOneThing`: ranks 1..n, high-priority only on the one thing. Only Goals whose rank or
 * priority actually changes are returned, so a move costs as few writes as it can.
 */
export function planOrder(ordered: Goal[], firstIsOneThing: boolean): Goal[] {
  const changed: Goal[] = [];
  ordered.forEach((goal, i) => {
    const want = { rank: i + 1, oneThing: firstIsOneThing && i === 0 };
    const have = orderOf(goal);
    if (have.rank !== want.rank || have.oneThing !== want.oneThing) {
      changed.push(withOrder(goal, want.rank, want.oneThing));
    }
  });
  return changed;
}

/** Reads back what withOrder wrote (for re-applying an order onto a newer version after a 412). */
export function orderFields(goal: Goal): { rank: number; oneThing: boolean } {
  const { rank, oneThing } = orderOf(goal);
  return { rank: rank ?? Number.MAX_SAFE_INTEGER, oneThing };
}

/** Undoes a retirement: the patient put it back on their list. */
export function restorePriorityGoal(goal: Goal): Goal {
  return { ...goal, lifecycleStatus: 'proposed' };
}
