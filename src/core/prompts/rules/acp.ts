/** R10: advance care planning (§11A, §14 D17). */
import type { DocumentReference } from 'fhir/r4';
import { addYears, parseDay, within } from '../dates';
import { DECISIONS } from '../decisions';
import { completedProcedures, encounterWindow, observations, type RuleContext } from '../facts';
import { EXTRA } from '../valuesets';
import { msg } from '../messages/types';
import { evidence, type Rule } from './common';

function documentDay(d: DocumentReference) {
  return parseDay(d.date ?? d.context?.period?.start ?? d.content?.[0]?.attachment?.creation);
}

/** R10's denominator: 65 or older, or a serious illness at any age. */
export function r10Population(ctx: RuleContext): boolean {
  return (ctx.age ?? 0) >= 65 || ctx.limitedBenefit.advancedIllness.length > 0;
}

export const r10: Rule = (ctx) => {
  const age = ctx.age ?? 0;
  const seriousIllness = ctx.limitedBenefit.advancedIllness;
  if (!r10Population(ctx)) return undefined;
  const { codes, t } = ctx;
  const fiveYears = { from: addYears(t, -5), to: t };
  const acpCodes = codes.union([EXTRA.acpProcedure, EXTRA.acpBilling]);
  const acpLoinc = codes.union([EXTRA.acpDocumentation, EXTRA.acpObservation]);

  const done =
    completedProcedures(ctx, acpCodes).some((p) => within(p.day, fiveYears)) ||
    (DECISIONS.r10AcpEvidence.value &&
      (ctx.record.find('Encounter', acpCodes).some((e) => within(encounterWindow(e)?.from, fiveYears)) ||
        observations(
          ctx,
          codes.union([EXTRA.acpProcedure, EXTRA.acpBilling, EXTRA.acpDocumentation, EXTRA.acpObservation]),
        ).some((o) => within(o.day, fiveYears)))) ||
    ctx.record.find('DocumentReference', acpLoinc).some((d) => {
      if (d.status === 'entered-in-error') return false;
      const day = documentDay(d);
      // An undated advance directive still shows the conversation happened.
      return day === undefined || within(day, fiveYears);
    });
  if (done) return undefined;

  const byIllness = age < 65;
  return {
    rule: 'R10',
    kind: 'acp',
    variant: byIllness ? 'serious-illness' : 'age-65',
    summary: byIllness ? msg('R10.illness.summary') : msg('R10.age.summary', { age }),
    detail: msg('R10.detail'),
    evidence: byIllness ? evidence(seriousIllness) : ctx.record.patient ? evidence([ctx.record.patient]) : [],
  };
};
