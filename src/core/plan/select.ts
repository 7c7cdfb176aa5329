/**
 * Which CarePlan is "the shared plan". One rule for every view — patient, clinician, print, prompt
 * decisions and the search before a first create — so no view ever shows a plan the other cannot
 * see:
 *
 * 1. the plan this app keeps (marked by the shared-care-plan category), if one is open;
 * 2. else the most recently updated *active* US Core assess-plan CarePlan that the EHR or another
 *    app wrote; the clinician continues it (it is adopted in place, never duplicated);
 * 3. else none: the first save creates it.
 *
 * Every other active CarePlan of the patient is "another plan in the record", shown read-only.
 */
import type { CarePlan, CodeableConcept, Coding } from 'fhir/r4';
import { CAREPLAN_CATEGORY, CG_CAREPLAN_KIND } from '../fhir/vocabulary';
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

/** Statuses in which this app's own plan is finished with; a new one is then started. */
const CLOSED = new Set<CarePlan['status']>(['entered-in-error', 'revoked', 'completed']);

const hasCategory = (categories: CodeableConcept[] | undefined, coding: Coding) =>
  (categories ?? []).some((c) => c.coding?.some((x) => x.system === coding.system && x.code === coding.code));

export function isSharedPlan(plan: CarePlan): boolean {
  return hasCategory(plan.category, SHARED_PLAN);
}

export function isAssessPlan(plan: CarePlan): boolean {
  return hasCategory(plan.category, ASSESS_PLAN);
}

const updated = (p: CarePlan) => p.meta?.lastUpdated ?? p.period?.start ?? p.created ?? '';
const newestFirst = (a: CarePlan, b: CarePlan) => updated(b).localeCompare(updated(a));

export interface PlanChoice {
  /** The shared plan, if there is one. */
  shared?: CarePlan;
  /** The shared plan was written elsewhere: the next save adopts it. */
  adopting: boolean;
  /** The patient's other active CarePlans, newest first: shown read-only. */
  others: CarePlan[];
}

export function choosePlan(plans: readonly CarePlan[], patientId: string): PlanChoice {
  const mine = plans.filter((p) => isPatientRef(p.subject, patientId));
  const ours = mine.filter((p) => isSharedPlan(p) && !CLOSED.has(p.status)).sort(newestFirst)[0];
  const shared = ours ?? mine.filter((p) => p.status === 'active' && isAssessPlan(p)).sort(newestFirst)[0];
  return {
    ...(shared ? { shared } : {}),
    adopting: shared !== undefined && !isSharedPlan(shared),
    others: mine.filter((p) => p !== shared && p.status === 'active').sort(newestFirst),
  };
}

/** The shared plan alone (see `choosePlan`). */
export function findSharedPlan(plans: readonly CarePlan[], patientId: string): CarePlan | undefined {
  return choosePlan(plans, patientId).shared;
}
