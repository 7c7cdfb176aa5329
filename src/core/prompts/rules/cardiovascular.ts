/** R1 (statin for clinical ASCVD), R2 (antiplatelet after ischemic stroke/TIA) and R2-safety (prasugrel). */
import type { AllergyIntolerance, MedicationRequest, MedicationStatement } from 'fhir/r4';
import type { CodeMatcher } from '../codes';
import { addMonths, lastMonths, within } from '../dates';
import { DECISIONS } from '../decisions';
import {
  activeConditions,
  completedProcedures,
  currentMedications,
  historyConditions,
  medicationOrdersIn,
  observations,
  type RuleContext,
} from '../facts';
import { SPEC, VS } from '../valuesets';
import { msg } from '../messages/types';
import { evidence, rxMatcher, type Rule, type RuleDraft } from './common';

const STATINS = [VS.statinHigh, VS.statinModerate, VS.statinLow];

function activeAllergies(ctx: RuleContext, set: CodeMatcher): AllergyIntolerance[] {
  return ctx.record.find('AllergyIntolerance', set).filter((a) => {
    const clinical = a.clinicalStatus?.coding?.find((c) => c.code)?.code;
    const verification = a.verificationStatus?.coding?.find((c) => c.code)?.code;
    return (
      (clinical === undefined || clinical === 'active') &&
      verification !== 'refuted' &&
      verification !== 'entered-in-error'
    );
  });
}

/**
 * R1's denominator: clinical ASCVD (a condition or a revascularisation) without a hard exclusion
 * (breastfeeding, rhabdomyolysis, statin allergy). Undefined when the patient is not in it.
 */
export function r1Population(ctx: RuleContext) {
  const { codes } = ctx;
  const conditions = historyConditions(
    ctx,
    codes.union(
      [VS.mi, VS.cerebrovascular, VS.atheroPad, VS.ihd, VS.angina, SPEC.i222],
      [SPEC.hemorrhagic, VS.hemorrhagicStroke],
    ),
  );
  const procedures = completedProcedures(ctx, codes.union([VS.pci, VS.cabg, VS.carotid, VS.cabgOrPci]));
  if (conditions.length === 0 && procedures.length === 0) return undefined;
  const hard = [
    ...activeConditions(ctx, codes.union([VS.breastfeeding, VS.rhabdomyolysis])),
    ...activeAllergies(ctx, codes.set(VS.statinAllergen)),
  ];
  if (hard.length > 0) return undefined;
  return { conditions, procedures };
}

export const r1: Rule = (ctx) => {
  const { codes, t } = ctx;
  const population = r1Population(ctx);
  if (!population) return undefined;
  const { conditions, procedures } = population;

  const statins = codes.union(STATINS);
  const current = currentMedications(ctx, statins);
  const recentCompleted = medicationOrdersIn(ctx, statins, lastMonths(t, 12), new Set(['completed']));

  const trigger = evidence(conditions, procedures);
  const ldl = observations(ctx, codes.set(VS.ldl)).find((o) =>
    within(o.day, { from: addMonths(t, -24), to: t }),
  );
  const ldlValue = ldl?.resource.valueQuantity;
  const ldlDate = ldl?.resource.effectiveDateTime?.slice(0, 10);
  const ldlText = `${ldlValue?.value ?? ''} ${ldlValue?.unit ?? ''}`.trim();
  const ldlNote =
    ldlValue?.value !== undefined
      ? [ldlDate ? msg('R1.ldl', { ldl: ldlText, date: ldlDate }) : msg('R1.ldlUndated', { ldl: ldlText })]
      : [];
  const ldlRef = ldl ? evidence([ldl]) : [];
  const source = 'R1';

  if (current.length > 0 || recentCompleted.length > 0) {
    if (!DECISIONS.r1IntensifyVariant.value || (ctx.age ?? 99) > 75) return undefined;
    const stronger = codes.union([VS.statinHigh, VS.statinModerate]);
    const all: (MedicationRequest | MedicationStatement)[] = [...current, ...recentCompleted];
    const onlyLow = all.every((m) => !ctx.record.matches(ctx.record.medicationConcepts(m), stronger));
    if (!onlyLow) return undefined;
    return {
      rule: source,
      kind: 'underuse',
      variant: 'intensify',
      summary: msg('R1.intensify.summary'),
      detail: msg('R1.intensify.detail'),
      evidence: [...trigger, ...evidence(all), ...ldlRef],
      notes: ldlNote,
    };
  }

  const exceptions = [
    ...activeConditions(
      ctx,
      codes.union([VS.statinMuscle, VS.hepatitisA, VS.hepatitisB, VS.liverDisease, VS.esrd]),
    ),
    ...ctx.record.find('MedicationRequest', statins).filter((m) => m.doNotPerform === true),
  ];
  const older = (ctx.age ?? 0) > 75;
  const draft: RuleDraft = {
    rule: source,
    kind: 'underuse',
    variant: older ? 'over-75' : 'start',
    summary: msg(older ? 'R1.over75.summary' : 'R1.start.summary'),
    detail: msg(older ? 'R1.over75.detail' : 'R1.start.detail'),
    evidence: [...trigger, ...ldlRef],
    notes: [...ldlNote],
  };
  if (exceptions.length > 0 && DECISIONS.r1ExceptionsStillPrompt.value) {
    draft.variant = 'reason-on-file';
    draft.summary = msg('R1.reasonOnFile.summary');
    draft.evidence.push(...evidence(exceptions));
    draft.notes?.push(msg('R1.reasonOnFile.note'));
  }
  return draft;
};

/** Ischemic stroke or TIA at any time (D3), haemorrhagic members and sequelae dropped (R2 table, D4). */
export function ischemicStrokeOrTia(ctx: RuleContext) {
  return historyConditions(
    ctx,
    ctx.codes.union(
      [VS.ischemicStroke, VS.cerebrovascular],
      [SPEC.hemorrhagic, VS.hemorrhagicStroke, 'R2:remove_from_trigger'],
    ),
  );
}

/** D12: which current drugs count as an antiplatelet for R2. */
function isR2Antiplatelet(ctx: RuleContext, rxcui: string): boolean {
  const at = ctx.codes.antithrombotic(rxcui);
  if (!at || !at.cls.startsWith('antiplatelet:')) return false;
  if (ctx.codes.set(VS.antithromboticContraindicated).has('rxnorm', rxcui)) return false;
  if (at.flags.includes('analgesic-combination')) return false;
  if (at.flags.includes('parenteral') && DECISIONS.r2ParenteralNotSatisfier.value) return false;
  if (at.cls === 'antiplatelet:aspirin') {
    const others = at.with.filter((w) => w !== 'aspirin');
    return others.every((o) => DECISIONS.r2AspirinCombinations.value.some((ok) => o.startsWith(ok)));
  }
  return true;
}

/**
 * R2's denominator: an adult with ischaemic stroke or TIA, not anticoagulated, no haemorrhagic
 * stroke, not allergic to both aspirin and clopidogrel. Undefined when the patient is not in it.
 */
export function r2Population(ctx: RuleContext) {
  if ((ctx.age ?? 0) < 18) return undefined;
  const strokes = ischemicStrokeOrTia(ctx);
  if (strokes.length === 0) return undefined;
  const { codes } = ctx;
  if (currentMedications(ctx, codes.set(VS.oralAnticoagulant)).length > 0) return undefined;
  if (historyConditions(ctx, codes.union([VS.hemorrhagicStroke, SPEC.hemorrhagic])).length > 0)
    return undefined;
  const aspirinAllergy = activeAllergies(
    ctx,
    rxMatcher('ing-aspirin', (c) => codes.ingredient(c)?.n === 'aspirin'),
  );
  const clopidogrelAllergy = activeAllergies(
    ctx,
    rxMatcher('ing-clopidogrel', (c) => codes.ingredient(c)?.n === 'clopidogrel'),
  );
  if (aspirinAllergy.length > 0 && clopidogrelAllergy.length > 0) return undefined;
  return { strokes };
}

export const r2: Rule = (ctx) => {
  const population = r2Population(ctx);
  if (!population) return undefined;
  const { strokes } = population;

  const antiplatelets = currentMedications(
    ctx,
    rxMatcher('r2-antiplatelet', (rxcui) => isR2Antiplatelet(ctx, rxcui)),
  );
  if (antiplatelets.length > 0) return undefined;

  // Analgesic or cold-remedy aspirin does not count, but it is worth asking about (antithrombotic_agents.csv flag).
  const ambiguousAspirin = currentMedications(
    ctx,
    rxMatcher(
      'r2-ambiguous-aspirin',
      (rxcui) =>
        ctx.codes.antithrombotic(rxcui)?.cls === 'antiplatelet:aspirin' && !isR2Antiplatelet(ctx, rxcui),
    ),
  );
  return {
    rule: 'R2',
    kind: 'underuse',
    variant: ambiguousAspirin.length > 0 ? 'check-aspirin' : 'start',
    summary: msg(ambiguousAspirin.length > 0 ? 'R2.checkAspirin.summary' : 'R2.start.summary'),
    detail: msg('R2.detail'),
    evidence: evidence(strokes, ambiguousAspirin),
    notes: ambiguousAspirin.length > 0 ? [msg('R2.checkAspirin.note')] : [],
  };
};

export const r2Safety: Rule = (ctx) => {
  const strokes = ischemicStrokeOrTia(ctx);
  if (strokes.length === 0) return undefined;
  const prasugrel = currentMedications(ctx, ctx.codes.set(VS.antithromboticContraindicated));
  if (prasugrel.length === 0) return undefined;
  return {
    rule: 'R2-safety',
    kind: 'safety',
    variant: 'prasugrel',
    summary: msg('R2-safety.summary'),
    detail: msg('R2-safety.detail'),
    evidence: evidence(strokes, prasugrel),
  };
};
