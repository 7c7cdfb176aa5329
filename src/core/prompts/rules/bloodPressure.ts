/** R5: overly aggressive blood-pressure control in older adults (§R5, §14 D10). */
import type { Observation, Quantity } from 'fhir/r4';
import { lastMonths, within, type Day } from '../dates';
import { DECISIONS } from '../decisions';
import {
  activeConditions,
  activeOrRecentConditions,
  currentMedications,
  encounterWindow,
  observations,
  type Dated,
  type RuleContext,
} from '../facts';
import { EXTRA, SPEC, VS } from '../valuesets';
import { EN, type MessageKey } from '../messages/en';
import { msg, type Message } from '../messages/types';
import { evidence, rxMatcher, type Rule } from './common';

interface Reading {
  day: Day;
  time: string;
  sbp?: number;
  dbp?: number;
  sources: Observation[];
}

function mmHg(q: Quantity | undefined): number | undefined {
  return typeof q?.value === 'number' ? q.value : undefined;
}

function timeOf(o: Observation): string {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued ?? '';
}

/** D10 readings, newest first: panels by their components, else a standalone systolic with a same-day diastolic. */
export function bpReadings(ctx: RuleContext): Reading[] {
  const { codes, record } = ctx;
  const systolic = codes.set(VS.systolic);
  const diastolic = codes.set(SPEC.dbp);
  const standing = codes.set(SPEC.sbpStanding);
  const readings: Reading[] = [];
  const seen = new Set<Observation>();
  for (const { resource: o, day } of observations(ctx, systolic, 'Observation.component')) {
    seen.add(o);
    const sbp = o.component?.find(
      (c) => record.matches([c.code], systolic) && !record.matches([c.code], standing),
    );
    const dbp = o.component?.find((c) => record.matches([c.code], diastolic));
    if (day === undefined || !sbp) continue;
    readings.push({
      day,
      time: timeOf(o),
      sbp: mmHg(sbp.valueQuantity),
      dbp: mmHg(dbp?.valueQuantity),
      sources: [o],
    });
  }
  const diastolicByDay = new Map<Day, Observation>();
  for (const { resource: o, day } of observations(ctx, diastolic))
    if (day !== undefined && !diastolicByDay.has(day)) diastolicByDay.set(day, o);
  for (const { resource: o, day } of observations(ctx, systolic)) {
    if (seen.has(o) || day === undefined || record.matches([o.code], standing)) continue;
    const d = diastolicByDay.get(day);
    // §14 D10: a separate systolic is a reading only with a diastolic taken the same day (a lone
    // postural SBP recorded for an orthostatic check is not a BP reading).
    if (!d) continue;
    readings.push({
      day,
      time: timeOf(o),
      sbp: mmHg(o.valueQuantity),
      dbp: mmHg(d.valueQuantity),
      sources: [o, d],
    });
  }
  return readings
    .filter((r) => r.sbp !== undefined)
    .sort((a, b) => b.day - a.day || b.time.localeCompare(a.time));
}

/** Orthostatic drop: same-day standing SBP ≥ 20 below a sitting/supine SBP. */
function orthostaticDrops(ctx: RuleContext): Dated<Observation>[] {
  const w = lastMonths(ctx.t, 12);
  const lying = observations(ctx, ctx.codes.set(SPEC.sbpSittingSupine)).filter((o) => within(o.day, w));
  const out: Dated<Observation>[] = [];
  for (const s of observations(ctx, ctx.codes.set(SPEC.sbpStanding)).filter((o) => within(o.day, w))) {
    const drop = lying.find(
      (l) =>
        l.day === s.day &&
        (mmHg(l.resource.valueQuantity) ?? 0) - (mmHg(s.resource.valueQuantity) ?? 0) >= 20,
    );
    if (drop) out.push(s, drop);
  }
  return out;
}

function inHospitalAt(ctx: RuleContext): boolean {
  const classes = DECISIONS.r5InpatientClasses.value;
  return ctx.record.all('Encounter').some((e) => {
    if (
      !e.class?.code ||
      !classes.includes(e.class.code) ||
      ['finished', 'cancelled', 'entered-in-error'].includes(e.status)
    )
      return false;
    const w = encounterWindow(e);
    if (!w) return false;
    return e.period?.end ? within(ctx.t, w) : w.from <= ctx.t;
  });
}

/** Distinct antihypertensive classes in current therapy, minus classes likely there for another reason. */
function bpClasses(ctx: RuleContext) {
  const { codes } = ctx;
  const meds = currentMedications(
    ctx,
    rxMatcher('antihypertensive', (c) => codes.antihypertensiveClasses(c).length > 0),
  );
  const has = (key: string) => activeConditions(ctx, codes.set(key)).length > 0;
  const hfref = has(SPEC.hfref);
  const hf = has(SPEC.heartFailure);
  const af = has(SPEC.atrialFibrillation);
  const bph = has(SPEC.bph);
  const notForBp = (cls: string): boolean =>
    (cls === 'beta_blocker' && (hfref || af)) ||
    ((cls === 'K_sparing_or_MRA' || cls === 'ARNI') && hfref) ||
    (cls === 'CCB_nondihydropyridine' && af) ||
    (cls === 'alpha1_blocker' && bph) ||
    (cls === 'loop_diuretic' && hf);
  const classes = new Set<string>();
  const counted = [];
  for (const m of meds) {
    const own = ctx.record
      .rxnormCodes(m)
      .flatMap((c) => codes.antihypertensiveClasses(c))
      .filter((c) => !notForBp(c));
    if (own.length) counted.push(m);
    for (const c of own) classes.add(c);
  }
  return { classes, meds: counted };
}

/** A class from the drug table by its name in the catalogs; a class they do not know by its code. */
function className(cls: string): string | Message {
  const key = `bpClass.${cls}`;
  return key in EN ? msg(key as MessageKey) : cls;
}

export const r5: Rule = (ctx) => {
  const age = ctx.age ?? 0;
  if (age < 65 || inHospitalAt(ctx)) return undefined;
  const { codes, t } = ctx;
  const readings = bpReadings(ctx).filter((r) => within(r.day, lastMonths(t, 6)));
  const lastTwo = readings.slice(0, 2);
  if (lastTwo.length < 2) return undefined;
  const mean = (xs: (number | undefined)[]): number | undefined => {
    const v = xs.filter((x): x is number => x !== undefined);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
  };
  const sbp = mean(lastTwo.map((r) => r.sbp)) as number;
  const dbp = mean(lastTwo.map((r) => r.dbp));
  const { classes, meds } = bpClasses(ctx);
  if (classes.size < 2) return undefined;

  const flags = [
    ...activeOrRecentConditions(
      ctx,
      codes.union([
        VS.frailtyDiagnosis,
        VS.frailtySymptom,
        EXTRA.r5Syncope,
        VS.hypotension,
        VS.dementia,
        SPEC.ckd45,
        VS.esrd,
      ]),
      lastMonths(t, 12),
    ),
    ...orthostaticDrops(ctx),
  ];
  const tierB = age >= 80 || ctx.limitedBenefit.frailty.length > 0;
  const veryLow = sbp < 120 || (dbp !== undefined && dbp < 65);
  const fires = tierB ? veryLow || (sbp < 130 && flags.length > 0) : veryLow && flags.length > 0;
  if (!fires) return undefined;

  const bp = `${Math.round(sbp)}/${dbp === undefined ? '?' : Math.round(dbp)}`;
  const comfort = ctx.suppression.active;
  return {
    rule: 'R5',
    kind: 'deintensify',
    variant: comfort ? 'comfort' : tierB ? 'tier-b' : 'tier-a',
    summary: comfort
      ? msg('R5.comfort.summary', { bp, count: classes.size })
      : msg(flags.length ? 'R5.risk.summary' : 'R5.summary', { bp, count: classes.size, age }),
    detail: msg(comfort ? 'R5.comfort.detail' : 'R5.detail'),
    evidence: evidence(
      lastTwo.flatMap((r) => r.sources),
      meds,
      flags,
    ),
    notes: [
      msg('R5.note.mean', { bp, dates: lastTwo.map((r) => r.time.slice(0, 10)).join(', ') }),
      msg('R5.note.classes', { classes: [...classes].sort().map(className) }),
      ...(flags.length ? [] : [msg('R5.note.noFlag')]),
    ],
    benefitsHarms: { benefits: msg('R5.benefits'), harms: msg('R5.harms') },
  };
};
