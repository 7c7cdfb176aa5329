/**
 * The shared care plan: one CarePlan per patient that the clinician and patient update together.
 * US Core CarePlan (assess-plan category, generated narrative), marked as ours by a second category
 * coding and a business identifier, so the many older CarePlans in a record are never mistaken for
 * it. Activities are always `detail` (never `reference`, cpl-3) and come in three shapes: an agreed
 * action, an action the patient declined (cancelled, with the reason), and something deliberately
 * not to be done (`doNotPerform`).
 */
import type {
  Annotation,
  CarePlan,
  CarePlanActivity,
  CarePlanActivityDetail,
  CodeableConcept,
  Coding,
  Identifier,
  Reference,
} from 'fhir/r4';
import { el, fhirText, narrativeDiv, type Markup } from './xhtml';
import {
  ACTIVITY_KEY_EXT,
  CAREPLAN_CATEGORY,
  CG_CAREPLAN_KIND,
  US_CORE_CAREPLAN_PROFILE,
} from '../fhir/vocabulary';
import { isPatientRef } from '../fhir/references';

export const ASSESS_PLAN: Coding = {
  system: CAREPLAN_CATEGORY,
  code: 'assess-plan',
  display: 'Assessment and Plan of Treatment',
};
export const SHARED_PLAN: Coding = {
  system: CG_CAREPLAN_KIND,
  code: 'shared-care-plan',
  display: 'Shared care plan',
};

interface ActivityBase {
  /** What it is, in plain words. */
  text: string;
  /** Stable key; an activity with the same key replaces the earlier one. */
  key?: string;
  code?: CodeableConcept;
  /** The activity as read, so elements this app does not edit survive a round trip. */
  source?: CarePlanActivity;
}

export type PlanActivity =
  | (ActivityBase & { kind: 'agreed'; reason?: string; goals?: string[] })
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
  /** Used only when the plan is created. */
  identifier: Identifier;
  labels?: NarrativeLabels;
}

export interface NarrativeLabels {
  title: string;
  goals: string;
  problems: string;
  agreed: string;
  notToDo: string;
  declined: string;
  because: string;
  summary: string;
  nothing: string;
}

export const ENGLISH_LABELS: NarrativeLabels = {
  title: 'Our shared care plan',
  goals: 'What we are working towards',
  problems: 'Health problems this plan is about',
  agreed: 'What we agreed to do',
  notToDo: 'What we decided not to do',
  declined: 'What was offered and not chosen',
  because: 'Why',
  summary: 'Visit summary',
  nothing: 'Nothing agreed yet.',
};

const CLOSED = new Set<CarePlan['status']>(['entered-in-error', 'revoked', 'completed']);

export function isSharedPlan(plan: CarePlan): boolean {
  return (plan.category ?? []).some((c) =>
    c.coding?.some((x) => x.system === SHARED_PLAN.system && x.code === SHARED_PLAN.code),
  );
}

/** The patient's shared plan among all their CarePlans (the newest open one, if two ever exist). */
export function findSharedPlan(plans: CarePlan[], patientId: string): CarePlan | undefined {
  return plans
    .filter((p) => isSharedPlan(p) && !CLOSED.has(p.status) && isPatientRef(p.subject, patientId))
    .sort((a, b) => (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? ''))[0];
}

function keyOf(act: CarePlanActivity): string | undefined {
  return act.extension?.find((e) => e.url === ACTIVITY_KEY_EXT)?.valueString;
}

export function activityOf(a: PlanActivity): CarePlanActivity {
  const src = a.source ?? {};
  const { reference: _dropped, ...rest } = src;
  const detail: CarePlanActivityDetail = {
    ...(src.detail ?? {}),
    status: 'not-started',
    description: fhirText(a.text),
  };
  const reason = a.reason === undefined ? undefined : fhirText(a.reason);
  delete detail.statusReason;
  delete detail.doNotPerform;
  delete detail.reasonCode;
  if (a.code) detail.code = a.code;
  switch (a.kind) {
    case 'agreed':
      if (reason) detail.reasonCode = [{ text: reason }];
      if (a.goals?.length) detail.goal = a.goals.map((reference) => ({ reference }));
      // Keep a status someone moved on (in-progress, completed…) unless it contradicts "agreed".
      if (src.detail?.status && !['cancelled', 'stopped', 'entered-in-error'].includes(src.detail.status))
        detail.status = src.detail.status;
      break;
    case 'declined': {
      detail.status = 'cancelled';
      // A coded reason the caller chose (e.g. a prompt's override reason) stays next to the words.
      const coding = src.detail?.statusReason?.coding;
      detail.statusReason = { ...(coding?.length ? { coding } : {}), text: reason ?? '' };
      break;
    }
    case 'not-to-do':
      // The prohibition is in force from now on.
      detail.status = 'in-progress';
      detail.doNotPerform = true;
      if (reason) detail.reasonCode = [{ text: reason }];
      break;
  }
  const extension = (rest.extension ?? []).filter((e) => e.url !== ACTIVITY_KEY_EXT);
  if (a.key) extension.push({ url: ACTIVITY_KEY_EXT, valueString: a.key });
  const activity: CarePlanActivity = { ...rest, detail };
  if (extension.length) activity.extension = extension;
  else delete activity.extension;
  return activity;
}

export function readActivity(act: CarePlanActivity): PlanActivity | undefined {
  const d = act.detail;
  if (!d) return undefined;
  const text = d.description ?? d.code?.text ?? d.code?.coding?.[0]?.display ?? '';
  const key = keyOf(act);
  const base: ActivityBase = {
    text,
    source: act,
    ...(key ? { key } : {}),
    ...(d.code ? { code: d.code } : {}),
  };
  const reason = d.reasonCode?.[0]?.text;
  if (d.doNotPerform) return { ...base, kind: 'not-to-do', ...(reason ? { reason } : {}) };
  if (d.status === 'cancelled' || d.status === 'stopped')
    return { ...base, kind: 'declined', reason: d.statusReason?.text ?? '' };
  const goals = (d.goal ?? []).map((g) => g.reference ?? '').filter(Boolean);
  return { ...base, kind: 'agreed', ...(reason ? { reason } : {}), ...(goals.length ? { goals } : {}) };
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

function section(title: string, items: (string | Markup)[]): Markup[] {
  if (items.length === 0) return [];
  return [el('h3', title), el('ul', ...items.map((i) => el('li', i)))];
}

/** The human-readable plan (text.div), generated from the plan's own elements. */
export function planNarrative(plan: CarePlan, labels: NarrativeLabels = ENGLISH_LABELS): string {
  const acts = (plan.activity ?? []).map(readActivity).filter((a): a is PlanActivity => a !== undefined);
  const withReason = (a: PlanActivity) =>
    a.reason ? el('span', a.text, ` — ${labels.because}: `, a.reason) : a.text;
  const body = [
    ...section(
      labels.goals,
      (plan.goal ?? []).map((g) => g.display ?? g.reference ?? ''),
    ),
    ...section(
      labels.problems,
      (plan.addresses ?? []).map((c) => c.display ?? c.reference ?? ''),
    ),
    ...section(labels.agreed, acts.filter((a) => a.kind === 'agreed').map(withReason)),
    ...section(labels.notToDo, acts.filter((a) => a.kind === 'not-to-do').map(withReason)),
    ...section(labels.declined, acts.filter((a) => a.kind === 'declined').map(withReason)),
  ];
  const notes = (plan.note ?? []).filter((n) => n.text.trim());
  const latest = notes[notes.length - 1];
  return narrativeDiv(
    el('h2', labels.title),
    ...(body.length ? body : [el('p', labels.nothing)]),
    latest && el('h3', labels.summary),
    latest && el('p', latest.time ? `${latest.time.slice(0, 10)}: ` : '', latest.text),
  );
}

export function withNarrative(plan: CarePlan, labels?: NarrativeLabels): CarePlan {
  return { ...plan, text: { status: 'generated', div: planNarrative(plan, labels) } };
}

/** Activities that are not `detail` (e.g. references from other systems) are kept untouched. */
function foreignActivities(plan: CarePlan | undefined): CarePlanActivity[] {
  return (plan?.activity ?? []).filter((a) => !a.detail);
}

/**
 * Creates the shared plan, or updates the one that exists (keeping its id and version for If-Match,
 * its identifier, author, created date and other clinicians' notes).
 */
export function buildSharedPlan(
  existing: CarePlan | undefined,
  content: PlanContent,
  ctx: PlanContext,
): CarePlan {
  const patient: Reference = { reference: `Patient/${ctx.patientId}` };
  const clinician: Reference = { reference: ctx.clinician };
  const base: CarePlan = existing
    ? structuredClone(existing)
    : {
        resourceType: 'CarePlan',
        meta: { profile: [US_CORE_CAREPLAN_PROFILE] },
        identifier: [ctx.identifier],
        status: 'active',
        intent: 'plan',
        category: [{ coding: [ASSESS_PLAN] }, { coding: [SHARED_PLAN] }],
        title: 'Shared care plan',
        subject: patient,
        period: { start: ctx.today },
        created: ctx.today,
        author: clinician,
        contributor: [],
        text: { status: 'generated', div: '' },
      };
  const plan: CarePlan = { ...base };
  if (
    !plan.category?.some((c) =>
      c.coding?.some((x) => x.system === CAREPLAN_CATEGORY && x.code === 'assess-plan'),
    )
  )
    plan.category = [{ coding: [ASSESS_PLAN] }, ...(plan.category ?? [])];
  plan.author ??= clinician;
  plan.contributor = withRef(withRef(plan.contributor, clinician), patient);
  if (content.goals.length) plan.goal = content.goals.map(cleanRef);
  else delete plan.goal;
  if (content.addresses.length) plan.addresses = content.addresses.map(cleanRef);
  else delete plan.addresses;
  const activity = [...foreignActivities(existing), ...content.activities.map(activityOf)];
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
 * Adds one activity to the plan (or replaces the activity with the same `key`), regenerating the
 * narrative. For callers outside this screen — e.g. a value-care prompt decision: the patient
 * declined a test (`declined`, with the reason) or agreed to stop one (`not-to-do`).
 */
export function addActivity(plan: CarePlan, activity: PlanActivity, labels?: NarrativeLabels): CarePlan {
  const next = activityOf(activity);
  const list = plan.activity ?? [];
  const at = activity.key ? list.findIndex((a) => keyOf(a) === activity.key) : -1;
  const activities = at >= 0 ? list.map((a, i) => (i === at ? next : a)) : [...list, next];
  return withNarrative({ ...plan, activity: activities }, labels);
}
