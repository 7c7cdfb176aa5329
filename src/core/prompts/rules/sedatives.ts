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

  const notes: string[] = [];
  if (ctx.limitedBenefit.frailty.length) notes.push('Higher risk: falls or frailty on record.');
  if (activeConditions(ctx, codes.set(VS.dementia)).length) notes.push('Higher risk: dementia on record.');
  if (age >= 80) notes.push('Higher risk: age 80 or over.');
  notes.push('Check for a concurrent opioid (higher overdose risk).');

  const drug = current[0] ?? orders[0];
  const review = gad.length > 0 && DECISIONS.r9bGadReview.value;
  return {
    rule: 'R9b',
    kind: 'overuse',
    variant: review ? 'review-anxiety' : 'taper',
    summary: review
      ? `${age}, anxiety on record, taking a benzodiazepine or sleeping pill: review benefits and fall risk together.`
      : `Benzodiazepine or sleeping pill at ${age}: falls and confusion risk. Discuss a gradual taper and non-drug options.`,
    detail: review
      ? 'This older patient with generalized anxiety disorder takes a benzodiazepine or Z-drug; review together whether the benefit still outweighs the risk of falls and confusion, and whether other treatments could help.'
      : 'Sleeping pills and benzodiazepines raise the risk of falls, confusion and car crashes in older adults; discuss a gradual taper and non-drug options such as CBT for insomnia.',
    evidence: evidence(current, orders, gad),
    notes: drug ? [`Drug: ${medName(drug)}.`, ...notes] : notes,
    benefitsHarms: {
      harms: 'In older adults these drugs raise the risk of falls, fractures, confusion and car crashes.',
    },
  };
};
