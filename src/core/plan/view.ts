/**
 * The shared plan as every view reads it — the patient's view, the print copy, the narrative and
 * the clinician's editor: what we aim for, and the activities in three groups that mean the same
 * thing everywhere:
 *
 * - agreed: what we will do;
 * - declined: what was offered and we decided not to do (`cancelled`/`stopped`), with the reason;
 * - not to do: what we will deliberately not do (`doNotPerform`).
 *
 * An activity entered in error is in no group.
 */
import type {
  Annotation,
  CarePlan,
  CarePlanActivity,
  CodeableConcept,
  Condition,
  Goal,
  Reference,
} from 'fhir/r4';
import { actionId, appGoalTarget, declineReasonText, type PlanWords } from './words';
import { conceptText } from '../record/display';
import { isDeclinedStatus } from '../prompts/decline';
import { ADOPTED_NARRATIVE_EXT, CG_DECISION_AID, DECISION_AID_SHOWN_EXT } from '../fhir/vocabulary';

/** The decision aid a note records as shown (`aids.ts`), when it is such a note. */
export function aidNoteId(note: Annotation): string | undefined {
  const ext = note.extension?.find((e) => e.url === DECISION_AID_SHOWN_EXT);
  return ext?.valueCoding?.system === CG_DECISION_AID ? ext.valueCoding.code : undefined;
}

/** An aid note is a record for the metrics and the aid views, not a note to show as text. */
export function isAidNote(note: Annotation): boolean {
  return aidNoteId(note) !== undefined;
}

export type ActivityKind = 'agreed' | 'declined' | 'not-to-do';

/** One rule for which group a stored activity is in (undefined: shown in none). */
export function activityKind(act: CarePlanActivity): ActivityKind | undefined {
  const d = act.detail;
  if (!d || d.status === 'entered-in-error') return undefined;
  if (isDeclinedStatus(d.status)) return 'declined';
  if (d.doNotPerform) return 'not-to-do';
  return 'agreed';
}

/**
 * Every reason a list gives, in its order, each by its words or else its coding's display: an EHR's
 * second reason, or a coded one without text, is as much the reason as the first.
 */
export function conceptsText(list: readonly CodeableConcept[] | undefined): string | undefined {
  const texts = (list ?? []).map((c) => conceptText(c)?.trim()).filter((t): t is string => Boolean(t));
  return texts.length ? texts.join('; ') : undefined;
}

/** The activity's words as stored. */
export function storedText(act: CarePlanActivity): string | undefined {
  const d = act.detail;
  return (
    d?.description ??
    conceptText(d?.code) ??
    act.reference?.display ??
    act.outcomeCodeableConcept?.map(conceptText).find(Boolean) ??
    act.progress?.[0]?.text
  );
}

export interface PlanItem {
  /** In the viewer's language when the app wrote it, else as written. */
  text: string;
  reason?: string;
  /** Said beside the item: a done or paused activity is still in its group, but not "to do". */
  progress?: Progress;
}

export type Progress = 'done' | 'paused';

/**
 * Where an activity in force stands, when it is not simply ahead of us. Only what we will do can be
 * done; a prohibition (not to do) can be paused but has no "done" (completed means it ran its course).
 */
export function activityProgress(act: CarePlanActivity): Progress | undefined {
  const kind = activityKind(act);
  const status = act.detail?.status;
  if (status === 'on-hold' && (kind === 'agreed' || kind === 'not-to-do')) return 'paused';
  if (status === 'completed' && kind === 'agreed') return 'done';
  return undefined;
}

export interface PlanSections {
  agreed: PlanItem[];
  declined: PlanItem[];
  notToDo: PlanItem[];
}

function item(act: CarePlanActivity, kind: ActivityKind, words: PlanWords | undefined): PlanItem | undefined {
  const stored = storedText(act)?.trim();
  if (!stored) return undefined;
  const id = words && actionId(act);
  const text = id && words ? words.action(id) : stored;
  const d = act.detail;
  const reason =
    kind === 'declined'
      ? words
        ? declineReasonText(act, words)
        : conceptText(d?.statusReason)?.trim()
      : conceptsText(d?.reasonCode);
  // A reason that only repeats what the item says tells the reader nothing.
  const shown = reason && reason !== stored && reason !== text ? reason : undefined;
  const progress = activityProgress(act);
  return { text, ...(shown ? { reason: shown } : {}), ...(progress ? { progress } : {}) };
}

/** The narrative a plan had when this app adopted it, if it was adopted. */
export function adoptedNarrative(plan: CarePlan): string | undefined {
  return plan.text?.extension?.find((e) => e.url === ADOPTED_NARRATIVE_EXT)?.valueString;
}

export function planSections(plan: CarePlan, words?: PlanWords): PlanSections {
  const out: PlanSections = { agreed: [], declined: [], notToDo: [] };
  for (const act of plan.activity ?? []) {
    const kind = activityKind(act);
    const it = kind && item(act, kind, words);
    if (!kind || !it) continue;
    (kind === 'agreed' ? out.agreed : kind === 'declined' ? out.declined : out.notToDo).push(it);
  }
  return out;
}

export interface CarePlanView extends PlanSections {
  /** The plan's own title, when it has one other than the app's default. */
  title?: string;
  status: CarePlan['status'];
  updated?: string;
  /** What we are still aiming for. */
  goals: string[];
  /** Goals the record marks completed: reached, no longer an aim. */
  achieved: string[];
  notes: string[];
  /** The narrative as plain text, used only when the plan has no structured content to show. */
  narrative?: string;
  /** The narrative an adopted plan came with, as plain text: always shown, it may say more. */
  earlier?: string;
}

/** The record's Goals and Conditions, so every view names what the plan points to alike. */
export interface PlanRecord {
  goals: readonly Goal[];
  conditions: readonly Condition[];
}

/**
 * The plan's goal references, each named by its Goal's words when the record has the Goal (a
 * decision links a Goal by reference alone), else by the name the reference carries.
 */
export function namedGoals(
  refs: Reference[] | undefined,
  goals: readonly Goal[],
  words?: PlanWords,
): Reference[] {
  const byRef = new Map(goals.filter((g) => g.id).map((g) => [`Goal/${g.id}`, g]));
  return (refs ?? []).map((ref) => {
    const goal = byRef.get(ref.reference ?? '');
    const target = goal && words && appGoalTarget(goal);
    const name = target && words ? words.goalBelow(target) : goal?.description.text?.trim();
    return name ? { ...ref, display: name } : { ...ref };
  });
}

/**
 * The plan's problem references, each named by its Condition in the record (the EHR often writes
 * `addresses` as a bare reference), else by the name the reference carries.
 */
export function namedConditions(
  refs: Reference[] | undefined,
  conditions: readonly Condition[],
): Reference[] {
  const byRef = new Map(conditions.filter((c) => c.id).map((c) => [`Condition/${c.id}`, c]));
  return (refs ?? []).map((ref) => {
    const c = byRef.get(ref.reference ?? '');
    const name = c && conceptText(c.code)?.trim();
    return name ? { ...ref, display: name } : { ...ref };
  });
}

/**
 * Goals that are over. Completed is kept apart as achieved; cancelled ("no longer matters"),
 * rejected and entered-in-error are no aim at all, and are not shown: the plan still points to them,
 * and the editor still lists them so the clinician can take them out.
 */
const ENDED: ReadonlySet<Goal['lifecycleStatus'] | undefined> = new Set([
  'cancelled',
  'rejected',
  'entered-in-error',
]);

const names = (refs: Reference[]) => [
  ...new Set(refs.map((r) => r.display?.trim()).filter((x): x is string => Boolean(x))),
];

/** What the plan aims for, has achieved and is about, named from the record, for every view. */
export function planAims(
  plan: CarePlan,
  record: Partial<PlanRecord> = {},
  words?: PlanWords,
): { goals: string[]; achieved: string[]; problems: string[] } {
  const byRef = new Map((record.goals ?? []).filter((g) => g.id).map((g) => [`Goal/${g.id}`, g]));
  const status = (r: Reference) => byRef.get(r.reference ?? '')?.lifecycleStatus;
  const goals = namedGoals(plan.goal, record.goals ?? [], words);
  const wrong = (c: Condition) =>
    c.verificationStatus?.coding?.some((x) => x.code === 'entered-in-error') ?? false;
  const errors = new Set((record.conditions ?? []).filter(wrong).map((c) => `Condition/${c.id}`));
  return {
    goals: names(goals.filter((r) => status(r) !== 'completed' && !ENDED.has(status(r)))),
    achieved: names(goals.filter((r) => status(r) === 'completed')),
    problems: names(
      namedConditions(plan.addresses, record.conditions ?? []).filter((r) => !errors.has(r.reference ?? '')),
    ),
  };
}

/** The title this app gives its plans: views show their own heading instead of the stored English. */
export const APP_PLAN_TITLE = 'Shared care plan';

/**
 * `narrativeText` turns the plan's XHTML narrative into plain text; it is injected because parsing
 * HTML needs a DOM (the browser's inert DOMParser), which the core must not touch.
 */
export function carePlanView(
  plan: CarePlan,
  goals: readonly Goal[],
  narrativeText: (xhtml: string) => string = () => '',
  words?: PlanWords,
): CarePlanView {
  const aims = planAims(plan, { goals }, words);
  const sections = planSections(plan, words);
  const view: CarePlanView = {
    status: plan.status,
    goals: aims.goals,
    achieved: aims.achieved,
    ...sections,
    notes: (plan.note ?? [])
      .filter((n) => !isAidNote(n))
      .map((n) => n.text)
      .filter((t) => t.trim() !== ''),
  };
  if (plan.title && plan.title !== APP_PLAN_TITLE) view.title = plan.title;
  const updated = plan.meta?.lastUpdated ?? plan.period?.start ?? plan.created;
  if (updated) view.updated = updated;
  const empty =
    !view.goals.length &&
    !view.achieved.length &&
    !sections.agreed.length &&
    !sections.declined.length &&
    !sections.notToDo.length &&
    !view.notes.length;
  if (empty && plan.text?.div) {
    const narrative = narrativeText(plan.text.div).trim();
    if (narrative) view.narrative = narrative;
  }
  if (empty && plan.description) view.narrative ??= plan.description;
  const earlier = adoptedNarrative(plan);
  const earlierText = earlier && narrativeText(earlier).trim();
  if (earlierText) view.earlier = earlierText;
  return view;
}
