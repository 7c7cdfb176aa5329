/**
 * The shared care plan as the patient reads it: the US Core CarePlan (assess-plan category) that
 * the clinician wrote with them, reduced to plain statements — what we aim for, what we will do,
 * what we agreed not to do (and why), and notes from the visit.
 */
import { isSharedPlan } from '../workspace/carePlan';
import type { CarePlan, CarePlanActivity, CodeableConcept, Goal } from 'fhir/r4';
import { hasCoding } from './vocabulary';

import { CAREPLAN_CATEGORY } from '../fhir/vocabulary';
import { isPatientRef } from '../fhir/references';

const SHOWN = new Set<CarePlan['status']>(['active', 'draft', 'on-hold', 'completed']);

function conceptText(cc: CodeableConcept | undefined): string | undefined {
  if (!cc) return undefined;
  if (cc.text?.trim()) return cc.text;
  const c = cc.coding?.find((x) => x.display?.trim()) ?? cc.coding?.[0];
  return c?.display ?? c?.code;
}

/** The one shared plan: the newest assess-plan CarePlan for this patient that is not void. */
export function sharedCarePlan(plans: CarePlan[], patientId: string): CarePlan | undefined {
  const rank = (p: CarePlan) => (p.status === 'active' ? 0 : p.status === 'completed' ? 2 : 1);
  const candidates = plans.filter(
    (p) =>
      isPatientRef(p.subject, patientId) &&
      SHOWN.has(p.status) &&
      hasCoding(p.category, CAREPLAN_CATEGORY, 'assess-plan'),
  );
  // The plan written with Common Ground wins over any other assess-plan plan, however recent.
  const ours = candidates.filter(isSharedPlan);
  return (ours.length ? ours : candidates).sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (b.meta?.lastUpdated ?? b.period?.start ?? b.created ?? '').localeCompare(
        a.meta?.lastUpdated ?? a.period?.start ?? a.created ?? '',
      ),
  )[0];
}

export interface PlanActivity {
  text: string;
  /** We agreed this will deliberately not be done. */
  doNotPerform: boolean;
  status?: string;
  /** Why (the reason recorded with a decision, e.g. a decline). */
  reasons: string[];
}

export interface CarePlanView {
  title?: string;
  status: CarePlan['status'];
  updated?: string;
  goals: string[];
  activities: PlanActivity[];
  notes: string[];
  /** The narrative as plain text, used only when the plan has no structured content to show. */
  narrative?: string;
}

function activityView(a: CarePlanActivity, goalsById: Map<string, Goal>): PlanActivity | undefined {
  const d = a.detail;
  const text =
    d?.description ??
    conceptText(d?.code) ??
    a.reference?.display ??
    a.outcomeCodeableConcept?.map(conceptText).find(Boolean) ??
    a.progress?.[0]?.text;
  if (!text) return undefined;
  const reasons = [
    ...(d?.reasonCode ?? []).map(conceptText),
    conceptText(d?.statusReason),
    ...(d?.goal ?? []).map((g) => goalsById.get(g.reference ?? '')?.description.text),
  ].filter((x): x is string => Boolean(x?.trim()));
  return {
    text,
    doNotPerform: d?.doNotPerform === true,
    ...(d?.status ? { status: d.status } : {}),
    reasons: [...new Set(reasons)],
  };
}

/**
 * `narrativeText` turns the plan's XHTML narrative into plain text; it is injected because parsing
 * HTML needs a DOM (the browser's inert DOMParser), which the core must not touch.
 */
export function carePlanView(
  plan: CarePlan,
  goals: Goal[],
  narrativeText: (xhtml: string) => string = () => '',
): CarePlanView {
  const goalsById = new Map(goals.filter((g) => g.id).map((g) => [`Goal/${g.id}`, g]));
  const goalTexts = (plan.goal ?? [])
    .map((ref) => goalsById.get(ref.reference ?? '')?.description.text ?? ref.display)
    .filter((x): x is string => Boolean(x?.trim()));
  const view: CarePlanView = {
    status: plan.status,
    goals: goalTexts,
    activities: (plan.activity ?? [])
      .map((a) => activityView(a, goalsById))
      .filter((a): a is PlanActivity => a !== undefined),
    notes: (plan.note ?? []).map((n) => n.text).filter((t) => t.trim() !== ''),
  };
  if (plan.title) view.title = plan.title;
  const updated = plan.meta?.lastUpdated ?? plan.period?.start ?? plan.created;
  if (updated) view.updated = updated;
  if (!view.goals.length && !view.activities.length && !view.notes.length && plan.text?.div) {
    const narrative = narrativeText(plan.text.div).trim();
    if (narrative) view.narrative = narrative;
  }
  if (!view.goals.length && !view.activities.length && !view.notes.length && plan.description) {
    view.narrative ??= plan.description;
  }
  return view;
}
