/** R4: overly aggressive diabetes control in older adults (§R4, §14 D8, D9). */
import type { Observation } from 'fhir/r4';
import { lastMonths, within } from '../dates';
import { DECISIONS } from '../decisions';
import {
  activeConditions,
  activeOrRecentConditions,
  currentMedications,
  observations,
  type RuleContext,
} from '../facts';
import { SPEC, VS } from '../valuesets';
import { anyOf, evidence, pct, rxMatcher, type Rule } from './common';

/** HbA1c as % (NGSP); mmol/mol (IFCC) converted; other units unreadable. */
export function hba1cPercent(o: Observation): number | undefined {
  const q = o.valueQuantity;
  if (q?.value === undefined) return undefined;
  const unit = (q.code ?? q.unit ?? '%').toLowerCase();
  if (unit === '%' || unit.startsWith('% ') || unit === 'percent') return q.value;
  if (unit === 'mmol/mol' && DECISIONS.r4HbA1cUnits.value) return q.value / 10.929 + 2.15;
  return undefined;
}

export const r4: Rule = (ctx) => {
  const age = ctx.age ?? 0;
  if (age < 65) return undefined;
  const { codes, t } = ctx;
  const diabetes = activeConditions(ctx, codes.set(VS.diabetes));
  if (diabetes.length === 0) return undefined;

  const latest = observations(ctx, codes.set(VS.hba1c)).find((o) => hba1cPercent(o.resource) !== undefined);
  if (!latest || !within(latest.day, lastMonths(t, 6))) return undefined;
  const value = hba1cPercent(latest.resource) as number;
  const threshold = age >= 75 || ctx.limitedBenefit.any ? 7.5 : 7.0;
  if (!(value < threshold)) return undefined;

  const drugs = currentMedications(ctx, anyOf(codes.set(VS.beersSulfonylureas), hypoglycemicMatcher(ctx)));
  if (drugs.length === 0) return undefined;

  const type1 = activeConditions(ctx, codes.set(VS.type1Diabetes));
  const classes = new Set(
    drugs.flatMap((m) =>
      ctx.record
        .rxnormCodes(m)
        .map(
          (c) =>
            codes.hypoglycemicClass(c) ??
            (codes.set(VS.beersSulfonylureas).has('rxnorm', c) ? 'sulfonylurea' : undefined),
        ),
    ),
  );
  const insulinOnly = classes.size === 1 && classes.has('insulin');

  const notes: string[] = [];
  const amplifiers = [
    ...activeOrRecentConditions(ctx, codes.set(SPEC.hypoglycemiaEvent), lastMonths(t, 12)),
    ...activeConditions(ctx, codes.union([SPEC.ckd45, VS.esrd])),
  ];
  if (amplifiers.length)
    notes.push('Higher risk: a recent low-blood-sugar event or advanced kidney disease is on record.');
  if (ctx.limitedBenefit.frailty.length) notes.push('Higher risk: falls or frailty on record.');
  if (ctx.limitedBenefit.dementia.length) notes.push('Higher risk: dementia on record.');
  if (age >= 80) notes.push('Higher risk: age 80 or over.');
  const beers = currentMedications(ctx, codes.set(VS.beersSulfonylureas));
  if (beers.length)
    notes.push(
      'Glyburide or glimepiride: the AGS Beers Criteria advise avoiding them in older adults (more lows).',
    );
  const veryLow = value < 6.5;
  if (veryLow) notes.push(`A1c ${pct(value)} is very low (under 6.5%).`);

  const tier = age >= 75 ? 'tier-b' : 'tier-a';
  const a1c = `A1c ${pct(value)}`;
  let variant: string = tier;
  let summary = `${a1c} on insulin or a sulfonylurea at ${age}: risk of lows. Discuss relaxing the goal and reducing the drug.`;
  let detail =
    "This older patient's A1c is below target while on insulin or a sulfonylurea, which raises the risk of low blood sugar; discuss relaxing the A1c goal (for example below 8%) and reducing or stopping the medicine that causes lows.";
  if (type1.length > 0) {
    variant = 'type-1';
    summary = `${a1c} with type 1 diabetes at ${age}: discuss a higher A1c target and reviewing the insulin dose.`;
    detail =
      'This older patient with type 1 diabetes has a low A1c, which raises the risk of low blood sugar; discuss a higher A1c target and reviewing the insulin dose. Do not stop insulin.';
  } else if (insulinOnly) {
    detail =
      "This older patient's A1c is below target on insulin, which raises the risk of low blood sugar; discuss relaxing the A1c goal and reducing the insulin dose.";
  }
  if (ctx.suppression.active) {
    variant = 'comfort';
    summary = `${a1c} on insulin or a sulfonylurea, hospice/palliative care: focus on avoiding lows and symptoms.`;
    detail =
      'This patient receives hospice or palliative care. Focus on avoiding low blood sugar and on symptoms rather than on A1c; discuss simplifying or reducing the medicine that causes lows' +
      (type1.length ? ' (do not stop insulin in type 1 diabetes).' : '.');
  }
  return {
    rule: 'R4',
    kind: 'deintensify',
    variant,
    summary,
    detail,
    evidence: evidence(diabetes, [latest], drugs, type1, amplifiers, beers),
    notes,
    benefitsHarms: {
      benefits:
        'A less strict A1c goal (for many older adults below 7.5–8%) keeps the benefits of moderate control.',
      harms:
        'A1c below 7% on insulin or a sulfonylurea raises the risk of low blood sugar, falls and confusion.',
    },
  };
};

/** Any include=Y product or ingredient of hypoglycemia_risk_agents.csv (dulaglutide rows are left out). */
function hypoglycemicMatcher(ctx: Pick<RuleContext, 'codes'>) {
  return rxMatcher('hypoglycemic', (rxcui) => ctx.codes.hypoglycemicClass(rxcui) !== undefined);
}
