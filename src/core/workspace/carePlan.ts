/**
 * The shared plan now lives in src/core/plan. This re-export remains only for
 * src/prompts/usePromptDecisions.ts, which is being rewritten; delete it once that file imports
 * '../core/plan'.
 */
export { addActivity, buildSharedPlan, findSharedPlan, type PlanActivity } from '../plan';
