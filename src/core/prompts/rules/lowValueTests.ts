/** R9a (PSA at 70+), R9c (DXA overuse, two variants) and R9d (vitamin D testing) — §R9, §14 D16. */
import { addMonths, lastMonths, within, type Day } from '../dates';
import { DECISIONS } from '../decisions';
import {
  activeOrRecentConditions,
  conditionDay,
  conditionsDatedIn,
  currentMedications,
  historyConditions,
  isActiveCondition,
  isVerified,
  medicationOrdersIn,
  observations,
  orderedOrDoneRecently,
  servicesDone,
  activeOrders,
  type RuleContext,
} from '../facts';
import { EXTRA, SPEC, VS } from '../valuesets';
import { msg } from '../messages/types';
import { evidence, type Rule } from './common';

const ORDERED = new Set(['active', 'completed', 'on-hold', 'stopped']);

export const r9a: Rule = (ctx) => {
  if ((ctx.age ?? 0) < 70) return undefined;
  const { codes } = ctx;
  const psa = orderedOrDoneRecently(ctx, codes.union([VS.psa, EXTRA.r9aService]));
  if (psa.length === 0) return undefined;
  if (historyConditions(ctx, codes.union([VS.prostateCancer, EXTRA.r9aExclusion])).length > 0)
    return undefined;
  return {
    rule: 'R9a',
    kind: 'overuse',
    variant: 'screening',
    summary: msg('R9a.summary', { age: ctx.age ?? '70+' }),
    detail: msg('R9a.detail'),
    evidence: evidence(psa),
    benefitsHarms: { harms: msg('R9a.harms') },
  };
};

/** CMS249 risk factors available as codes (DECISIONS.r9cRiskFactorsPartial). */
function dxaRiskFactors(ctx: RuleContext) {
  const { codes, t } = ctx;
  const year = lastMonths(t, 12);
  const conditions = historyConditions(
    ctx,
    codes.union([
      VS.osteoporosis,
      VS.osteoporosisFracture,
      VS.osteopenia,
      VS.rheumatoidArthritis,
      VS.hyperthyroidism,
      VS.hyperparathyroidism,
      VS.malabsorption,
      VS.chronicLiverDisease,
      VS.prematureMenopause,
      VS.type1Diabetes,
      VS.esrd,
      VS.parentHipFracture,
    ]),
  );
  const parentHip = observations(ctx, codes.set(VS.parentHipFracture));
  const drugs = codes.union([VS.glucocorticoids, VS.aromataseInhibitors]);
  const meds = [...currentMedications(ctx, drugs), ...medicationOrdersIn(ctx, drugs, year, ORDERED)];
  const latest = (key: string) => observations(ctx, codes.set(key))[0];
  const bmi = latest(SPEC.bmi);
  const alcohol = latest(SPEC.alcohol);
  const obs = [
    ...parentHip,
    ...(bmi && (bmi.resource.valueQuantity?.value ?? 99) <= 20 ? [bmi] : []),
    ...(alcohol && (alcohol.resource.valueQuantity?.value ?? 0) > 2 ? [alcohol] : []),
    ...observations(ctx, codes.set(SPEC.riskTool)),
  ];
  return [...conditions, ...meds, ...obs.map((o) => o.resource)];
}

export const r9c: Rule = (ctx) => {
  const { codes, t } = ctx;
  const dxaSet = codes.union([VS.dxa, EXTRA.r9cService]);
  const done = servicesDone(ctx, dxaSet)
    .filter((d): d is typeof d & { day: Day } => d.day !== undefined)
    .sort((a, b) => b.day - a.day);
  const orders = activeOrders(ctx, dxaSet);
  const recent = [...orders, ...done.filter((d) => within(d.day, lastMonths(t, 12)))];
  if (recent.length === 0) return undefined;

  // Variant 2: repeat BMD within 2 years in treated osteoporosis (Schwartz).
  const osteoporosis = historyConditions(ctx, codes.union([VS.osteoporosis, EXTRA.r9cOsteoporosis]));
  if (osteoporosis.length > 0) {
    const latest = recent[0];
    const latestDay = latest?.day ?? t;
    const prior = done.find((d) => d.day < latestDay && d.day >= latestDay - 730);
    const dxBefore = osteoporosis.some((c) => (conditionDay(c) ?? latestDay) <= latestDay);
    const twoYears = { from: addMonths(t, -24), to: t };
    const excluded =
      activeOrRecentConditions(ctx, codes.set(SPEC.r9cCancer), twoYears).length > 0 ||
      activeOrRecentConditions(ctx, codes.set(VS.osteoporosisFracture), twoYears).length > 0;
    if (latest && prior && dxBefore && !excluded) {
      // Every active DXA order that repeats a scan done within 2 years before it is evidence, not
      // only the latest: a draft duplicating an active order is what an order-time card removes.
      const repeats = orders.filter((o) => {
        const day = o.day ?? t;
        return done.some((d) => d.day < day && d.day >= day - 730);
      });
      return {
        rule: 'R9c',
        kind: 'overuse',
        variant: 'repeat-within-2-years',
        summary: msg('R9c.repeat.summary'),
        detail: msg('R9c.repeat.detail'),
        evidence: evidence([latest, prior], repeats, osteoporosis),
        benefitsHarms: { benefits: msg('R9c.repeat.benefits') },
      };
    }
    return undefined;
  }

  // Variant 1: screening DXA in women 50–63 without risk factors (CMS249; D16: age at T).
  const age = ctx.age ?? 0;
  if (ctx.gender !== 'female' || age < 50 || age > 63) return undefined;
  if (dxaRiskFactors(ctx).length > 0) return undefined;
  const screeningDx = conditionsDatedIn(ctx, codes.set(EXTRA.r9cScreeningDx), lastMonths(t, 12));
  return {
    rule: 'R9c',
    kind: 'overuse',
    variant: 'screening-under-65',
    summary: msg('R9c.screening.summary', { age }),
    detail: msg('R9c.screening.detail'),
    evidence: evidence(recent, screeningDx),
    notes: [msg('R9c.screening.note')],
  };
};

export const r9d: Rule = (ctx) => {
  const { codes, t } = ctx;
  const tests = orderedOrDoneRecently(ctx, codes.union([EXTRA.r9dService, EXTRA.r9dObservation]));
  if (tests.length === 0) return undefined;
  const chronicKeys: string[] = [EXTRA.r9dChronic];
  if (DECISIONS.r9dSnomedEquivalents.value) {
    chronicKeys.push(
      VS.diabetes,
      VS.esrd,
      VS.liverDisease,
      VS.chronicLiverDisease,
      VS.malabsorption,
      VS.osteoporosis,
      VS.osteoporosisFracture,
      VS.hyperparathyroidism,
    );
  }
  const chronic = historyConditions(ctx, codes.union(chronicKeys));
  const within90 = ctx.record
    .find(
      'Condition',
      codes.union([EXTRA.r9d90Days, ...(DECISIONS.r9dSnomedEquivalents.value ? [VS.seizure] : [])]),
    )
    .filter(isVerified);
  const within365 = ctx.record.find('Condition', codes.set(EXTRA.r9d365Days)).filter(isVerified);
  const sameDay = ctx.record.find('Condition', codes.set(EXTRA.r9dSameDay)).filter(isVerified);
  const near = (c: Parameters<typeof conditionDay>[0], d: Day, days: number) => {
    const cd = conditionDay(c);
    return (
      (cd !== undefined && cd <= d && cd >= d - days) ||
      (isActiveCondition(c) && (cd === undefined || cd <= d))
    );
  };
  const lowRisk = tests.filter((test) => {
    const d = test.day ?? t;
    if (chronic.some((c) => (conditionDay(c) ?? d) <= d)) return false;
    if (within90.some((c) => near(c, d, 90))) return false;
    if (within365.some((c) => near(c, d, 365))) return false;
    return !sameDay.some((c) => near(c, d, 0));
  });
  if (lowRisk.length === 0) return undefined;
  return {
    rule: 'R9d',
    kind: 'overuse',
    variant: 'low-risk',
    summary: msg('R9d.summary'),
    detail: msg('R9d.detail'),
    evidence: evidence(lowRisk),
    benefitsHarms: { benefits: msg('R9d.benefits') },
  };
};
