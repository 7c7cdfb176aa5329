/** R6: imaging for acute low back pain in the first 6 weeks without red flags (§R6, §14 D1, D13). */
import type { Day } from '../dates';
import { DECISIONS } from '../decisions';
import {
  activeOrders,
  conditionDay,
  encounterWindow,
  isActiveCondition,
  isCountableObservation,
  isVerified,
  observationDay,
  servicesDone,
  type Dated,
} from '../facts';
import { EXTRA, SPEC } from '../valuesets';
import { CG_EVISIT_RED_FLAG } from '../../fhir/vocabulary';
import { msg } from '../messages/types';
import { evidence, type Rule } from './common';

const DAY_WINDOW = 42;
const NEW_EPISODE_LOOKBACK = 180;

export const r6: Rule = (ctx) => {
  const { codes, record, t } = ctx;
  const lbp = codes.set(EXTRA.r6Trigger);
  const dated: Dated[] = [
    ...record
      .find('Condition', lbp)
      .filter(isVerified)
      .map((c) => ({ resource: c, day: conditionDay(c) })),
    ...record.find('Encounter.reason', lbp).map((e) => ({ resource: e, day: encounterWindow(e)?.from })),
  ];
  const records = dated.filter((r): r is Dated & { day: Day } => r.day !== undefined && r.day <= t);

  // D13 + "new episode" (own design): first back-pain record ≤ 42 days before T, none in the 180 days before it.
  const recent = records.filter((r) => r.day >= t - DAY_WINDOW);
  if (recent.length === 0) return undefined;
  const start = Math.min(...recent.map((r) => r.day));
  if (records.some((r) => r.day < start && r.day >= start - NEW_EPISODE_LOOKBACK)) return undefined;

  const imagingSet = codes.union([EXTRA.r6Imaging], [SPEC.notLumbar]);
  const imaging = [...activeOrders(ctx, imagingSet), ...servicesDone(ctx, imagingSet)].filter(
    (i) => (i.day ?? t) >= start && (i.day ?? t) <= t,
  );
  if (imaging.length === 0) return undefined;

  // D1: a code on the trigger list is never a red flag.
  const redFlagSet = codes.union([EXTRA.r6RedFlag], [EXTRA.r6Trigger]);
  const redFlags = record.find('Condition', redFlagSet).filter(isVerified);
  // §R6 / §12.2: a back-pain red flag the patient answered yes to in an e-visit is an exclusion too.
  const answeredFlags = record
    .all('Observation')
    .filter(
      (o) =>
        isCountableObservation(o) &&
        o.valueBoolean !== false &&
        o.code.coding?.some((c) => c.system === CG_EVISIT_RED_FLAG && c.code?.startsWith('lbp-')),
    )
    .map(observationDay);
  const unexplained = imaging.filter((i) => {
    const d = i.day ?? t;
    if (answeredFlags.some((day) => day !== undefined && day <= d && day >= d - DAY_WINDOW)) return false;
    return !redFlags.some((c) => {
      const cd = conditionDay(c);
      if (cd !== undefined && cd > d) return false;
      if (cd !== undefined && cd >= d - DAY_WINDOW) return true;
      return DECISIONS.r6ActiveRedFlags.value && isActiveCondition(c);
    });
  });
  if (unexplained.length === 0) return undefined;

  return {
    rule: 'R6',
    kind: 'overuse',
    variant: 'imaging',
    summary: msg('R6.summary'),
    detail: msg('R6.detail'),
    evidence: evidence(recent, unexplained),
    notes: [msg('R6.note')],
    benefitsHarms: { benefits: msg('R6.benefits'), harms: msg('R6.harms') },
  };
};
