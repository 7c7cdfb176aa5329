/**
 * What "accept" adds to the shared care plan for each rule: an activity the clinician and patient
 * agreed on — something to start, or something deliberately not to do (`doNotPerform`) — and for
 * the de-intensification rules, a relaxed target as a Goal. Every activity carries the rule's code,
 * so the record shows which prompt led to it.
 */
import type { CarePlan, CarePlanActivity, Goal, Identifier } from 'fhir/r4';
import { isDeclinedStatus, VALUE_CARE_RULE_SYSTEM } from './decline';
import { render, type MessageKey, type PromptLanguage } from './messages/index';
import { RULE_IDS, type Prompt, type RuleId } from './types';

import { GOAL_ACCEPTANCE_EXT, LOINC, SNOMED as SCT, UCUM, US_CORE_GOAL_PROFILE } from '../fhir/vocabulary';

export interface AcceptedAction {
  /** Short, plain words: shown on the button and in the plan, in the language asked for. */
  label: string;
  kind: 'MedicationRequest' | 'ServiceRequest' | 'Appointment';
  doNotPerform: boolean;
  /** A relaxed clinical target where the rule names one (R4): the measure strictly below `below`. */
  target?: {
    measure: { system: string; code: string; display: string };
    below: number;
    unit: string;
    ucum: string;
  };
  /** A standard code for the action where one fits. */
  code?: { system: string; code: string; display: string };
}

/** An action with its label still a catalog message. */
type ActionDraft = Omit<AcceptedAction, 'label'> & { label: MessageKey };

const ACTIONS: Record<RuleId, (p: Prompt) => ActionDraft> = {
  // Already on a low-intensity statin: the action is to step up, not to start one.
  R1: (p) => ({
    label: p.variant === 'intensify' ? 'action.R1.intensify' : 'action.R1',
    kind: 'MedicationRequest',
    doNotPerform: false,
  }),
  R2: () => ({ label: 'action.R2', kind: 'MedicationRequest', doNotPerform: false }),
  'R2-safety': () => ({ label: 'action.R2-safety', kind: 'MedicationRequest', doNotPerform: true }),
  R3: () => ({ label: 'action.R3', kind: 'ServiceRequest', doNotPerform: true }),
  R4: (p) => {
    if (p.variant === 'comfort') {
      // In hospice or palliative care the goal is no lows and fewer symptoms, not a number.
      return { label: 'action.R4.comfort', kind: 'MedicationRequest', doNotPerform: false };
    }
    return {
      label: p.variant === 'type-1' ? 'action.R4.type1' : 'action.R4',
      kind: 'MedicationRequest',
      doNotPerform: false,
      // The rule's own example of a relaxed goal (value-care-rules.md R4: "for example below 8%").
      target: {
        measure: { system: LOINC, code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
        below: 8.0,
        unit: '%',
        ucum: '%',
      },
    };
  },
  // The rule gives no relaxed BP number, so accepting records the medicine review, not a new target.
  R5: () => ({ label: 'action.R5', kind: 'MedicationRequest', doNotPerform: false }),
  R6: () => ({ label: 'action.R6', kind: 'ServiceRequest', doNotPerform: true }),
  R7: () => ({ label: 'action.R7', kind: 'MedicationRequest', doNotPerform: true }),
  R8a: () => ({ label: 'action.R8a', kind: 'ServiceRequest', doNotPerform: false }),
  R8b: (p) =>
    p.kind === 'shared-decision'
      ? { label: 'action.R8b.decide', kind: 'Appointment', doNotPerform: false }
      : { label: 'action.R8b', kind: 'ServiceRequest', doNotPerform: true },
  R9a: () => ({ label: 'action.R9a', kind: 'ServiceRequest', doNotPerform: true }),
  R9b: () => ({ label: 'action.R9b', kind: 'MedicationRequest', doNotPerform: false }),
  R9c: () => ({ label: 'action.R9c', kind: 'ServiceRequest', doNotPerform: true }),
  R9d: () => ({ label: 'action.R9d', kind: 'ServiceRequest', doNotPerform: true }),
  R10: () => ({
    label: 'action.R10',
    kind: 'Appointment',
    doNotPerform: false,
    code: { system: SCT, code: '713603004', display: 'Advance care planning' },
  }),
};

export function acceptedAction(prompt: Prompt, lang: PromptLanguage = 'en'): AcceptedAction {
  const { label, ...action } = ACTIONS[prompt.rule](prompt);
  return { ...action, label: render({ key: label }, lang) };
}

/** The shared-care-plan activity for an accepted prompt, its words in the plan's language. */
export function acceptedActivity(
  prompt: Prompt,
  date: string,
  lang: PromptLanguage = 'en',
): CarePlanActivity {
  const action = acceptedAction(prompt, lang);
  return {
    detail: {
      kind: action.kind,
      code: {
        coding: [
          { system: VALUE_CARE_RULE_SYSTEM, code: prompt.rule },
          ...(action.code ? [action.code] : []),
        ],
        text: action.label,
      },
      status: 'not-started',
      doNotPerform: action.doNotPerform,
      scheduledPeriod: { start: date },
      description: action.label,
    },
  };
}

/** Short names people use for a target's measure, so a goal reads as an outcome ("HbA1c below 8%"). */
const MEASURE_NAMES: Record<string, string> = { '4548-4': 'HbA1c' };

/** The words of a relaxed-target Goal: the outcome and its target, e.g. "HbA1c below 8%". */
export function targetGoalText(target: {
  measure: { code: string; display: string };
  below: number;
  unit: string;
}): string {
  return `${MEASURE_NAMES[target.measure.code] ?? target.measure.display} below ${target.below}${target.unit}`;
}

/**
 * The relaxed-target Goal for an accepted de-intensification prompt (gol-1: a detail needs a
 * measure). Its words are the outcome and its target; the action that gets there is the plan's
 * activity, which links to this Goal.
 */
export function acceptedTargetGoal(
  prompt: Prompt,
  ctx: { patientId: string; date: string; identifier: Identifier; agreedBy: string[] },
): Goal | undefined {
  const action = acceptedAction(prompt);
  if (!action.target) return undefined;
  const t = action.target;
  return {
    resourceType: 'Goal',
    meta: { profile: [US_CORE_GOAL_PROFILE] },
    identifier: [ctx.identifier],
    lifecycleStatus: 'active',
    description: { text: targetGoalText(t) },
    subject: { reference: `Patient/${ctx.patientId}` },
    startDate: ctx.date,
    target: [
      {
        measure: { coding: [t.measure], text: t.measure.display },
        // "below 8%" is strict (ADA: "< 8.0%"): a range's high would mean at or below, and the
        // trend and goal list would then say something other than the goal's own words.
        detailQuantity: { value: t.below, comparator: '<', unit: t.unit, system: UCUM, code: t.ucum },
      },
    ],
    extension: ctx.agreedBy.map((who) => ({
      url: GOAL_ACCEPTANCE_EXT,
      extension: [
        { url: 'individual', valueReference: { reference: who } },
        { url: 'status', valueCode: 'agree' },
      ],
    })),
  };
}

export interface AgreedDecision {
  rule: RuleId;
  label: string;
  date?: string;
  /** `CarePlan/id` holding the agreed activity. */
  reference: string;
}

/** Prompts already agreed in a care plan: an activity with the rule's code that was not declined. */
export function agreedDecisions(plans: readonly CarePlan[]): Map<RuleId, AgreedDecision> {
  const out = new Map<RuleId, AgreedDecision>();
  for (const plan of plans) {
    if (plan.status === 'entered-in-error' || plan.status === 'revoked') continue;
    for (const a of plan.activity ?? []) {
      const d = a.detail;
      if (!d || isDeclinedStatus(d.status) || d.status === 'entered-in-error') continue;
      const code = d.code?.coding?.find((c) => c.system === VALUE_CARE_RULE_SYSTEM)?.code;
      if (!code || !(RULE_IDS as readonly string[]).includes(code)) continue;
      const date = d.scheduledPeriod?.start;
      out.set(code as RuleId, {
        rule: code as RuleId,
        label: d.description ?? d.code?.text ?? code,
        ...(date ? { date } : {}),
        reference: `CarePlan/${plan.id ?? ''}`,
      });
    }
  }
  return out;
}
