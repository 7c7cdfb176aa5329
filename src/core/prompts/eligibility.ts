/**
 * Which rules a patient is eligible for — each rule's denominator — for population metrics
 * (issue 10). For the underuse rules (R1, R2, R8a, R10) it is the measure's denominator: the
 * patients the recommendation applies to, whether or not it is already met, less the exclusions
 * (and hospice or palliative care, which silences those prompts). A gap is then "eligible and the
 * prompt fires". The overuse and other rules are reported per 100 patients, so their denominator
 * is the age band (and, for R2-safety, the history) the rule looks at. A prompt that fires is
 * always in its rule's denominator.
 */
import type { Patient, Resource } from 'fhir/r4';
import type { CodeSets } from './codes';
import { parseDay, type Day } from './dates';
import { DECISIONS } from './decisions';
import { buildContext, type RuleContext } from './facts';
import { PatientRecord } from './record';
import { r10Population } from './rules/acp';
import { ischemicStrokeOrTia, r1Population, r2Population } from './rules/cardiovascular';
import { r8aPopulation } from './rules/colorectal';
import { RULES } from './rules/index';
import { RULE_IDS, type RuleId } from './types';

const atLeast = (years: number) => (ctx: RuleContext) => (ctx.age ?? 0) >= years;
const everyone = () => true;

const DENOMINATORS: Record<RuleId, (ctx: RuleContext) => boolean> = {
  R1: (ctx) => r1Population(ctx) !== undefined,
  R2: (ctx) => r2Population(ctx) !== undefined,
  'R2-safety': (ctx) => ischemicStrokeOrTia(ctx).length > 0,
  // A screening after a hysterectomy is low-value at any age, so R3 looks at everyone.
  R3: everyone,
  R4: atLeast(65),
  R5: atLeast(65),
  R6: everyone,
  R7: (ctx) => (ctx.ageMonths ?? 0) >= 3,
  R8a: r8aPopulation,
  R8b: atLeast(76),
  R9a: atLeast(70),
  R9b: atLeast(65),
  // Repeat DXA in treated osteoporosis is looked at at any age, screening DXA at 50–63.
  R9c: everyone,
  R9d: everyone,
  R10: r10Population,
};

const SILENCED_BY_HOSPICE = new Set(RULES.filter((r) => r.meta.silencedByHospice).map((r) => r.id));

function isDeceased(p: Patient | undefined, t: Day): boolean {
  if (!p) return false;
  if (p.deceasedBoolean === true) return true;
  const d = parseDay(p.deceasedDateTime);
  return d !== undefined && d <= t;
}

/** Per rule, whether the patient is in its denominator on day `t`. */
export function eligibilityOfRecord(record: PatientRecord, t: Day): Record<RuleId, boolean> {
  const ctx = buildContext(record, record.codes, t);
  const dead = isDeceased(record.patient, t) && DECISIONS.deceasedNoPrompts.value;
  const out = {} as Record<RuleId, boolean>;
  for (const rule of RULE_IDS) {
    out[rule] =
      !dead && !(SILENCED_BY_HOSPICE.has(rule) && ctx.suppression.active) && DENOMINATORS[rule](ctx);
  }
  return out;
}

/** Per rule, whether the patient is eligible on `date` (YYYY-MM-DD). */
export function ruleEligibility(
  input: { resources: readonly Resource[]; date: string },
  codes: CodeSets,
): Record<RuleId, boolean> {
  const t = parseDay(input.date);
  if (t === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(input.date))
    throw new Error(`Evaluation date must be YYYY-MM-DD, got "${input.date}"`);
  return eligibilityOfRecord(new PatientRecord(input.resources, codes), t);
}
