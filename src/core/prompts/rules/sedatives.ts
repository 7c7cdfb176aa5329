/** R9b: benzodiazepines and Z-drug hypnotics in adults ≥ 65 (§R9b, §14 D16). */
import { addMonths, lastMonths, parseDay } from '../dates';
import { DECISIONS } from '../decisions';
import {
  activeConditions,
  activeOrRecentConditions,
  currentMedications,
  medicationDay,
  medicationOrdersIn,
} from '../facts';
import { VS } from '../valuesets';
import { msg, type Message } from '../messages/types';
import { evidence, medName, type Rule } from './common';

/** D16: orders counted for "≥ 2 in 12 months" — any status but entered-in-error / cancelled. */
const COUNTED = new Set(['active', 'on-hold', 'completed', 'stopped', 'draft', 'unknown']);

export const r9b: Rule = (ctx) => {
  const age = ctx.age ?? 0;
  if (age < 65) return undefined;
  const { codes, t } = ctx;
  const set = codes.union([VS.benzodiazepines, VS.zDrugs]);
  const current = currentMedications(ctx, set);
  const orders = medicationOrdersIn(ctx, set, lastMonths(t, 12), COUNTED);
  if (current.length === 0 && orders.length < 2) return undefined;
  if (ctx.suppression.active) return undefined;

  // CMS156: exclusion diagnoses from a year before the index prescription.
  const days = [...current, ...orders].map(
    (m) =>
      medicationDay(m) ?? (m.resourceType === 'MedicationRequest' ? parseDay(m.authoredOn) : undefined) ?? t,
  );
  const index = Math.min(...days);
  const exclusionWindow = { from: addMonths(index, -12), to: t };
  const excluded = activeOrRecentConditions(
    ctx,
    codes.union([VS.seizure, VS.remSleep, VS.benzoWithdrawal, VS.alcoholWithdrawal]),
    exclusionWindow,
  );
  if (excluded.length > 0) return undefined;
  const gad = activeOrRecentConditions(ctx, codes.set(VS.gad), exclusionWindow);

  const notes: Message[] = [];
  if (ctx.limitedBenefit.frailty.length) notes.push(msg('note.frailty'));
  if (activeConditions(ctx, codes.set(VS.dementia)).length) notes.push(msg('note.dementia'));
  if (age >= 80) notes.push(msg('note.age80'));
  notes.push(msg('R9b.note.opioid'));

  const drug = current[0] ?? orders[0];
  const review = gad.length > 0 && DECISIONS.r9bGadReview.value;
  return {
    rule: 'R9b',
    kind: 'overuse',
    variant: review ? 'review-anxiety' : 'taper',
    summary: msg(review ? 'R9b.review.summary' : 'R9b.taper.summary', { age }),
    detail: msg(review ? 'R9b.review.detail' : 'R9b.taper.detail'),
    evidence: evidence(current, orders, gad),
    notes: drug ? [msg('R9b.note.drug', { drug: medName(drug) }), ...notes] : notes,
    benefitsHarms: { harms: msg('R9b.harms') },
  };
};
