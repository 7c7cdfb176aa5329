/** R7: antibiotics for acute URI or acute bronchitis; R7b pharyngitis variant (§R7, §14 D14). */
import type { Condition, Encounter, MedicationRequest } from 'fhir/r4';
import type { CodeMatcher } from '../codes';
import { addMonths, parseDay, type Day } from '../dates';
import { DECISIONS } from '../decisions';
import { conditionDay, encounterWindow, isActiveCondition, isVerified, type RuleContext } from '../facts';
import { EXTRA, SPEC, VS } from '../valuesets';
import { msg } from '../messages/types';
import { evidence, type Rule, type RuleDraft } from './common';

interface Episode {
  day: Day;
  sources: (Condition | Encounter)[];
}

const NOT_ORDERED = new Set(['entered-in-error', 'cancelled', 'draft']);

/** Encounters (by reason or by a diagnosis pointing at them) and undated-encounter diagnoses in `set`. */
function episodes(ctx: RuleContext, set: CodeMatcher): Episode[] {
  const byKey = new Map<string, Episode>();
  const add = (key: string, day: Day | undefined, source: Condition | Encounter) => {
    if (day === undefined || day > ctx.t || day < ctx.t - 30) return;
    const e = byKey.get(key) ?? { day, sources: [] };
    e.sources.push(source);
    byKey.set(key, e);
  };
  for (const e of ctx.record.find('Encounter.reason', set))
    add(`Encounter/${e.id ?? ''}`, encounterWindow(e)?.from, e);
  for (const c of ctx.record.find('Condition', set)) {
    if (!isVerified(c)) continue;
    const enc = ctx.record.resolve(c.encounter);
    if (enc?.resourceType === 'Encounter') {
      add(`Encounter/${enc.id ?? ''}`, encounterWindow(enc)?.from, c);
      byKey.get(`Encounter/${enc.id ?? ''}`)?.sources.push(enc);
    } else add(`Condition/${c.id ?? ''}`, conditionDay(c), c);
  }
  return [...byKey.values()].sort((a, b) => b.day - a.day);
}

export const r7: Rule = (ctx) => {
  if ((ctx.ageMonths ?? 0) < 3) return undefined;
  if (ctx.suppression.hospice && DECISIONS.hospiceForR7Only.value) return undefined;
  const { codes, record } = ctx;
  const antibiotics = record
    .find('MedicationRequest', codes.union([VS.antibioticPharyngitis, VS.antibioticUri]))
    .filter((m) => !NOT_ORDERED.has(m.status) && DECISIONS.r7AntibioticStatuses.value)
    .map((m) => ({ m, day: parseDay(m.authoredOn) }));
  if (antibiotics.length === 0) return undefined;

  const comorbid = record
    .find('Condition', codes.union([VS.comorbidRespiratory, SPEC.copd]))
    .filter(isVerified);
  const competing = codes.set(VS.competingRespiratory);
  const pharyngitis = codes.union([VS.pharyngitis, VS.tonsillitis]);
  // D19: a diagnosis made at the visit counts even when the illness began earlier, so it is dated
  // by when it was recorded (or its encounter) as well as by its onset.
  const diagnosisDays = (c: Condition): Day[] => {
    const enc = record.resolve(c.encounter);
    const made = DECISIONS.r7CompetingDatedByDiagnosis.value
      ? [parseDay(c.recordedDate), enc?.resourceType === 'Encounter' ? encounterWindow(enc)?.from : undefined]
      : [];
    return [conditionDay(c), ...made].filter((d): d is Day => d !== undefined);
  };
  const conditionsIn = (set: CodeMatcher, from: Day, to: Day) =>
    record
      .find('Condition', set)
      .filter((c) => isVerified(c) && diagnosisDays(c).some((d) => d >= from && d <= to));

  const check = (e: Episode, allowPharyngitis: boolean): { abx: MedicationRequest[] } | undefined => {
    const abx = antibiotics
      .filter((a) => a.day !== undefined && a.day >= e.day && a.day <= e.day + 3)
      .map((a) => a.m);
    if (abx.length === 0) return undefined;
    const yearBefore = addMonths(e.day, -12);
    if (
      comorbid.some((c) => {
        const d = conditionDay(c);
        return (
          (d !== undefined && d >= yearBefore && d <= e.day) ||
          (isActiveCondition(c) && (d === undefined || d <= e.day))
        );
      })
    )
      return undefined;
    if (conditionsIn(competing, e.day, e.day + 3).length > 0) return undefined;
    if (!allowPharyngitis && conditionsIn(pharyngitis, e.day, e.day + 3).length > 0) return undefined;
    if (antibiotics.some((a) => a.day !== undefined && a.day >= e.day - 30 && a.day < e.day))
      return undefined;
    return { abx };
  };

  for (const e of episodes(ctx, codes.union([VS.uri, EXTRA.r7Bronchitis]))) {
    const hit = check(e, false);
    if (hit) {
      return {
        rule: 'R7',
        kind: 'overuse',
        variant: 'uri-bronchitis',
        summary: msg('R7.uri.summary'),
        detail: msg('R7.uri.detail'),
        evidence: evidence(e.sources, hit.abx),
        benefitsHarms: { benefits: msg('R7.uri.benefits'), harms: msg('R7.uri.harms') },
      } satisfies RuleDraft;
    }
  }
  if (!DECISIONS.r7PharyngitisCheck.value) return undefined;
  for (const e of episodes(ctx, pharyngitis)) {
    const hit = check(e, true);
    if (hit) {
      return {
        rule: 'R7',
        kind: 'overuse',
        variant: 'check-strep',
        summary: msg('R7.strep.summary'),
        detail: msg('R7.strep.detail'),
        evidence: evidence(e.sources, hit.abx),
      };
    }
  }
  return undefined;
};
