/**
 * Reading what matters to the patient back out of their Goals — the same reading for the patient's
 * own view, the clinician workspace and the value-care prompts. Goals the patient stated carry the
 * PCO what-matters category and `expressedBy` the Patient; Common Ground's priority-kind category
 * tells values, outcome goals and care preferences apart.
 */
import type { Goal } from 'fhir/r4';
import {
  CARE_PREFERENCES,
  codeFrom,
  GOAL_DOMAINS,
  hasCoding,
  PRIORITY_KINDS,
  type CarePreference,
  type GoalDomain,
  type PriorityKind,
} from './vocabulary';
import {
  CG_CARE_PREFERENCE,
  CG_PRIORITY_KIND,
  PCO_CONCEPTS,
  PCO_GOAL_DOMAINS,
  PRIORITY_RANK_EXT,
} from '../fhir/vocabulary';
import { isPatientRef } from '../fhir/references';

export interface Priority {
  goal: Goal;
  kind: PriorityKind;
  /** The patient's own words. */
  text: string;
  domain?: GoalDomain;
  /** For care preferences picked from the list: which kind of care. */
  preference?: CarePreference;
  oneThing: boolean;
  /** When it was stated (Goal.startDate, else when the record was last changed). */
  stated?: string;
}

export interface Priorities {
  oneThing?: Priority;
  /** Values and outcome goals other than the one thing, in the patient's order. */
  others: Priority[];
  helpful: Priority[];
  burdensome: Priority[];
}

const CLOSED = new Set<Goal['lifecycleStatus']>(['cancelled', 'entered-in-error', 'rejected', 'completed']);

/** True for a Goal the patient stated (by their own hand or recorded for them in a visit). */
export function isPatientPriority(goal: Goal, patientId: string): boolean {
  return isPatientRef(goal.expressedBy, patientId) && hasCoding(goal.category, PCO_CONCEPTS, 'what-matters');
}

function kindOf(goal: Goal): PriorityKind {
  const code = codeFrom(goal.category, CG_PRIORITY_KIND);
  return (PRIORITY_KINDS as readonly string[]).includes(code ?? '') ? (code as PriorityKind) : 'outcome-goal';
}

/** Patient order: an explicit rank (the ordinal extension we write), else the date stated. */
function rank(goal: Goal): number {
  const ext = goal.extension?.find((e) => e.url === PRIORITY_RANK_EXT);
  return typeof ext?.valueInteger === 'number' ? ext.valueInteger : Number.MAX_SAFE_INTEGER;
}

export function toPriority(goal: Goal): Priority {
  const p: Priority = {
    goal,
    kind: kindOf(goal),
    text: goal.description.text ?? goal.description.coding?.[0]?.display ?? '',
    oneThing: hasCoding(
      goal.priority,
      'http://terminology.hl7.org/CodeSystem/goal-priority',
      'high-priority',
    ),
  };
  const domain = codeFrom(goal.category, PCO_GOAL_DOMAINS);
  if ((GOAL_DOMAINS as readonly string[]).includes(domain ?? '')) p.domain = domain as GoalDomain;
  const pref = goal.description.coding?.find((c) => c.system === CG_CARE_PREFERENCE)?.code;
  if ((CARE_PREFERENCES as readonly string[]).includes(pref ?? '')) p.preference = pref as CarePreference;
  const stated = goal.startDate ?? goal.meta?.lastUpdated;
  if (stated) p.stated = stated;
  return p;
}

export function readPriorities(goals: Goal[], patientId: string): Priorities {
  const open = goals
    .filter((g) => !CLOSED.has(g.lifecycleStatus) && isPatientPriority(g, patientId))
    .map(toPriority)
    .sort((a, b) => rank(a.goal) - rank(b.goal) || (a.stated ?? '').localeCompare(b.stated ?? ''));
  const aims = open.filter((p) => p.kind === 'value' || p.kind === 'outcome-goal');
  // If several were marked, the highest-ranked one is the one thing; the rest are high priority.
  const oneThing = aims.find((p) => p.oneThing);
  return {
    ...(oneThing ? { oneThing } : {}),
    others: aims.filter((p) => p !== oneThing),
    helpful: open.filter((p) => p.kind === 'care-helpful'),
    burdensome: open.filter((p) => p.kind === 'care-burdensome'),
  };
}

/** What the patient retired earlier, newest first: shown so nothing they wrote vanishes silently. */
export function retiredPriorities(goals: Goal[], patientId: string): Priority[] {
  return goals
    .filter((g) => g.lifecycleStatus === 'cancelled' && isPatientPriority(g, patientId))
    .map(toPriority)
    .sort((a, b) =>
      (b.goal.meta?.lastUpdated ?? b.stated ?? '').localeCompare(a.goal.meta?.lastUpdated ?? a.stated ?? ''),
    );
}
