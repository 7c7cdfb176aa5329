/**
 * How concurrent changes to each resource type the app writes are merged after a 412, in one place
 * so every screen and the prompt decisions merge a type the same way.
 * - Goal, QuestionnaireResponse: element by element (a field both sides changed is the user's call).
 * - CarePlan: its lists (goals, problems, activities, notes, contributors) item by item, so two
 *   clinicians who each added an activity keep both.
 */
import type { FhirResource } from 'fhir/r4';
import { mergeSharedPlan } from './plan/merge';
import { threeWayMerge } from './write/merge';
import type { MergePolicy } from './write/runtime';

const POLICIES: {
  [K in FhirResource['resourceType']]?: MergePolicy<Extract<FhirResource, { resourceType: K }>>;
} = {
  CarePlan: mergeSharedPlan,
};

export function mergePolicyFor<T extends FhirResource>(type: T['resourceType']): MergePolicy<T> {
  return (POLICIES[type] as MergePolicy<T> | undefined) ?? threeWayMerge;
}
