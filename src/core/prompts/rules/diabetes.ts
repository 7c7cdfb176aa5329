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
import { msg, type Message } from '../messages/types';
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

  const notes: Message[] = [];
  const amplifiers = [
    ...activeOrRecentConditions(ctx, codes.set(SPEC.hypoglycemiaEvent), lastMonths(t, 12)),
    ...activeConditions(ctx, codes.union([SPEC.ckd45, VS.esrd])),
  ];
  if (amplifiers.length) notes.push(msg('R4.note.amplifiers'));
  if (ctx.limitedBenefit.frailty.length) notes.push(msg('note.frailty'));
  if (ctx.limitedBenefit.dementia.length) notes.push(msg('note.dementia'));
  if (age >= 80) notes.push(msg('note.age80'));
  const beers = currentMedications(ctx, codes.set(VS.beersSulfonylureas));
  if (beers.length) notes.push(msg('R4.note.beers'));
  const a1c = pct(value);
  const veryLow = value < 6.5;
  if (veryLow) notes.push(msg('R4.note.veryLow', { a1c }));

  const tier = age >= 75 ? 'tier-b' : 'tier-a';
  let variant: string = tier;
  let summary = msg('R4.summary', { a1c, age });
  let detail = msg('R4.detail');
  if (type1.length > 0) {
    variant = 'type-1';
    summary = msg('R4.type1.summary', { a1c, age });
    detail = msg('R4.type1.detail');
  } else if (insulinOnly) {
    detail = msg('R4.insulinOnly.detail');
  }
  if (ctx.suppression.active) {
    variant = 'comfort';
    summary = msg('R4.comfort.summary', { a1c });
    detail = msg(type1.length ? 'R4.comfort.detailType1' : 'R4.comfort.detail');
  }
  return {
    rule: 'R4',
    kind: 'deintensify',
    variant,
    summary,
    detail,
    evidence: evidence(diabetes, [latest], drugs, type1, amplifiers, beers),
    notes,
    benefitsHarms: { benefits: msg('R4.benefits'), harms: msg('R4.harms') },
  };
};

/** Any include=Y product or ingredient of hypoglycemia_risk_agents.csv (dulaglutide rows are left out). */
function hypoglycemicMatcher(ctx: Pick<RuleContext, 'codes'>) {
  return rxMatcher('hypoglycemic', (rxcui) => ctx.codes.hypoglycemicClass(rxcui) !== undefined);
}
