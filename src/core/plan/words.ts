/**
 * Which words of a plan the app itself wrote, so every view can show them in the viewer's language
 * rather than the English stored in the record. A prompt decision is recognised by its key
 * (`prompt:<rule>`), its rule code and its text being exactly the app's wording; anything else —
 * text from the record, words a person typed, an edited label — is shown as written.
 */
import type { CarePlanActivity, Goal } from 'fhir/r4';
import { acceptedAction, targetGoalText } from '../prompts/actions';
import { VALUE_CARE_RULE_SYSTEM } from '../prompts/decline';
import { OVERRIDE_REASON_SYSTEM, OVERRIDE_REASONS } from '../prompts/cards';
import { RULE_IDS, type Prompt, type PromptKind, type RuleId } from '../prompts/types';
import { ACTIVITY_KEY_EXT } from '../fhir/vocabulary';
import { conceptText } from '../record/display';
import { PROMPT_LANGUAGES } from '../prompts/messages';

/** The catalog's wording, in the viewer's language, for what the app wrote. */
export interface PlanWords {
  /** An accepted or declined prompt's action, by `actionId`. */
  action(id: string): string;
  /** An override reason, by code, in plain words for the patient. */
  declineReason(code: string): string;
  /**
   * Every way the app may have written this override reason into the record (the clinician's
   * language at the time), so the person's own note after it can be told apart.
   */
  reasonAsWritten(code: string): string[];
  /** A relaxed-target goal the app wrote ("HbA1c below 8%"), by its measure's short name. */
  goalBelow(target: { measure: string; value: number; unit: string }): string;
}

/** The wordings `acceptedAction` distinguishes: the prompt kind or variant that changes the label. */
const WORDINGS: Partial<Record<RuleId, { kind?: PromptKind; variant?: string }[]>> = {
  R1: [{ variant: 'intensify' }],
  R4: [{ variant: 'comfort' }, { variant: 'type-1' }],
  R8b: [{ kind: 'shared-decision' }],
};

function labelsOf(rule: RuleId, kind: PromptKind, variant: string): string[] {
  // acceptedAction reads only a prompt's rule, kind and variant; the rest of a prompt is not needed.
  const wording: Pick<Prompt, 'rule' | 'kind' | 'variant'> = { rule, kind, variant };
  // A decision is written in the plan's language, so any of them may be in the record.
  return PROMPT_LANGUAGES.map((lang) => acceptedAction(wording as Prompt, lang).label);
}

/** Label as the app wrote it (in any of its languages) → catalog id (`R1`, `R4-comfort`…), per rule. */
const ACTION_IDS = new Map<RuleId, Map<string, string>>(
  RULE_IDS.map((rule) => {
    const ids = new Map<string, string>(labelsOf(rule, 'overuse', '').map((l) => [l, rule]));
    for (const w of WORDINGS[rule] ?? []) {
      for (const l of labelsOf(rule, w.kind ?? 'overuse', w.variant ?? ''))
        ids.set(l, `${rule}-${w.variant ?? w.kind ?? ''}`);
    }
    return [rule, ids];
  }),
);

/** Every action id the catalogs must have (`voice.plan.action.<id>`). */
export const ACTION_IDS_ALL: readonly string[] = [
  ...new Set([...ACTION_IDS.values()].flatMap((m) => [...m.values()])),
];

/** The catalog id of an activity's text when the app wrote it as a prompt decision, else undefined. */
export function actionId(activity: CarePlanActivity): string | undefined {
  const key = activity.extension?.find((e) => e.url === ACTIVITY_KEY_EXT)?.valueString;
  const rule = key?.startsWith('prompt:') ? key.slice('prompt:'.length) : undefined;
  const d = activity.detail;
  if (!rule || !d?.code?.coding?.some((c) => c.system === VALUE_CARE_RULE_SYSTEM && c.code === rule))
    return undefined;
  return ACTION_IDS.get(rule as RuleId)?.get(d.description ?? '');
}

const REASON_CODES = new Set<string>(OVERRIDE_REASONS.map((r) => r.code));

/** The override reason the app recorded with a decline, if it did. */
export function declineReasonCode(activity: CarePlanActivity): string | undefined {
  const code = activity.detail?.statusReason?.coding?.find((c) => c.system === OVERRIDE_REASON_SYSTEM)?.code;
  return code && REASON_CODES.has(code) ? code : undefined;
}

/**
 * A decline's reason for the viewer: the coded reason in the catalog's plain words, followed by the
 * person's own note exactly as typed. When the stored words are not the app's wording of the code
 * (someone wrote them differently), they are shown as written.
 */
export function declineReasonText(activity: CarePlanActivity, words: PlanWords): string | undefined {
  const stored = activity.detail?.statusReason?.text?.trim() ?? '';
  const code = declineReasonCode(activity);
  // Not the app's code: the person's words, else the code's own display (an EHR's coded refusal).
  if (!code) return conceptText(activity.detail?.statusReason)?.trim() || undefined;
  const plain = words.declineReason(code);
  if (!stored) return plain;
  for (const written of words.reasonAsWritten(code)) {
    if (stored === written) return plain;
    if (stored.startsWith(`${written} — `)) return `${plain} — ${stored.slice(written.length + 3)}`;
  }
  return stored;
}

/**
 * The target of a Goal the app wrote for an accepted prompt, when its words are still exactly the
 * app's ("HbA1c below 8%"), so a view can say it in its own language. The app writes the bound as a
 * quantity with "<"; Goals it wrote before did so as a range's high, still read here.
 */
export function appGoalTarget(goal: Goal): { measure: string; value: number; unit: string } | undefined {
  const [target, ...more] = goal.target ?? [];
  const coding = target?.measure?.coding?.[0];
  const quantity = target?.detailQuantity;
  const bound =
    quantity?.comparator === '<'
      ? quantity
      : target?.detailRange && !target.detailRange.low
        ? target.detailRange.high
        : undefined;
  if (more.length || !coding?.code || bound?.value === undefined) return undefined;
  const unit = bound.unit ?? '';
  const measure = { code: coding.code, display: coding.display ?? '' };
  const text = targetGoalText({ measure, below: bound.value, unit });
  if (goal.description.text !== text) return undefined;
  return { measure: text.slice(0, text.indexOf(' below ')), value: bound.value, unit };
}
