/**
 * Negotiating goals in the visit: accepting and editing a patient's proposed goal, proposing a
 * clinical one, and recording who agreed (core `goal-acceptance` extension, one per person).
 * Targets follow FHIR's Goal.target guidance: "below 8%" is a range with only a high value, so the
 * goal is met at or below it; an exact value is a quantity. Every detail carries its measure (gol-1).
 */
import type { Extension, Goal, GoalTarget, Identifier, Quantity } from 'fhir/r4';
import { MEASURES, measureConcept, measureOf, type MeasureId } from './measures';
import { fhirText } from './xhtml';
import { GOAL_ACCEPTANCE_EXT, UCUM, US_CORE_GOAL_PROFILE } from '../fhir/vocabulary';

export interface TargetInput {
  measure: MeasureId;
  /** At or above. */
  low?: number;
  /** At or below. */
  high?: number;
  /** An exact value, when neither bound is given. */
  value?: number;
}

export interface GoalAgreement {
  /** The goal in words; for a patient's goal, their words (edited only with them). */
  text: string;
  targets: TargetInput[];
  /** YYYY-MM-DD. */
  due?: string;
  /** `Condition/<id>` references. */
  addresses: string[];
  status: 'accepted' | 'active';
}

export type AcceptanceStatus = 'agree' | 'disagree' | 'pending';

export interface Acceptance {
  individual: string;
  status: AcceptanceStatus;
}

export interface NegotiationContext {
  patientId: string;
  /** `Practitioner/x`, from the session's fhirUser. */
  clinician: string;
  /** YYYY-MM-DD. */
  today: string;
}

function quantity(id: MeasureId, value: number): Quantity {
  const m = MEASURES[id];
  return { value, unit: m.unit, system: UCUM, code: m.ucum };
}

export function targetOf(input: TargetInput, due: string | undefined): GoalTarget {
  const target: GoalTarget = { measure: measureConcept(input.measure) };
  if (input.low !== undefined || input.high !== undefined) {
    target.detailRange = {
      ...(input.low !== undefined ? { low: quantity(input.measure, input.low) } : {}),
      ...(input.high !== undefined ? { high: quantity(input.measure, input.high) } : {}),
    };
  } else if (input.value !== undefined) {
    target.detailQuantity = quantity(input.measure, input.value);
  }
  if (due) target.dueDate = due;
  return target;
}

function targetsOf(a: Pick<GoalAgreement, 'targets' | 'due'>): GoalTarget[] {
  const targets = a.targets.map((t) => targetOf(t, a.due));
  // A due date with no measure is still a target (US Core must-support target.dueDate).
  if (targets.length === 0 && a.due) return [{ dueDate: a.due }];
  return targets;
}

function acceptanceExt(individual: string, status: AcceptanceStatus): Extension {
  return {
    url: GOAL_ACCEPTANCE_EXT,
    extension: [
      { url: 'individual', valueReference: { reference: individual } },
      { url: 'status', valueCode: status },
    ],
  };
}

export function acceptances(goal: Goal): Acceptance[] {
  return (goal.extension ?? [])
    .filter((e) => e.url === GOAL_ACCEPTANCE_EXT)
    .map((e) => ({
      individual: e.extension?.find((x) => x.url === 'individual')?.valueReference?.reference ?? '',
      status: (e.extension?.find((x) => x.url === 'status')?.valueCode ?? 'pending') as AcceptanceStatus,
    }))
    .filter((a) => a.individual !== '');
}

/** Replaces the acceptance entries of the people named, keeping everyone else's. */
function withAcceptance(goal: Goal, entries: Acceptance[]): Extension[] {
  const named = new Set(entries.map((e) => e.individual));
  const kept = (goal.extension ?? []).filter(
    (e) =>
      e.url !== GOAL_ACCEPTANCE_EXT ||
      !named.has(e.extension?.find((x) => x.url === 'individual')?.valueReference?.reference ?? ''),
  );
  return [...kept, ...entries.map((e) => acceptanceExt(e.individual, e.status))];
}

function applyAgreement(goal: Goal, a: Omit<GoalAgreement, 'status'>): Goal {
  const next: Goal = { ...goal, description: { ...goal.description, text: fhirText(a.text) } };
  // Targets on measures this screen does not edit (from other apps) are kept as they were.
  const foreign = (goal.target ?? []).filter((t) => t.measure && !measureOf(t.measure));
  const targets = [...foreign, ...targetsOf(a)];
  if (targets.length) next.target = targets;
  else delete next.target;
  if (a.addresses.length) next.addresses = a.addresses.map((reference) => ({ reference }));
  else delete next.addresses;
  return next;
}

/**
 * The patient and the clinician agree on a goal (the patient's own, or a clinical one): it becomes
 * accepted or active, with both agreements recorded. Id, version (for If-Match), identifier, the
 * patient's categories and everyone else's acceptance entries are kept.
 */
export function agreeGoal(goal: Goal, a: GoalAgreement, ctx: NegotiationContext): Goal {
  const next = applyAgreement(goal, a);
  next.lifecycleStatus = a.status;
  next.statusDate = ctx.today;
  next.startDate ??= ctx.today;
  next.extension = withAcceptance(goal, [
    { individual: `Patient/${ctx.patientId}`, status: 'agree' },
    { individual: ctx.clinician, status: 'agree' },
  ]);
  return next;
}

/** A clinical goal the clinician proposes: proposed until the patient agrees. */
export function proposeClinicalGoal(
  a: Omit<GoalAgreement, 'status'>,
  ctx: NegotiationContext & { identifier: Identifier },
): Goal {
  const goal: Goal = {
    resourceType: 'Goal',
    meta: { profile: [US_CORE_GOAL_PROFILE] },
    identifier: [ctx.identifier],
    lifecycleStatus: 'proposed',
    description: { text: fhirText(a.text) },
    subject: { reference: `Patient/${ctx.patientId}` },
    expressedBy: { reference: ctx.clinician },
    startDate: ctx.today,
  };
  const next = applyAgreement(goal, a);
  next.extension = withAcceptance(next, [
    { individual: ctx.clinician, status: 'agree' },
    { individual: `Patient/${ctx.patientId}`, status: 'pending' },
  ]);
  return next;
}

/** Reads a goal back into the form the clinician edits. Targets on other measures are left as they are. */
export function agreementOf(goal: Goal): GoalAgreement {
  const targets: TargetInput[] = [];
  for (const t of goal.target ?? []) {
    const measure = measureOf(t.measure);
    if (!measure) continue;
    const input: TargetInput = { measure };
    if (t.detailRange?.low?.value !== undefined) input.low = t.detailRange.low.value;
    if (t.detailRange?.high?.value !== undefined) input.high = t.detailRange.high.value;
    if (t.detailQuantity?.value !== undefined) input.value = t.detailQuantity.value;
    targets.push(input);
  }
  const due = goal.target?.find((t) => t.dueDate)?.dueDate;
  return {
    text: goal.description.text ?? goal.description.coding?.[0]?.display ?? '',
    targets,
    ...(due ? { due } : {}),
    addresses: (goal.addresses ?? []).map((r) => r.reference ?? '').filter((r) => r.startsWith('Condition/')),
    status: goal.lifecycleStatus === 'active' ? 'active' : 'accepted',
  };
}

/** Goals the two have agreed on, as opposed to proposals or closed goals. */
export function isAgreed(goal: Goal): boolean {
  return goal.lifecycleStatus === 'accepted' || goal.lifecycleStatus === 'active';
}
