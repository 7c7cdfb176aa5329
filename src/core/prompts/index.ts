/** Public API of the value-care prompt engine (issue #5). */
export { evaluatePrompts, evaluateRecord } from './engine';
export { loadCodeSets, normalizeCode, type CodeSets, type CompiledCodes, type CodeMatcher } from './codes';
export {
  buildDeclineActivity,
  activeDeclines,
  isDeclinedStatus,
  VALUE_CARE_RULE_SYSTEM,
  type DeclineInput,
  type Decline,
} from './decline';
export type { CareTopic } from './priorities';
export { DECISIONS, type Decision, type DecisionName } from './decisions';
export { PatientRecord } from './record';
export {
  RULE_IDS,
  type EvaluationInput,
  type EvaluationResult,
  type Prompt,
  type PromptKind,
  type PriorityInfluence,
  type RuleId,
  type SuppressedPrompt,
} from './types';
export {
  acceptedAction,
  acceptedActivity,
  acceptedTargetGoal,
  agreedDecisions,
  type AcceptedAction,
  type AgreedDecision,
} from './actions';
export {
  OVERRIDE_REASONS,
  OVERRIDE_REASON_SYSTEM,
  overrideReason,
  overrideReasonText,
  toCard,
  type CdsCard,
  type OverrideReasonCode,
} from './cards';
export { agreedLabel, promptText, type PromptText, type TextFormat } from './text';
export {
  grammaticalGender,
  acceptedLanguage,
  promptLanguage,
  PROMPT_LANGUAGES,
  type GrammaticalGender,
  type Message,
  type MessageKey,
  type PromptLanguage,
} from './messages/index';
export {
  evaluateOrders,
  isDraftOrder,
  ORDER_TIME_RULES,
  type DraftOrder,
  type OrderTimeInput,
  type OrderTimeResult,
} from './order-time';
export { promptSuggestions, type CdsAction, type CdsSuggestion } from './suggestions';
