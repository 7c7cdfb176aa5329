/** R8a (CRC screening due at 45–75) and R8b (CRC screening at 76+), §R8, §14 D7, D15. */
import { addYears, lastMonths, within } from '../dates';
import {
  activeOrRecentConditions,
  completedProcedures,
  conditionsDatedIn,
  historyConditions,
  orderedOrDoneRecently,
  servicesDone,
  type RuleContext,
} from '../facts';
import { EXTRA, SPEC, VS } from '../valuesets';
import { msg } from '../messages/types';
import { evidence, type Rule } from './common';

function crcHistory(ctx: RuleContext) {
  return historyConditions(ctx, ctx.codes.union([VS.colonCancer, EXTRA.r8Cancer]));
}

/** R8a's denominator: 45–75, no colorectal cancer or total colectomy, not of limited benefit. */
export function r8aPopulation(ctx: RuleContext): boolean {
  const age = ctx.age;
  if (age === undefined || age < 45 || age > 75) return false;
  if (crcHistory(ctx).length > 0) return false;
  if (completedProcedures(ctx, ctx.codes.set(VS.totalColectomy)).length > 0) return false;
  return !ctx.limitedBenefit.withholdScreening;
}

export const r8a: Rule = (ctx) => {
  const age = ctx.age;
  if (age === undefined || !r8aPopulation(ctx)) return undefined;
  const { codes, t } = ctx;
  // Each test and its interval (CMS130): FOBT 1 y, sDNA-FIT 3 y, CT colonography / flexible sigmoidoscopy 5 y, colonoscopy 10 y.
  const intervals: [string, number][] = [
    [VS.fobt, 1],
    [VS.sdnaFit, 3],
    [VS.ctColonography, 5],
    [VS.flexSig, 5],
    [VS.colonoscopy, 10],
  ];
  for (const [key, years] of intervals) {
    if (servicesDone(ctx, codes.set(key)).some((d) => within(d.day, { from: addYears(t, -years), to: t })))
      return undefined;
  }
  return {
    rule: 'R8a',
    kind: 'underuse',
    variant: age < 50 ? '45-49' : '50-75',
    summary: msg('R8a.summary', { age }),
    detail: msg('R8a.detail'),
    evidence: ctx.record.patient ? evidence([ctx.record.patient]) : [],
    notes: [msg('R8a.note')],
  };
};

export const r8b: Rule = (ctx) => {
  const age = ctx.age;
  if (age === undefined || age < 76) return undefined;
  const { codes, t } = ctx;
  const screening = orderedOrDoneRecently(
    ctx,
    codes.union([EXTRA.r8Service, VS.fobt, VS.sdnaFit, VS.ctColonography, VS.flexSig, VS.colonoscopy]),
  );
  const screeningDx = conditionsDatedIn(ctx, codes.set(EXTRA.r8ScreeningDx), lastMonths(t, 12));
  if (screening.length === 0 && screeningDx.length === 0) return undefined;
  if (crcHistory(ctx).length > 0) return undefined;
  if (historyConditions(ctx, codes.set(SPEC.r8bHistory)).length > 0) return undefined;
  if (activeOrRecentConditions(ctx, codes.set(SPEC.r8bWorkup), lastMonths(t, 12)).length > 0)
    return undefined;
  const overuse = age >= 86;
  return {
    rule: 'R8b',
    kind: overuse ? 'overuse' : 'shared-decision',
    variant: overuse ? 'over-85' : 'selective-76-85',
    summary: msg(overuse ? 'R8b.over85.summary' : 'R8b.selective.summary', { age }),
    detail: msg(overuse ? 'R8b.over85.detail' : 'R8b.selective.detail'),
    evidence: evidence(screening, screeningDx),
  };
};
