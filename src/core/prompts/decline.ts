/**
 * The decline record: what the app writes when a clinician and patient decline a prompt, and what
 * the engine reads to suppress that prompt for 12 months (§0.5 "Prompt framing", §11.3).
 *
 * Shape — one activity in the patient's shared CarePlan (any CarePlan status but entered-in-error):
 *
 *   CarePlan.activity[].detail = {
 *     code: { coding: [{ system: 'https://common-ground.example/fhir/CodeSystem/value-care-rule', code: 'R4' }] },
 *     status: 'cancelled',                       // the prompt's suggestion was declined
 *     statusReason: { text: 'Prefers to keep her current insulin dose' },
 *     scheduledPeriod: { start: '2026-06-30' },  // when it was declined (drives the 12 months)
 *     doNotPerform: true,                        // optional; the app sets it for "will not be done"
 *     description: 'Declined: relax A1c goal / reduce insulin',
 *   }
 *
 * A decline without a date suppresses nothing (DECISIONS.declineWindowMonths).
 */
import type { CarePlanActivity, Coding } from 'fhir/r4';
import { addMonths, parseDay, type Day } from './dates';
import { DECISIONS } from './decisions';
import type { RuleContext } from './facts';
import { refOf } from './record';
import { RULE_IDS, type RuleId } from './types';
import { CG_CODESYSTEM_BASE } from '../fhir/vocabulary';

export const VALUE_CARE_RULE_SYSTEM = `${CG_CODESYSTEM_BASE}/value-care-rule`;

export interface DeclineInput {
  rule: RuleId;
  /** `YYYY-MM-DD` (or a dateTime) of the decision. */
  date: string;
  reason: string;
  /** The override reason picked from the card's list (CDS Hooks overrideReasons). */
  reasonCode?: Coding;
  /** Short human label of what was declined. */
  description?: string;
}

/** The CarePlan activity the app appends when a prompt is declined. */
export function buildDeclineActivity(input: DeclineInput): CarePlanActivity {
  return {
    detail: {
      code: {
        coding: [{ system: VALUE_CARE_RULE_SYSTEM, code: input.rule }],
        text: `Value-care prompt ${input.rule}`,
      },
      status: 'cancelled',
      statusReason: { ...(input.reasonCode ? { coding: [input.reasonCode] } : {}), text: input.reason },
      doNotPerform: true,
      scheduledPeriod: { start: input.date },
      ...(input.description ? { description: input.description } : {}),
    },
  };
}

export interface Decline {
  rule: RuleId;
  /** `CarePlan/id` holding the decline. */
  reference: string;
  day: Day;
  reason: string | undefined;
}

const RULES = new Set<string>(RULE_IDS);

/**
 * The one rule for what counts as declined, read by the engine (to suppress) and by every plan view
 * (to list it under "decided not to do"): cancelled before it began, or stopped after. A view that
 * tells the patient "we decided not to do this" while the engine prompts for it again says two
 * things about one decision.
 */
export function isDeclinedStatus(status: string | undefined): boolean {
  return status === 'cancelled' || status === 'stopped';
}

/** Declines still in force at T, newest per rule. */
export function activeDeclines(ctx: RuleContext): Map<RuleId, Decline> {
  const out = new Map<RuleId, Decline>();
  for (const plan of ctx.record.all('CarePlan')) {
    if (plan.status === 'entered-in-error') continue;
    for (const a of plan.activity ?? []) {
      const detail = a.detail;
      if (!detail || !isDeclinedStatus(detail.status)) continue;
      const day = parseDay(detail.scheduledPeriod?.start ?? detail.scheduledString);
      if (day === undefined || day > ctx.t || ctx.t >= addMonths(day, DECISIONS.declineWindowMonths.value))
        continue;
      for (const c of detail.code?.coding ?? []) {
        if (c.system !== VALUE_CARE_RULE_SYSTEM || !c.code || !RULES.has(c.code)) continue;
        const rule = c.code as RuleId;
        const prev = out.get(rule);
        if (!prev || prev.day < day)
          out.set(rule, { rule, reference: refOf(plan), day, reason: detail.statusReason?.text });
      }
    }
  }
  return out;
}
