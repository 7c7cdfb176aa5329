/**
 * The metrics of issue 10, one SQL file each in this folder (ids exactly as in the issue). Each
 * query returns one row per unit of its denominator — `patient, month, rule, reason, num, den` —
 * over the view tables, the one-row `period` table and the base tables (base-*.sql); the engine
 * sums them for the total, each month and each equity stratum. Every query keeps to SQL that both
 * DuckDB and Spark SQL accept.
 */
import { RULE_IDS, type RuleId } from '../../src/core/prompts/types';

export interface MetricDefinition {
  id: string;
  numerator: string;
  denominator: string;
  /** Reported once per rule (and, for declines, also per override reason). */
  byRule?: readonly RuleId[];
  byReason?: boolean;
  /** The rate is per 100 units of the denominator (else a proportion 0–1). */
  per100?: boolean;
  /** Each month's denominator is the whole period's (a count of units, e.g. patients seen). */
  monthsOverWholeDenominator?: boolean;
}

export const UNDERUSE_RULES: readonly RuleId[] = ['R1', 'R2', 'R8a', 'R10'];
export const OVERUSE_RULES: readonly RuleId[] = [
  'R3',
  'R4',
  'R5',
  'R6',
  'R7',
  'R8b',
  'R9a',
  'R9b',
  'R9c',
  'R9d',
];

export const METRICS: readonly MetricDefinition[] = [
  {
    id: 'patients',
    numerator: 'Patients with an encounter in the period',
    denominator: 'Every patient in the export',
    monthsOverWholeDenominator: true,
  },
  {
    id: 'what-matters-documented',
    numerator: 'Patients with a priority they stated themselves (what matters) on record during the period',
    denominator: 'Patients with an encounter in the period',
  },
  {
    id: 'one-thing-documented',
    numerator:
      'Patients whose priorities on record during the period include "the one thing" (high priority)',
    denominator: 'Patients with an encounter in the period',
  },
  {
    id: 'goals-agreed',
    numerator: 'Patients with a goal accepted by both the patient and a clinician',
    denominator: 'Patients with an encounter in the period with a priority on record during it',
  },
  {
    id: 'goal-follow-up',
    numerator: 'Agreed goals with a patient progress report 2 weeks to 6 months after agreement',
    denominator: 'Goals agreed in the period at least 2 weeks before its end (PCO IG measure 2)',
  },
  {
    id: 'shared-plan',
    numerator: 'Patients with a shared care plan',
    denominator: 'Patients with an encounter in the period',
  },
  {
    id: 'agenda-addressed',
    numerator: 'Agenda items the clinician marked addressed',
    denominator: 'Agenda items patients wrote in the period',
  },
  {
    id: 'prompts-fired',
    numerator: 'Patients for whom the prompt fired at their last visit',
    denominator: 'Patients seen in the period who are eligible for the rule',
    byRule: RULE_IDS,
  },
  {
    id: 'prompts-accepted',
    numerator: 'Prompts accepted (care plan or CDS Hooks feedback, counted once)',
    denominator: 'Prompts shown in the period (fired or decided on)',
    byRule: RULE_IDS,
  },
  {
    id: 'prompts-declined',
    numerator: 'Prompts declined (care plan or CDS Hooks feedback, counted once), with the reason',
    denominator: 'Prompts shown in the period (fired or decided on)',
    byRule: RULE_IDS,
    byReason: true,
  },
  {
    id: 'underuse-gap',
    numerator: 'Eligible patients for whom the recommendation is not met',
    denominator: 'Patients seen in the period who are eligible for the rule',
    byRule: UNDERUSE_RULES,
  },
  {
    id: 'overuse-per-100',
    numerator: 'Low-value care prompts fired',
    denominator: 'Patients with an encounter in the period (rate per 100)',
    byRule: OVERUSE_RULES,
    per100: true,
  },
  {
    id: 'collaborate-top-box',
    numerator: 'CollaboRATE responses scoring 9 on all three items',
    denominator: 'CollaboRATE responses with a score in the period',
  },
  {
    id: 'decision-aid-shown',
    numerator: 'Visits whose plan records a decision aid shown',
    denominator: 'Visits in the period where the plan records a prompt decision',
  },
];

/** Tables the metric queries read besides the views, in the order they are made. */
export const BASE_TABLES = [
  ['priorities_in_period', 'base-priorities-in-period.sql'],
  ['active_patients', 'base-active-patients.sql'],
  ['patient_strata', 'base-patient-strata.sql'],
  ['decisions', 'base-decisions.sql'],
  ['prompts_shown', 'base-prompts-shown.sql'],
] as const;
