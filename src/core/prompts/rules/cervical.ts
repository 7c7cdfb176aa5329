/** R3: cervical screening after 65 with adequate prior screening, or with no cervix (§R3, §14 D11). */
import type { Observation } from 'fhir/r4';
import { addYears, lastMonths, within, type Day } from '../dates';
import { DECISIONS } from '../decisions';
import {
  activeOrders,
  completedProcedures,
  conditionDay,
  historyConditions,
  observations,
  servicesDone,
  type Dated,
  type RuleContext,
} from '../facts';
import { EXTRA, VS } from '../valuesets';
import { msg } from '../messages/types';
import { evidence, type Rule } from './common';

type Result = 'negative' | 'abnormal' | 'unclear';

const INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const NEGATIVE_INTERPRETATIONS = new Set(['N', 'NEG', 'ND']);
const ABNORMAL_INTERPRETATIONS = new Set(['A', 'AA', 'H', 'HH', 'L', 'LL', 'POS', 'DET', 'HX', 'LX']);

/** Negative / abnormal from the interpretation code, else from the result's words (NILM, "not detected" …). */
export function classifyResult(o: Observation): Result {
  for (const i of o.interpretation ?? []) {
    for (const c of i.coding ?? []) {
      if (c.system && c.system !== INTERPRETATION_SYSTEM) continue;
      if (c.code && NEGATIVE_INTERPRETATIONS.has(c.code)) return 'negative';
      if (c.code && ABNORMAL_INTERPRETATIONS.has(c.code)) return 'abnormal';
    }
  }
  const text = [
    o.valueString,
    o.valueCodeableConcept?.text,
    ...(o.valueCodeableConcept?.coding ?? []).map((c) => c.display),
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  if (!text) return 'unclear';
  if (/\b(not detected|negative|nilm|normal|within normal limits)\b/.test(text) && !/\babnormal\b/.test(text))
    return 'negative';
  if (/\b(positive|detected|abnormal|ascus|asc-h|lsil|hsil|agc|carcinoma|cin ?[123])\b/.test(text))
    return 'abnormal';
  return 'unclear';
}

interface Visit {
  day: Day;
  hasHpv: boolean;
  result: Result;
  items: Dated<Observation>[];
}

/** Same-day cytology and HPV results form one co-test (D11); newest first. */
function visits(ctx: RuleContext, from: Day): Visit[] {
  const pap = ctx.codes.set(VS.pap);
  const hpv = ctx.codes.set(VS.hpv);
  const byDay = new Map<Day, Visit>();
  for (const o of observations(ctx, ctx.codes.union([VS.pap, VS.hpv]))) {
    if (o.day === undefined || o.day < from) continue;
    const v = byDay.get(o.day) ?? { day: o.day, hasHpv: false, result: 'negative', items: [] };
    const r = classifyResult(o.resource);
    const isHpv = ctx.record.matches([o.resource.code], hpv) && !ctx.record.matches([o.resource.code], pap);
    v.hasHpv ||= isHpv || ctx.record.matches([o.resource.code], hpv);
    v.result =
      v.result === 'abnormal' || r === 'abnormal'
        ? 'abnormal'
        : v.result === 'unclear' || r === 'unclear'
          ? 'unclear'
          : 'negative';
    v.items.push(o);
    byDay.set(o.day, v);
  }
  return [...byDay.values()].sort((a, b) => b.day - a.day);
}

export const r3: Rule = (ctx) => {
  const { codes, t } = ctx;
  const screeningSet = codes.union([VS.pap, VS.hpv, EXTRA.r3Service]);
  const orders = activeOrders(ctx, screeningSet);
  const recent = servicesDone(ctx, screeningSet).filter((d) => within(d.day, lastMonths(t, 12)));
  if (orders.length === 0 && recent.length === 0) return undefined;

  // No cervix: USPSTF D at any age.
  const noCervix = [
    ...completedProcedures(ctx, codes.set(VS.hysterectomy)),
    ...historyConditions(ctx, codes.set(VS.absentCervix)).map((c) => ({ resource: c, day: conditionDay(c) })),
  ];
  if (noCervix.length > 0) {
    const since = Math.min(...noCervix.map((n) => n.day ?? Number.NEGATIVE_INFINITY));
    const after = DECISIONS.r3ScreeningAfterNoCervix.value
      ? recent.filter((d) => d.day === undefined || d.day > since)
      : recent;
    if (orders.length > 0 || after.length > 0) {
      return {
        rule: 'R3',
        kind: 'overuse',
        variant: 'no-cervix',
        summary: msg('R3.noCervix.summary'),
        detail: msg('R3.noCervix.detail'),
        evidence: evidence(orders, after, noCervix),
        benefitsHarms: { harms: msg('R3.noCervix.harms') },
      };
    }
  }

  if ((ctx.age ?? 0) < 66) return undefined;
  if (historyConditions(ctx, codes.set(EXTRA.r3HighRisk)).length > 0) return undefined;
  const all = visits(ctx, addYears(t, -25));
  if (all.some((v) => v.result === 'abnormal')) return undefined;

  const tenYears = all.filter((v) => v.day >= addYears(t, -10));
  const run: Visit[] = [];
  for (const v of tenYears) {
    if (v.result !== 'negative') break;
    run.push(v);
  }
  const newest = run[0];
  const adequate =
    newest !== undefined &&
    newest.day >= addYears(t, -5) &&
    (run.length >= 3 || run.filter((v) => v.hasHpv).length >= 2);
  const trigger = evidence(orders, recent);
  if (adequate) {
    return {
      rule: 'R3',
      kind: 'overuse',
      variant: 'stop',
      summary: msg('R3.stop.summary'),
      detail: msg('R3.stop.detail'),
      evidence: [...trigger, ...evidence(run.flatMap((v) => v.items))],
      benefitsHarms: { benefits: msg('R3.stop.benefits'), harms: msg('R3.stop.harms') },
    };
  }
  return {
    rule: 'R3',
    kind: 'overuse',
    variant: 'check-history',
    summary: msg('R3.checkHistory.summary'),
    detail: msg('R3.checkHistory.detail'),
    evidence: [...trigger, ...evidence(tenYears.flatMap((v) => v.items))],
  };
};
