/**
 * What the patient says, as the Goal written to their record: US Core Goal + PCO Goal shape, the
 * patient's own words in description.text, `expressedBy` the Patient, `proposed` until agreed.
 */
import type { Goal, Identifier } from 'fhir/r4';
import {
  CG_CARE_PREFERENCE,
  domainCategory,
  HIGH_PRIORITY,
  kindCategory,
  PCO_GOAL_PROFILE,
  PRIORITY_RANK_EXT,
  US_CORE_GOAL_PROFILE,
  WHAT_MATTERS,
  type CarePreference,
  type GoalDomain,
  type PriorityKind,
} from './vocabulary';

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

/** An edit keeps id, version (for If-Match), identifier and history; only what the patient changed moves. */
export function editPriorityGoal(goal: Goal, input: PriorityInput): Goal {
  return applyInput(goal, input);
}

/** Retired, not deleted: the record keeps what the patient once said. */
export function retirePriorityGoal(goal: Goal): Goal {
  return { ...goal, lifecycleStatus: 'cancelled' };
}
