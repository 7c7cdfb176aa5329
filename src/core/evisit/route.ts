/**
 * Where an e-visit's answers send the patient: the most urgent level any red flag reaches, and the
 * answers (linkIds) that reached it. Levels and thresholds are value-care-rules §12 (own design
 * there, to be validated clinically), mapped onto six levels as issue 11 says.
 */
import type {
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from 'fhir/r4';
import { moreUrgent, type RouteLevel } from './levels';
import { canonicalNumber } from './units';

/** Answers by linkId. An empty list means the question was shown and left empty. */
export type Answers = ReadonlyMap<string, readonly QuestionnaireResponseItemAnswer[]>;

type FlagRule =
  | { kind: 'yes'; level: RouteLevel }
  /** Yes on this item AND on `with` (§12.2 #11: blood thinners + severe sudden pain). */
  | { kind: 'yes-with'; with: string; level: RouteLevel }
  /** A number below each limit reaches that level (limits most urgent first). */
  | { kind: 'below'; bands: readonly (readonly [number, RouteLevel])[] }
  | { kind: 'at-least'; value: number; level: RouteLevel };

const yes = (level: RouteLevel): FlagRule => ({ kind: 'yes', level });

/** Every red flag of both Questionnaires (linkIds are unique across them). */
export const FLAG_RULES: Readonly<Record<string, FlagRule>> = {
  // §12.1
  'uri-1': yes('emergency'),
  // Below 92 % → emergency; 92 % up to but not including 94 % → same day.
  'uri-2': {
    kind: 'below',
    bands: [
      [92, 'emergency'],
      [94, 'same-day'],
    ],
  },
  'uri-3': yes('within-24h'),
  'uri-4': yes('same-day'),
  'uri-5': yes('same-day'),
  'uri-6': yes('in-person'),
  'uri-7': yes('same-day'),
  'uri-8': yes('emergency'),
  'uri-9': yes('in-person'),
  'uri-10': yes('emergency'),
  'uri-11': yes('same-day'),
  'uri-12': yes('same-day'),
  'uri-13': yes('in-person'),
  'uri-14': yes('clinician-review'),
  'uri-15': yes('in-person'),
  'uri-16': yes('in-person'),
  // §12.2
  'lbp-1': yes('emergency'),
  'lbp-2': yes('same-day'),
  'lbp-3': yes('same-day'),
  'lbp-4': yes('in-person'),
  'lbp-5': yes('in-person'),
  'lbp-6': yes('in-person'),
  'lbp-7': yes('in-person'),
  'lbp-8': yes('in-person'),
  'lbp-9': yes('in-person'),
  'lbp-10': yes('same-day'),
  'lbp-11.1': { kind: 'yes-with', with: 'lbp-11', level: 'same-day' },
  'lbp-12': yes('in-person'),
  'lbp-13': yes('in-person'),
  // A basic question that says the same as §12.1 #3 (39 °C or higher): the safer reading counts it.
  temperature: { kind: 'at-least', value: 39, level: 'within-24h' },
};

/** The most urgent level an item can reach (what the "next question" logic compares). */
export function itemLevel(linkId: string): RouteLevel | undefined {
  // Blood thinners alone is no flag, but it opens §12.2 #11's second half (severe sudden pain).
  if (linkId === 'lbp-11') return 'same-day';
  const rule = FLAG_RULES[linkId];
  if (!rule) return undefined;
  return rule.kind === 'below' ? rule.bands[0]?.[1] : rule.level;
}

function isYes(answers: Answers, linkId: string): boolean {
  return answers.get(linkId)?.some((a) => a.valueBoolean === true) ?? false;
}

/** In the rules' unit: a temperature given in °F is compared in °C. */
function numberOf(answers: Answers, linkId: string): number | undefined {
  return canonicalNumber(answers.get(linkId)?.[0]);
}

export interface Flag {
  linkId: string;
  level: RouteLevel;
}

/** Every red flag the answers raise, in the order of the rules table. */
export function flagsOf(answers: Answers): Flag[] {
  const flags: Flag[] = [];
  for (const [linkId, rule] of Object.entries(FLAG_RULES)) {
    let level: RouteLevel | undefined;
    switch (rule.kind) {
      case 'yes':
        if (isYes(answers, linkId)) level = rule.level;
        break;
      case 'yes-with':
        if (isYes(answers, linkId) && isYes(answers, rule.with)) level = rule.level;
        break;
      case 'below': {
        const n = numberOf(answers, linkId);
        if (n !== undefined) level = rule.bands.find(([limit]) => n < limit)?.[1];
        break;
      }
      case 'at-least': {
        const n = numberOf(answers, linkId);
        if (n !== undefined && n >= rule.value) level = rule.level;
        break;
      }
    }
    if (level) flags.push({ linkId, level });
  }
  return flags;
}

export interface Route {
  route: RouteLevel;
  /** The answers that reached that level (empty for `async-ok`). */
  because: string[];
  /** Every flag raised, whatever its level (the clinician sees them all). */
  flags: Flag[];
}

export function routeOfAnswers(answers: Answers): Route {
  const flags = flagsOf(answers);
  let route: RouteLevel = 'async-ok';
  for (const f of flags) if (moreUrgent(f.level, route)) route = f.level;
  return { route, because: flags.filter((f) => f.level === route).map((f) => f.linkId), flags };
}

/** Answers of a QuestionnaireResponse by linkId, nested items included. */
export function answersOf(qr: QuestionnaireResponse): Map<string, QuestionnaireResponseItemAnswer[]> {
  const map = new Map<string, QuestionnaireResponseItemAnswer[]>();
  const walk = (items: readonly QuestionnaireResponseItem[] | undefined) => {
    for (const item of items ?? []) {
      map.set(item.linkId, [...(map.get(item.linkId) ?? []), ...(item.answer ?? [])]);
      walk(item.item);
      for (const a of item.answer ?? []) walk(a.item);
    }
  };
  walk(qr.item);
  return map;
}

/** QuestionnaireResponse → route level and the answers that caused it. */
export function route(qr: QuestionnaireResponse): Route {
  return routeOfAnswers(answersOf(qr));
}
