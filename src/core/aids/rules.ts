/**
 * The prompt rules that have a decision aid, without the aids' data: the screens import this to
 * offer the aid, and load the data only when it is opened (test/core/decision-aids.test.ts checks it
 * against `AIDS`).
 */
import type { RuleId } from '../prompts/types';

export const RULES_WITH_AIDS: ReadonlySet<RuleId> = new Set<RuleId>([
  'R1',
  'R2',
  'R4',
  'R5',
  'R6',
  'R7',
  'R8a',
  'R8b',
  'R9a',
  'R9b',
  'R10',
]);

/** Whether a plan's prompts or recorded aids leave anything for the aid views to show. */
export function planHasAids(shown: readonly string[], prompts: readonly string[]): boolean {
  return shown.length > 0 || prompts.some((r) => RULES_WITH_AIDS.has(r as RuleId));
}
