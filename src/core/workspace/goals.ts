/**
 * Negotiating goals in the visit: accepting and editing a patient's proposed goal, proposing a
 * clinical one, and recording who agreed (core `goal-acceptance` extension, one per person).
 * Targets follow FHIR's Goal.target guidance: "at or below 8%" is a range with only a high value;
 * an exact value is a quantity, and "less than 8%" a quantity with the `<` comparator. Every
 * detail carries its measure (gol-1). Whatever a target says is read back into the edit form with
 * the same meaning, and written back unchanged unless the clinician changes it.
 */
import type { Extension, Goal, GoalTarget, Identifier, Quantity, Reference } from 'fhir/r4';
import { MEASURES, measureConcept, measureOf, type MeasureId } from './measures';
import { fhirText } from './xhtml';
import { GOAL_ACCEPTANCE_EXT, UCUM, US_CORE_GOAL_PROFILE } from '../fhir/vocabulary';
import { localRef } from '../fhir/references';
import { editPriorityText } from '../voice/mapping';
import { isOutcomeGoal } from '../voice/stated';

export type Comparator = '<' | '<=' | '>=' | '>';
const COMPARATORS: readonly string[] = ['<', '<=', '>=', '>'];

/** A numeric target on a measure this screen edits. */
export interface MeasuredTarget {
  measure: MeasureId;
  /** At or above (a range's low). */
  low?: number;
  /** At or below (a range's high). */
  high?: number;
  /** A quantity, when neither bound is given: exactly this value, or compared to it. */
  value?: number;
  comparator?: Comparator;
  /** YYYY-MM-DD. */
  due?: string;
  /** The target this was read from: written back unchanged while nothing above differs from it. */
  read?: GoalTarget;
}

/** A target this screen does not edit (another measure or unit, words, a code, a duration): kept. */
export interface KeptTarget {
  kept: GoalTarget;
}

export type TargetInput = MeasuredTarget | KeptTarget;

export interface GoalAgreement {
  /** The goal in words; for a patient's goal, their words (edited only with them). */
  text: string;
  targets: TargetInput[];
  /** `Condition/<id>` references. */
  addresses: string[];
  /** On hold only for a goal read on hold: editing its words must not restart it. */
  status: 'accepted' | 'active' | 'on-hold';
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

/** A plain number in the measure's own unit: anything else is not this screen's to rewrite. */
function valueIn(q: Quantity | undefined, id: MeasureId): number | undefined {
  if (typeof q?.value !== 'number' || q.comparator !== undefined) return undefined;
  const m = MEASURES[id];
  const unitOk =
    q.code !== undefined ? q.code === m.ucum : q.unit === undefined || q.unit === m.unit || q.unit === m.ucum;
  return unitOk ? q.value : undefined;
}

const DETAILS = [
  'detailQuantity',
  'detailRange',
  'detailCodeableConcept',
  'detailString',
  'detailBoolean',
  'detailInteger',
  'detailRatio',
] as const;

/** A target as the form edits it, or undefined when the form cannot say what it says. */
export function measuredOf(t: GoalTarget): MeasuredTarget | undefined {
  const measure = measureOf(t.measure);
  if (!measure) return undefined;
  const details = DETAILS.filter((d) => t[d] !== undefined);
  const out: MeasuredTarget = { measure, read: t };
  if (details.length === 1 && details[0] === 'detailQuantity' && t.detailQuantity) {
    const { comparator, ...plain } = t.detailQuantity;
    const value = valueIn(plain, measure);
    if (value === undefined) return undefined;
    out.value = value;
    if (comparator !== undefined) {
      if (!COMPARATORS.includes(comparator)) return undefined;
      out.comparator = comparator as Comparator;
    }
  } else if (details.length === 1 && details[0] === 'detailRange' && t.detailRange) {
    const { low, high } = t.detailRange;
    const lo = valueIn(low, measure);
    const hi = valueIn(high, measure);
    if ((low && lo === undefined) || (high && hi === undefined) || (lo === undefined && hi === undefined))
      return undefined;
    if (lo !== undefined) out.low = lo;
    if (hi !== undefined) out.high = hi;
  } else return undefined;
  if (t.dueDate) out.due = t.dueDate;
  return out;
}

function sameMeaning(a: MeasuredTarget, b: MeasuredTarget): boolean {
  return (
    a.measure === b.measure &&
    a.low === b.low &&
    a.high === b.high &&
    a.value === b.value &&
    a.comparator === b.comparator &&
    a.due === b.due
  );
}

export function targetOf(input: TargetInput): GoalTarget {
  if ('kept' in input) return input.kept;
  const read = input.read;
  const asRead = read ? measuredOf(read) : undefined;
  if (read && asRead && sameMeaning(asRead, input)) return read;
  // Changed: what the target said is rewritten; anything else it carried (its measure's own
  // coding, an id, extensions) stays.
  const target: GoalTarget = {};
  for (const [k, v] of Object.entries(read ?? {})) {
    if (!k.startsWith('detail') && !k.startsWith('due') && k !== 'measure') Object.assign(target, { [k]: v });
  }
  target.measure =
    read?.measure && measureOf(read.measure) === input.measure ? read.measure : measureConcept(input.measure);
  if (input.low !== undefined || input.high !== undefined) {
    target.detailRange = {
      ...(input.low !== undefined ? { low: quantity(input.measure, input.low) } : {}),
      ...(input.high !== undefined ? { high: quantity(input.measure, input.high) } : {}),
    };
  } else if (input.value !== undefined) {
    target.detailQuantity = {
      ...(input.comparator ? { comparator: input.comparator } : {}),
      ...quantity(input.measure, input.value),
    };
  }
  if (input.due) target.dueDate = input.due;
  return target;
}

/** The form's words for a target's bound. "below" and "above" include the value itself. */
export type Bound = 'under' | 'below' | 'above' | 'over' | 'between' | 'exactly';
export const BOUNDS: readonly Bound[] = ['under', 'below', 'above', 'over', 'between', 'exactly'];

/** One measured target as the edit form holds it: what is typed, and the target it was read from. */
export interface TargetRow {
  /** Empty on a row the clinician added and has not yet filled in: nothing is chosen for them. */
  measure: MeasureId | '';
  bound: Bound | '';
  a: string;
  b: string;
  read?: GoalTarget;
}

/** A target the form shows as it is and can only remove. */
export interface KeptRow {
  kept: GoalTarget;
}

export type FormTarget = TargetRow | KeptRow;

/** The targets part of the edit form: its rows and its one due date (as read, to tell a change). */
export interface TargetsForm {
  targets: FormTarget[];
  due: string;
  dueRead?: string;
}

const BOUND_OF: Record<Comparator, Bound> = { '<': 'under', '<=': 'below', '>=': 'above', '>': 'over' };

export function rowOf(t: MeasuredTarget): TargetRow {
  const row = (bound: Bound, a: number | undefined, b?: number): TargetRow => ({
    measure: t.measure,
    bound,
    a: a !== undefined ? String(a) : '',
    b: b !== undefined ? String(b) : '',
    ...(t.read ? { read: t.read } : {}),
  });
  if (t.low !== undefined && t.high !== undefined) return row('between', t.low, t.high);
  if (t.high !== undefined) return row('below', t.high);
  if (t.low !== undefined) return row('above', t.low);
  return row(t.comparator ? BOUND_OF[t.comparator] : 'exactly', t.value);
}

/** Accepts "7.5" and "7,5" (Spanish-speaking clinicians write decimal commas). */
export function parseNumber(s: string): number | undefined {
  const v = Number(s.trim().replace(',', '.'));
  return s.trim() !== '' && Number.isFinite(v) ? v : undefined;
}

/** A new target row: no measure and no comparison until the clinician picks them. */
export const emptyTargetRow = (): TargetRow => ({ measure: '', bound: '', a: '', b: '' });

/** Why a row cannot be saved as it stands, or undefined when it can. */
export function rowProblem(r: TargetRow): 'measure' | 'bound' | 'number' | undefined {
  if (!r.measure) return 'measure';
  if (!r.bound) return 'bound';
  return inputOfRow(r, undefined) ? undefined : 'number';
}

/**
 * What a row says, or undefined when it lacks a measure or a comparison, is not a number, or is a
 * range whose end is below its start.
 */
export function inputOfRow(r: TargetRow, due: string | undefined): MeasuredTarget | undefined {
  const a = parseNumber(r.a);
  const b = parseNumber(r.b);
  if (a === undefined || !r.measure || !r.bound) return undefined;
  // "At or below" keeps the shape it was read in: a range's high, or a quantity with <=.
  const asQuantity = r.read?.detailQuantity !== undefined;
  const base: MeasuredTarget = {
    measure: r.measure,
    ...(r.read ? { read: r.read } : {}),
    ...(due ? { due } : {}),
  };
  switch (r.bound) {
    case 'under':
      return { ...base, value: a, comparator: '<' };
    case 'over':
      return { ...base, value: a, comparator: '>' };
    case 'below':
      return asQuantity ? { ...base, value: a, comparator: '<=' } : { ...base, high: a };
    case 'above':
      return asQuantity ? { ...base, value: a, comparator: '>=' } : { ...base, low: a };
    case 'exactly':
      return { ...base, value: a };
    case 'between':
      return b === undefined || b < a ? undefined : { ...base, low: a, high: b };
  }
}

function sameRow(a: TargetRow, b: TargetRow): boolean {
  return a.measure === b.measure && a.bound === b.bound && a.a.trim() === b.a && a.b.trim() === b.b;
}

export function isKeptRow(r: FormTarget): r is KeptRow {
  return 'kept' in r;
}

/** The form's rows for a goal's targets, in their order, and the due date they share. */
export function targetsForm(goal: Goal | undefined): TargetsForm {
  const targets = goal?.target ?? [];
  const due = targets.find((t) => t.dueDate)?.dueDate ?? '';
  return {
    targets: targets.map((t): FormTarget => {
      const m = measuredOf(t);
      return m ? rowOf(m) : { kept: t };
    }),
    due,
    dueRead: due,
  };
}

function withDue(t: GoalTarget, due: string): GoalTarget | undefined {
  const { dueDate: _date, dueDuration: _duration, ...rest } = t;
  const next: GoalTarget = { ...rest, ...(due ? { dueDate: due } : {}) };
  return Object.keys(next).length ? next : undefined;
}

/**
 * The targets a filled-in form means. Rows the clinician left alone come back as they were read;
 * a changed due date applies to every target (the form has one).
 */
export function targetsFromForm(form: TargetsForm): { targets: TargetInput[]; invalid: number[] } {
  const dueChanged = form.due !== (form.dueRead ?? '');
  const targets: TargetInput[] = [];
  const invalid: number[] = [];
  form.targets.forEach((row, i) => {
    if (isKeptRow(row)) {
      const kept = dueChanged ? withDue(row.kept, form.due) : row.kept;
      if (kept) targets.push({ kept });
      return;
    }
    const asRead = row.read ? measuredOf(row.read) : undefined;
    if (asRead && !dueChanged && sameRow(row, rowOf(asRead))) {
      // Untouched: what was read, even a range the form itself would not accept (low above high).
      targets.push(asRead);
      return;
    }
    const due = dueChanged || !row.read ? form.due : row.read.dueDate;
    const input = inputOfRow(row, due);
    if (input) targets.push(input);
    else invalid.push(i);
  });
  // A due date with no measure is still a target (US Core must-support target.dueDate).
  if (targets.length === 0 && invalid.length === 0 && form.due) targets.push({ kept: { dueDate: form.due } });
  return { targets, invalid };
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
  // New words drop a code that described the old ones, as the patient's own edit does; the words
  // as shown (a coded goal's display) keep their code.
  const text = fhirText(a.text);
  const shown = fhirText(goal.description.text ?? goal.description.coding?.[0]?.display ?? '');
  const next: Goal = {
    ...goal,
    description: text === shown ? { ...goal.description, text } : editPriorityText(goal, text).description,
  };
  const targets = a.targets.map(targetOf);
  if (targets.length) next.target = targets;
  else delete next.target;
  // What the goal addresses besides Conditions (an Observation, a what-matters assessment) is not
  // this form's to drop; a Condition kept keeps its reference as it was written.
  const byRef = new Map((goal.addresses ?? []).map((r) => [conditionRef(r) ?? '', r]));
  const addresses: Reference[] = [
    ...(goal.addresses ?? []).filter((r) => !conditionRef(r)),
    ...a.addresses.map((reference) => byRef.get(reference) ?? { reference }),
  ];
  if (addresses.length) next.addresses = addresses;
  else delete next.addresses;
  return next;
}

/** `Condition/<id>` for a reference to a Condition, relative or absolute. */
function conditionRef(ref: Reference): string | undefined {
  const local = localRef(ref);
  return local?.startsWith('Condition/') ? local : undefined;
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

/** Reads a goal back into what the clinician edits: every target, each with its own meaning. */
export function agreementOf(goal: Goal): GoalAgreement {
  return {
    text: goal.description.text ?? goal.description.coding?.[0]?.display ?? '',
    targets: (goal.target ?? []).map((t) => measuredOf(t) ?? { kept: t }),
    addresses: (goal.addresses ?? []).flatMap((r) => conditionRef(r) ?? []),
    status:
      goal.lifecycleStatus === 'active' || goal.lifecycleStatus === 'on-hold'
        ? goal.lifecycleStatus
        : 'accepted',
  };
}

/** Goals the two have agreed on, as opposed to proposals or closed goals. */
export function isAgreed(goal: Goal): boolean {
  return goal.lifecycleStatus === 'accepted' || goal.lifecycleStatus === 'active';
}

const OPEN = new Set<Goal['lifecycleStatus']>(['proposed', 'planned', 'accepted', 'active', 'on-hold']);

/**
 * The goals the clinician and patient negotiate: open outcome goals (the patient's or clinical
 * ones), proposals first. Values and care preferences inform the visit but are never goals to agree.
 */
export function goalsToNegotiate(goals: readonly Goal[], patientId: string): Goal[] {
  return goals
    .filter((g) => OPEN.has(g.lifecycleStatus) && isOutcomeGoal(g, patientId))
    .sort((a, b) => Number(b.lifecycleStatus === 'proposed') - Number(a.lifecycleStatus === 'proposed'));
}
