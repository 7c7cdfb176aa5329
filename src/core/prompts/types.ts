import type { Resource } from 'fhir/r4';
import type { Message } from './messages/types';

/** Stable rule ids (PRODUCT.md; value-care-rules.md §14 D18). */
export const RULE_IDS = [
  'R1',
  'R2',
  'R2-safety',
  'R3',
  'R4',
  'R5',
  'R6',
  'R7',
  'R8a',
  'R8b',
  'R9a',
  'R9b',
  'R9c',
  'R9d',
  'R10',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * What kind of conversation the prompt starts, in the spec's own words:
 * - `underuse`: evidence-based care not in place (R1, R2, R8a — "Underuse" in the rule tables);
 * - `overuse`: a test or treatment whose harms outweigh its benefits here (R3, R6, R7, R8b ≥ 86, R9a–R9d);
 * - `deintensify`: treatment that is too intensive for this older patient (R4, R5 — "de-intensification");
 * - `safety`: a contraindicated drug in place (R2-safety, §14 D12);
 * - `acp`: advance care planning not yet done (R10, §11A);
 * - `shared-decision`: a preference-sensitive choice to discuss, not a recommendation either way
 *   (R8b at 76–85, §14 D15).
 */
export type PromptKind = 'underuse' | 'overuse' | 'deintensify' | 'safety' | 'acp' | 'shared-decision';

/** A patient-stated priority that changed how a prompt is worded (§11.3). */
export interface PriorityInfluence {
  kind: 'burdensome-care' | 'end-of-life-goal';
  /** The patient's words, as recorded. */
  text: string;
  /** `Goal/…` or `Observation/…` the priority comes from. */
  reference: string;
}

export interface Prompt {
  rule: RuleId;
  kind: PromptKind;
  /** Which wording of the rule applies, e.g. `tier-b`, `type-1`, `comfort`, `check-history`. */
  variant: string;
  /**
   * The words, as messages in no particular language: `promptText(prompt, lang)` renders them, with
   * the rewording for the patient's priorities. The summary renders to one line, < 140 characters
   * (a CDS Hooks card summary).
   */
  summary: Message;
  /** The conversation starter for the clinician. */
  detail: Message;
  /** `Type/id` of every resource that made the prompt fire (triggers, results, orders, drugs). */
  evidence: string[];
  /** Things the clinician should weigh (amplifiers, possible reasons on file), in plain language. */
  notes: Message[];
  /** Where the rule comes from: guideline/measure, and the section of value-care-rules.md. */
  source: { label: string; citation: string; section: string };
  /** Plain-language benefits and harms, only where the spec gives them. */
  benefitsHarms?: { benefits?: Message; harms?: Message };
  /** Priorities that reworded this prompt; empty when none did. */
  priorities: PriorityInfluence[];
}

export interface EvaluationInput {
  /** All resources of ONE patient (the Patient resource included); order does not matter. */
  resources: readonly Resource[];
  /** The evaluation date `T` as `YYYY-MM-DD` (§0.5). */
  date: string;
}

/** Why a prompt that would otherwise have fired was not shown (for the UI and for tests). */
export interface SuppressedPrompt {
  rule: RuleId;
  reason: 'declined' | 'hospice-or-palliative' | 'deceased';
  /** The decline record or the hospice/palliative evidence. */
  evidence: string[];
}

export interface EvaluationResult {
  patient: string | undefined;
  prompts: Prompt[];
  suppressed: SuppressedPrompt[];
}
