/**
 * Building and updating the shared care plan: one CarePlan per patient that the clinician and
 * patient update together. US Core CarePlan (assess-plan category, generated narrative), marked as
 * ours by a second category coding and a business identifier. Activities the app writes are always
 * `detail` (never `reference`, cpl-3) in the three shapes of `view.ts`.
 *
 * A plan the EHR or another app wrote is continued, not duplicated: the first save adopts it in
 * place (same id, If-Match on its version), keeping its author, activities and narrative and adding
 * the clinician and patient as contributors and this app's category and identifier.
 */
import type {
  Annotation,
  CarePlan,
  CarePlanActivity,
  CarePlanActivityDetail,
  CodeableConcept,
  Identifier,
  Reference,
} from 'fhir/r4';
import { fhirText } from '../workspace/xhtml';
import { conceptText } from '../record/display';
import { isDeclinedStatus } from '../prompts/decline';
import { ACTIVITY_KEY_EXT, ADOPTED_NARRATIVE_EXT, US_CORE_CAREPLAN_PROFILE } from '../fhir/vocabulary';
import { ASSESS_PLAN, SHARED_PLAN, isAssessPlan, isSharedPlan } from './select';
import { withNarrative, type NarrativeLabels } from './narrative';
import { APP_PLAN_TITLE, activityKind, conceptsText, storedText } from './view';

interface ActivityBase {
  /** What it is, in plain words. */
  text: string;
  /** Stable key; an activity with the same key replaces the earlier one. */
  key?: string;
  code?: CodeableConcept;
  /** The activity as read, so elements this app does not edit survive a round trip. */
  source?: CarePlanActivity;
}

/** A Goal the activity serves: `Goal/<id>`, or a reference carrying the goal's words as `display`. */
export type GoalLink = string | Reference;

export type PlanActivity =
  | (ActivityBase & { kind: 'agreed'; reason?: string; goals?: GoalLink[] })
  | (ActivityBase & { kind: 'declined'; reason: string })
  | (ActivityBase & { kind: 'not-to-do'; reason?: string });

export interface PlanContent {
  /** Agreed Goals, with their text as `display` so the narrative needs no lookups. */
  goals: Reference[];
  /** Conditions, with their names as `display`. */
  addresses: Reference[];
  activities: PlanActivity[];
  /** This visit's summary, in plain language. */
  summary: string;
}

export interface PlanContext {
  patientId: string;
  /** `Practitioner/x`. */
  clinician: string;
  /** YYYY-MM-DD. */
  today: string;
  /** Used when the plan is created or adopted. */
  identifier: Identifier;
  labels?: NarrativeLabels;
}

const goalRef = (g: GoalLink): Reference => (typeof g === 'string' ? { reference: g } : { ...g });

function keyOf(act: CarePlanActivity): string | undefined {
  return act.extension?.find((e) => e.url === ACTIVITY_KEY_EXT)?.valueString;
}

/** Statuses the stored activity may keep under each kind; anything else is set to the kind's own. */
const IN_FORCE = new Set(['not-started', 'scheduled', 'in-progress', 'on-hold', 'completed', 'unknown']);
const KEEPS: Record<PlanActivity['kind'], (status: string) => boolean> = {
  agreed: (s) => IN_FORCE.has(s),
  // The engine's own test, so a status the plan keeps as declined is one the prompts read as declined.
  declined: isDeclinedStatus,
  'not-to-do': (s) => IN_FORCE.has(s),
};
const DEFAULT_STATUS: Record<PlanActivity['kind'], CarePlanActivityDetail['status']> = {
  agreed: 'not-started',
  declined: 'cancelled',
  // The prohibition is in force from now on.
  'not-to-do': 'in-progress',
};

const blankToUndefined = (s: string | undefined) => (s?.trim() ? s : undefined);
const sameWords = (a: string | undefined, b: string | undefined) =>
  blankToUndefined(a)?.trim() === blankToUndefined(b)?.trim();

/**
 * The activity to store. It starts from the activity as read and changes only what the editor holds
 * and the person changed: an EHR's coded reason, a goal link with its display, an on-hold status
 * reason, survive a save that did not touch them, exactly as they were.
 */
export function activityOf(a: PlanActivity): CarePlanActivity {
  const src = a.source ?? {};
  const { reference: _dropped, ...rest } = src;
  const read = a.source ? readActivity(a.source) : undefined;
  const sameKind = read?.kind === a.kind;
  const was = src.detail?.status;
  const detail: CarePlanActivityDetail = {
    ...(src.detail ?? {}),
    // A status someone moved on (scheduled, completed…) is kept unless it contradicts the kind.
    status: was && KEEPS[a.kind](was) ? was : DEFAULT_STATUS[a.kind],
  };
  if (!read || !sameWords(a.text, read.text)) {
    const text = blankToUndefined(fhirText(a.text));
    if (text) detail.description = text;
    else delete detail.description;
  }
  if (a.code) detail.code = a.code;
  if (a.kind === 'not-to-do') detail.doNotPerform = true;
  // Only a not-to-do item is a prohibition: a cancelled one would read as a prohibition lifted
  // (buildDeclineActivity marks its decline doNotPerform; the plan stores it as a plain decline).
  else if (detail.doNotPerform) delete detail.doNotPerform;
  // A status reason belongs to its kind (why it was declined, why it is on hold).
  if (a.kind !== 'declined' && !sameKind) delete detail.statusReason;
  if (a.kind !== 'declined') {
    // Codes are kept only while the words beside them are the ones read: once the reason is
    // reworded, the codes no longer say what the text says, and the words win.
    if (!sameWords(a.reason, conceptsText(src.detail?.reasonCode))) {
      const reason = blankToUndefined(a.reason === undefined ? undefined : fhirText(a.reason));
      if (reason) detail.reasonCode = [{ text: reason }];
      else delete detail.reasonCode;
    }
  }
  switch (a.kind) {
    case 'agreed': {
      const goals = a.goals?.map(goalRef) ?? [];
      const readGoals = read?.kind === 'agreed' ? (read.goals ?? []).map(goalRef) : [];
      const sameGoals =
        goals.length === readGoals.length && goals.every((g, i) => g.reference === readGoals[i]?.reference);
      if (!sameGoals || !read) {
        if (goals.length) detail.goal = goals.map(({ reference }) => ({ reference }));
        else delete detail.goal;
      }
      break;
    }
    case 'declined': {
      // The reason as read (a prompt's override code beside its words, or an EHR's SNOMED code
      // with no text) is kept whole; reworded, it is the new words alone, as for reasonCode. A
      // reason left blank is no statusReason at all: FHIR has no empty strings.
      if (!sameKind || !sameWords(a.reason, conceptText(src.detail?.statusReason))) {
        const reason = blankToUndefined(fhirText(a.reason));
        if (reason) detail.statusReason = { text: reason };
        else delete detail.statusReason;
      }
      break;
    }
    case 'not-to-do':
      break;
  }
  const extension = (rest.extension ?? []).filter((e) => e.url !== ACTIVITY_KEY_EXT);
  if (a.key) extension.push({ url: ACTIVITY_KEY_EXT, valueString: a.key });
  const activity: CarePlanActivity = { ...rest, detail };
  if (extension.length) activity.extension = extension;
  else delete activity.extension;
  return activity;
}

/** The activity as the editor holds it; undefined for what the editor does not edit. */
export function readActivity(act: CarePlanActivity): PlanActivity | undefined {
  const d = act.detail;
  const kind = activityKind(act);
  if (!d || !kind) return undefined;
  const key = keyOf(act);
  const base: ActivityBase = {
    text: storedText(act) ?? '',
    source: act,
    ...(key ? { key } : {}),
    ...(d.code ? { code: d.code } : {}),
  };
  const reason = conceptsText(d.reasonCode);
  if (kind === 'declined') return { ...base, kind, reason: conceptText(d.statusReason)?.trim() ?? '' };
  if (kind === 'not-to-do') return { ...base, kind, ...(reason ? { reason } : {}) };
  const goals = (d.goal ?? []).map((g) => g.reference ?? '').filter(Boolean);
  return { ...base, kind, ...(reason ? { reason } : {}), ...(goals.length ? { goals } : {}) };
}

function isToday(note: Annotation, ctx: Pick<PlanContext, 'clinician' | 'today'>): boolean {
  return note.authorReference?.reference === ctx.clinician && (note.time ?? '').startsWith(ctx.today);
}

/** The plan as the editor shows it; this clinician's note of today is the summary being written. */
export function planContent(
  plan: CarePlan | undefined,
  ctx: Pick<PlanContext, 'clinician' | 'today'>,
): PlanContent {
  return {
    goals: (plan?.goal ?? []).map((r) => ({ ...r })),
    addresses: (plan?.addresses ?? []).map((r) => ({ ...r })),
    activities: (plan?.activity ?? []).map(readActivity).filter((a): a is PlanActivity => a !== undefined),
    summary: (plan?.note ?? []).find((n) => isToday(n, ctx))?.text ?? '',
  };
}

function sameRef(a: Reference, b: Reference): boolean {
  return a.reference !== undefined && a.reference === b.reference;
}

function withRef(list: Reference[] | undefined, ref: Reference): Reference[] {
  return (list ?? []).some((r) => sameRef(r, ref)) ? [...(list ?? [])] : [...(list ?? []), ref];
}

function cleanRef(r: Reference): Reference {
  return r.display === undefined ? { ...r } : { ...r, display: fhirText(r.display) };
}

/** Activities the editor does not hold (references from other systems, entries in error): kept untouched. */
function untouchedActivities(plan: CarePlan | undefined): CarePlanActivity[] {
  return (plan?.activity ?? []).filter((a) => readActivity(a) === undefined);
}

/**
 * Takes on a plan the EHR or another app wrote, in place: its id and version (for If-Match), author,
 * title, activities and notes stay; this app's category and identifier and both contributors are
 * added; its narrative is kept verbatim beside the one generated from now on. A plan that is
 * already ours is returned as it is.
 */
export function adoptPlan(
  plan: CarePlan,
  ctx: Pick<PlanContext, 'patientId' | 'clinician' | 'identifier'>,
): CarePlan {
  if (isSharedPlan(plan)) return plan;
  const out = structuredClone(plan);
  out.category = [
    ...(isAssessPlan(out) ? [] : [{ coding: [ASSESS_PLAN] }]),
    ...(out.category ?? []),
    { coding: [SHARED_PLAN] },
  ];
  out.identifier = [...(out.identifier ?? []), ctx.identifier];
  const profiles = out.meta?.profile ?? [];
  if (!profiles.includes(US_CORE_CAREPLAN_PROFILE))
    out.meta = { ...(out.meta ?? {}), profile: [...profiles, US_CORE_CAREPLAN_PROFILE] };
  out.contributor = withRef(withRef(out.contributor, { reference: ctx.clinician }), {
    reference: `Patient/${ctx.patientId}`,
  });
  const div = plan.text?.div?.trim();
  if (div)
    out.text = { status: 'generated', div, extension: [{ url: ADOPTED_NARRATIVE_EXT, valueString: div }] };
  return out;
}

/**
 * Creates the shared plan, or updates the one that exists (keeping its id and version for If-Match,
 * its identifier, author, created date and other clinicians' notes; adopting it if another system
 * wrote it).
 */
export function buildSharedPlan(
  existing: CarePlan | undefined,
  content: PlanContent,
  ctx: PlanContext,
): CarePlan {
  const patient: Reference = { reference: `Patient/${ctx.patientId}` };
  const clinician: Reference = { reference: ctx.clinician };
  const base: CarePlan = existing
    ? adoptPlan(structuredClone(existing), ctx)
    : {
        resourceType: 'CarePlan',
        meta: { profile: [US_CORE_CAREPLAN_PROFILE] },
        identifier: [ctx.identifier],
        status: 'active',
        intent: 'plan',
        category: [{ coding: [ASSESS_PLAN] }, { coding: [SHARED_PLAN] }],
        title: APP_PLAN_TITLE,
        subject: patient,
        period: { start: ctx.today },
        created: ctx.today,
        author: clinician,
        contributor: [],
        text: { status: 'generated', div: '' },
      };
  const plan: CarePlan = { ...base };
  if (!isAssessPlan(plan)) plan.category = [{ coding: [ASSESS_PLAN] }, ...(plan.category ?? [])];
  plan.author ??= clinician;
  plan.contributor = withRef(withRef(plan.contributor, clinician), patient);
  if (content.goals.length) plan.goal = content.goals.map(cleanRef);
  else delete plan.goal;
  if (content.addresses.length) plan.addresses = content.addresses.map(cleanRef);
  else delete plan.addresses;
  const activity = [...untouchedActivities(existing), ...content.activities.map(activityOf)];
  if (activity.length) plan.activity = activity;
  else delete plan.activity;
  const notes = (existing?.note ?? []).filter((n) => !isToday(n, ctx));
  const summary = fhirText(content.summary);
  if (summary.trim()) notes.push({ authorReference: clinician, time: ctx.today, text: summary });
  if (notes.length) plan.note = notes;
  else delete plan.note;
  return withNarrative(plan, ctx.labels);
}

/**
 * Adds one activity to the plan (or replaces the activity with the same `key`), links the goals it
 * serves from the plan too (`CarePlan.goal`), and regenerates the narrative. For callers outside
 * the editor — e.g. a value-care prompt decision: accepted (with a relaxed-target Goal for R4),
 * declined with the reason, or agreed not to be done. A plan another system wrote should be
 * `adoptPlan`ed first.
 */
export function addActivity(plan: CarePlan, activity: PlanActivity, labels?: NarrativeLabels): CarePlan {
  const next = activityOf(activity);
  const list = plan.activity ?? [];
  const at = activity.key ? list.findIndex((a) => keyOf(a) === activity.key) : -1;
  const activities = at >= 0 ? list.map((a, i) => (i === at ? next : a)) : [...list, next];
  const goals = activity.kind === 'agreed' ? (activity.goals ?? []).map(goalRef) : [];
  const goal = goals.reduce((acc, g) => withRef(acc, cleanRef(g)), plan.goal ?? []);
  return withNarrative({ ...plan, activity: activities, ...(goal.length ? { goal } : {}) }, labels);
}
