/**
 * What a decision aid shows, decided once for every screen (clinician card, "show the patient",
 * the patient's own view, the print copy): which numbers may be drawn as figures, the sentences
 * that name them, and everything else as text with its source.
 */
import type { CarePlan } from 'fhir/r4';
import { aidsShown, promptsInPlan } from '../plan/aids';
import type { PromptLanguage } from '../prompts/messages/types';
import type { RuleId } from '../prompts/types';
import { AIDS, type AgeRange, type Arm, type Citation, type DecisionAid, type Outcome } from './data';

export type Audience = 'clinician' | 'patient';

const WORDS = {
  en: {
    reportedBy: 'reported by',
    notFound: 'no reliable number is available.',
    range: (r: AgeRange) =>
      r.min !== undefined && r.max !== undefined
        ? `${r.who.en} aged ${r.min} to ${r.max}`
        : r.min !== undefined
          ? `${r.who.en} aged ${r.min} or older`
          : `${r.who.en} aged ${r.max ?? ''} or younger`,
    mismatch: (range: string, age: number, audience: Audience) =>
      `these numbers are for ${range}, and ${audience === 'patient' ? 'you are' : 'this patient is'} ${age}`,
  },
  es: {
    reportedBy: 'según',
    notFound: 'no hay ninguna cifra fiable.',
    range: (r: AgeRange) =>
      r.min !== undefined && r.max !== undefined
        ? `${r.who.es} de ${r.min} a ${r.max} años`
        : r.min !== undefined
          ? `${r.who.es} de ${r.min} años o más`
          : `${r.who.es} de ${r.max ?? ''} años o menos`,
    mismatch: (range: string, age: number, audience: Audience) =>
      `estas cifras son de ${range}, y ${audience === 'patient' ? 'usted tiene' : 'esta persona tiene'} ${age}`,
  },
} as const;

export function aidById(id: string): DecisionAid | undefined {
  return AIDS.find((a) => a.id === id);
}

/** The aid(s) for a prompt's decision; none when the document has no numbers for it. */
export function aidsForRule(rule: RuleId): DecisionAid[] {
  return AIDS.filter((a) => a.rules.includes(rule));
}

/** A count may be drawn only when it is VERIFIED, or DERIVED from VERIFIED numbers. */
function drawableArm(arm: Arm): boolean {
  return arm.status === 'VERIFIED' || (arm.status === 'DERIVED' && arm.basis === 'VERIFIED');
}

/**
 * Drawn as figures: counts of people per 100 or 1,000 over a stated time, every group's count
 * VERIFIED or DERIVED from VERIFIED, and not replaced by a newer source. Rates per year, relative
 * and standardised measures and SECONDARY numbers are text.
 */
export function isDrawable(o: Outcome): boolean {
  const statusOk = o.status === 'VERIFIED' || (o.status === 'DERIVED' && o.basis === 'VERIFIED');
  return (
    o.shape === 'count' &&
    statusOk &&
    !o.superseded &&
    o.timeFrame !== undefined &&
    o.mark !== undefined &&
    (o.arms?.length ?? 0) > 0 &&
    (o.arms ?? []).every(drawableArm)
  );
}

export function drawnOutcomes(aid: DecisionAid): Outcome[] {
  return aid.outcomes.filter(isDrawable);
}

export function textOutcomes(aid: DecisionAid): Outcome[] {
  return aid.outcomes.filter((o) => !isDrawable(o));
}

function outside(range: AgeRange | undefined, age: number | undefined): range is AgeRange {
  if (!range || age === undefined) return false;
  return (range.min !== undefined && age < range.min) || (range.max !== undefined && age > range.max);
}

/** "these numbers are for men aged 55 to 69, and you are 72" — undefined when the ages fit. */
export function ageMismatch(
  range: AgeRange | undefined,
  age: number | undefined,
  lang: PromptLanguage,
  audience: Audience,
): string | undefined {
  if (!outside(range, age) || age === undefined) return undefined;
  return WORDS[lang].mismatch(WORDS[lang].range(range), age, audience);
}

/** A sentence with the age mismatch said in it: "…artery operation; these numbers are for …". */
function withMismatch(sentence: string, mismatch: string | undefined): string {
  if (!mismatch) return sentence;
  return `${sentence.replace(/[.\s]+$/, '')}; ${mismatch}.`;
}

export function citationLine(c: Citation, lang: PromptLanguage): string {
  const who = typeof c.reportedBy === 'string' ? c.reportedBy : c.reportedBy?.[lang];
  const by = who ? `, ${WORDS[lang].reportedBy} ${who}` : '';
  return `${c.text}${by}`;
}

export interface ArmView {
  option?: string;
  optionLabel?: string;
  per: 100 | 1000;
  count: number;
  /** The figure's accessible name: the sentence, with any age mismatch in it. */
  name: string;
}

export interface FigureView {
  outcome: string;
  mark: 'helped' | 'harmed';
  label: string;
  rest: string;
  timeFrame: string;
  arms: ArmView[];
  citation: string;
  url?: string;
}

export interface TextView {
  outcome: string;
  label: string;
  text: string;
  citation: string;
  url?: string;
  secondary: boolean;
}

export interface AidView {
  id: DecisionAid['id'];
  title: string;
  population: string;
  /** Said once for the whole aid when the patient is outside its ages. */
  ageNote?: string;
  /** The document's plain-language line, with any age mismatch in it. */
  plain: string;
  figures: FigureView[];
  text: TextView[];
  /** "The absolute benefit of …: no reliable number is available." */
  notFound: string[];
  caveats: string[];
}

export interface PresentOptions {
  lang: PromptLanguage;
  /** The patient's age in whole years, when known. */
  age?: number;
  audience: Audience;
}

export function presentAid(aid: DecisionAid, { lang, age, audience }: PresentOptions): AidView {
  const aidMismatch = ageMismatch(aid.ages, age, lang, audience);
  const optionLabel = (id: string | undefined) => aid.options.find((o) => o.id === id)?.label[lang];
  const figures = drawnOutcomes(aid).map((o): FigureView => {
    const mismatch = ageMismatch(o.ages ?? aid.ages, age, lang, audience);
    return {
      outcome: o.id,
      mark: o.mark ?? 'helped',
      label: o.label[lang],
      rest: o.rest?.[lang] ?? '',
      timeFrame: o.timeFrame?.[lang] ?? '',
      arms: (o.arms ?? []).map((arm) => {
        const label = optionLabel(arm.option);
        return {
          ...(arm.option ? { option: arm.option } : {}),
          ...(label ? { optionLabel: label } : {}),
          per: arm.per,
          count: arm.count,
          name: withMismatch(arm.sentence[lang], mismatch),
        };
      }),
      citation: citationLine(o.source, lang),
      ...(o.source.url ? { url: o.source.url } : {}),
    };
  });
  const text = textOutcomes(aid).map((o): TextView => ({
    outcome: o.id,
    label: o.label[lang],
    text: o.text[lang],
    citation: citationLine(o.source, lang),
    ...(o.source.url ? { url: o.source.url } : {}),
    secondary: o.status === 'SECONDARY' || o.basis === 'SECONDARY',
  }));
  return {
    id: aid.id,
    title: aid.title[lang],
    population: aid.population[lang],
    ...(aidMismatch ? { ageNote: aidMismatch } : {}),
    plain: withMismatch(aid.plain[lang], aidMismatch),
    figures,
    text,
    notFound: aid.notFound.map((w) => `${w[lang].replace(/[.\s]+$/, '')}: ${WORDS[lang].notFound}`),
    caveats: aid.caveats.map((c) => c[lang]),
  };
}

/**
 * The aids a shared plan was discussed with: those it records as shown, then those of the prompts it
 * holds a decision for, each once (the patient's view and the print copy show these).
 */
export function aidsForPlan(plan: CarePlan | undefined): DecisionAid[] {
  const ids = [
    ...aidsShown(plan),
    ...promptsInPlan(plan).flatMap((rule) =>
      AIDS.filter((a) => a.rules.some((r) => r === rule)).map((a) => a.id),
    ),
  ];
  return [...new Set(ids)].map(aidById).filter((a): a is DecisionAid => a !== undefined);
}
