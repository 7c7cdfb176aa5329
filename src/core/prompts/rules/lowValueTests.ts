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
    summary: `PSA test at ${ctx.age ?? '70+'} with no prostate cancer or raised-PSA follow-up on record: discuss not testing.`,
    detail:
      'PSA screening is not recommended at 70 and older because the harms outweigh the benefits; unless this is follow-up of a known problem (or urinary symptoms are being worked up), discuss not testing.',
    evidence: evidence(psa),
    benefitsHarms: {
      harms:
        'At 70 and over, the harms of PSA screening (false alarms, biopsies, overtreatment) outweigh the benefits.',
    },
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
      return {
        rule: 'R9c',
        kind: 'overuse',
        variant: 'repeat-within-2-years',
        summary:
          'Repeat bone density scan within 2 years in treated osteoporosis: discuss waiting unless something changed.',
        detail:
          'A repeat bone density scan within 2 years rarely changes treatment for osteoporosis; discuss waiting unless something has changed (a new fracture, or starting or changing treatment).',
        evidence: evidence([latest, prior], osteoporosis),
        benefitsHarms: { benefits: 'A repeat scan within 2 years rarely changes treatment.' },
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
    summary: `Bone density scan at ${age} with no osteoporosis risk factor on record: check risk factors (or a risk tool) first.`,
    detail:
      'Bone density scans are not recommended for women under 65 without risk factors; check for risk factors (or use a risk tool such as FRAX) before ordering.',
    evidence: evidence(recent, screeningDx),
    notes: [
      'Only coded risk factors were checked; ask about fractures, steroids, smoking, alcohol and family history.',
    ],
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
    summary: 'Vitamin D blood test with no risk condition on record: discuss whether the test is needed.',
    detail:
      'Routine vitamin D blood tests in people without a risk condition rarely change care; discuss whether the test is needed.',
    evidence: evidence(lowRisk),
    benefitsHarms: { benefits: 'In people without a risk condition the result rarely changes care.' },
  };
};
