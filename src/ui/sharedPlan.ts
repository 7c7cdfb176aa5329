import type { Bundle, CarePlan } from 'fhir/r4';
import { findSharedPlan } from '../core/plan';
import type { Session } from '../platform/session';

/**
 * The patient's shared plan as the server has it now. Used before a first create, by the plan
 * editor and the prompt decisions alike: someone may have created the plan since the record was
 * read, and there must never be two. Failures read as "none found": the conditional create still
 * prevents a duplicate of this app's own retries.
 */
export async function searchSharedPlan(session: Session): Promise<CarePlan | undefined> {
  try {
    const bundle = (await session.fhir.get(
      `CarePlan?patient=${encodeURIComponent(session.patientId)}&_count=200`,
    )) as Bundle;
    const plans = (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is CarePlan => r?.resourceType === 'CarePlan');
    return findSharedPlan(plans, session.patientId);
  } catch {
    return undefined;
  }
}
