import type { QuestionnaireResponse, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  EVISIT_QUESTIONNAIRES,
  FLAG_RULES,
  ROUTE_LEVELS,
  itemLevel,
  nextStep,
  route,
  routeOf,
  type EvisitKind,
  type RouteLevel,
  unitLimits,
  unitOptions,
} from '../../src/core/evisit';

type Given = Record<string, boolean | number | string>;

function answer(v: boolean | number | string): QuestionnaireResponseItemAnswer {
  if (typeof v === 'boolean') return { valueBoolean: v };
  if (typeof v === 'number') return { valueDecimal: v };
  return { valueString: v };
}

function qr(kind: EvisitKind, given: Given): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: EVISIT_QUESTIONNAIRES[kind].url,
    item: Object.entries(given).map(([linkId, v]) => ({ linkId, answer: [answer(v)] })),
  };
}

const answers = (given: Given) => new Map(Object.entries(given).map(([k, v]) => [k, [answer(v)]]));

// §12 as written, mapped as issue 11 says.
const EXPECTED: Record<string, RouteLevel> = {
  'uri-1': 'emergency',
  'uri-3': 'within-24h',
  'uri-4': 'same-day',
  'uri-5': 'same-day',
  'uri-6': 'in-person',
  'uri-7': 'same-day',
  'uri-8': 'emergency',
  'uri-9': 'in-person',
  'uri-10': 'emergency',
  'uri-11': 'same-day',
  'uri-12': 'same-day',
  'uri-13': 'in-person',
  'uri-14': 'clinician-review',
  'uri-15': 'in-person',
  'uri-16': 'in-person',
  'lbp-1': 'emergency',
  'lbp-2': 'same-day',
  'lbp-3': 'same-day',
  'lbp-4': 'in-person',
  'lbp-5': 'in-person',
  'lbp-6': 'in-person',
  'lbp-7': 'in-person',
  'lbp-8': 'in-person',
  'lbp-9': 'in-person',
  'lbp-10': 'same-day',
  'lbp-12': 'in-person',
  'lbp-13': 'in-person',
};

describe('route: one test per red flag', () => {
  for (const [linkId, level] of Object.entries(EXPECTED)) {
    const kind: EvisitKind = linkId.startsWith('uri') ? 'uri' : 'lbp';
    it(`${linkId} yes → ${level}; no → async-ok`, () => {
      expect(route(qr(kind, { [linkId]: true }))).toMatchObject({ route: level, because: [linkId] });
      expect(route(qr(kind, { [linkId]: false }))).toMatchObject({ route: 'async-ok', because: [] });
    });
  }

  it('uri-2 oxygen: below 92 emergency, 92 up to but not including 94 same day, 94 and up none', () => {
    expect(route(qr('uri', { 'uri-2': 91.9 })).route).toBe('emergency');
    expect(route(qr('uri', { 'uri-2': 92 })).route).toBe('same-day');
    expect(route(qr('uri', { 'uri-2': 93.9 })).route).toBe('same-day');
    expect(route(qr('uri', { 'uri-2': 94 })).route).toBe('async-ok');
    expect(route(qr('uri', { 'uri-2': 99 })).because).toEqual([]);
  });

  it('lbp-11 blood thinners: alone no flag; with lbp-11.1 severe sudden pain → same day', () => {
    expect(route(qr('lbp', { 'lbp-11': true })).route).toBe('async-ok');
    expect(route(qr('lbp', { 'lbp-11': true, 'lbp-11.1': false })).route).toBe('async-ok');
    expect(route(qr('lbp', { 'lbp-11': false, 'lbp-11.1': true })).route).toBe('async-ok');
    expect(route(qr('lbp', { 'lbp-11': true, 'lbp-11.1': true }))).toMatchObject({
      route: 'same-day',
      because: ['lbp-11.1'],
    });
  });

  it('a typed temperature of 39 °C or more says what uri-3 says', () => {
    // As a 1.0.0 response answered it: a plain number in °C.
    expect(route(qr('uri', { temperature: 39 })).route).toBe('within-24h');
    expect(route(qr('uri', { temperature: 38.9 })).route).toBe('async-ok');
  });

  it('a temperature in °F is compared in °C: 102.2 °F is 39 °C', () => {
    const inUnit = (value: number, code: string): QuestionnaireResponse => ({
      ...qr('uri', {}),
      item: [
        {
          linkId: 'temperature',
          answer: [{ valueQuantity: { value, code, system: 'http://unitsofmeasure.org' } }],
        },
      ],
    });
    expect(route(inUnit(102.2, '[degF]')).route).toBe('within-24h');
    expect(route(inUnit(102.1, '[degF]')).route).toBe('async-ok');
    expect(route(inUnit(39, 'Cel')).route).toBe('within-24h');
    // 39 °F is no fever: it is far below any body temperature, and must not read as 39 °C.
    expect(route(inUnit(99, '[degF]')).route).toBe('async-ok');
  });

  it('offers the temperature in °F first, then °C, each with the span a body temperature can read', () => {
    const item = EVISIT_QUESTIONNAIRES.uri.item!.find((i) => i.linkId === 'temperature')!;
    expect(item.type).toBe('quantity');
    expect(unitOptions(item).map((u) => [u.code, unitLimits(u.code)])).toEqual([
      ['[degF]', [86, 113]],
      ['Cel', [30, 45]],
    ]);
  });

  it('every red-flag item of both Questionnaires has a rule, and every rule an item', () => {
    const items = [...EVISIT_QUESTIONNAIRES.uri.item!, ...EVISIT_QUESTIONNAIRES.lbp.item!].map(
      (i) => i.linkId,
    );
    const redFlagItems = items.filter((l) => /^(uri|lbp)-\d+$/.test(l) && l !== 'lbp-11');
    expect(new Set(redFlagItems)).toEqual(
      new Set(Object.keys(FLAG_RULES).filter((l) => l !== 'temperature' && l !== 'lbp-11.1')),
    );
    for (let n = 1; n <= 16; n++) expect(items).toContain(`uri-${n}`);
    for (let n = 1; n <= 13; n++) expect(items).toContain(`lbp-${n}`);
    expect(items).toContain('lbp-11.1');
  });
});

describe('route: the more urgent level wins', () => {
  const cases: [EvisitKind, Given, RouteLevel, string[]][] = [
    ['uri', { 'uri-1': true, 'uri-5': true }, 'emergency', ['uri-1']],
    ['uri', { 'uri-2': 93, 'uri-10': true }, 'emergency', ['uri-10']],
    ['uri', { 'uri-2': 91, 'uri-4': true }, 'emergency', ['uri-2']],
    ['uri', { 'uri-3': true, 'uri-4': true }, 'same-day', ['uri-4']],
    ['uri', { 'uri-3': true, 'uri-6': true }, 'within-24h', ['uri-3']],
    ['uri', { 'uri-9': true, 'uri-14': true }, 'in-person', ['uri-9']],
    ['uri', { 'uri-2': 93, 'uri-3': true }, 'same-day', ['uri-2']],
    ['uri', { 'uri-8': true, 'uri-10': true, 'uri-12': true }, 'emergency', ['uri-8', 'uri-10']],
    ['lbp', { 'lbp-1': true, 'lbp-2': true, 'lbp-5': true }, 'emergency', ['lbp-1']],
    ['lbp', { 'lbp-3': true, 'lbp-7': true }, 'same-day', ['lbp-3']],
    ['lbp', { 'lbp-11': true, 'lbp-11.1': true, 'lbp-13': true }, 'same-day', ['lbp-11.1']],
    ['lbp', { 'lbp-4': true, 'lbp-12': true }, 'in-person', ['lbp-4', 'lbp-12']],
  ];
  for (const [kind, given, level, because] of cases)
    it(`${JSON.stringify(given)} → ${level}`, () => {
      const r = route(qr(kind, given));
      expect(r.route).toBe(level);
      expect(r.because).toEqual(because);
      expect(r.flags.length).toBe(Object.keys(given).filter((k) => k !== 'lbp-11').length);
    });
});

describe('next question', () => {
  const uri = EVISIT_QUESTIONNAIRES.uri;
  const lbp = EVISIT_QUESTIONNAIRES.lbp;
  const ask = (q: typeof uri, given: Given) => {
    const s = nextStep(q, answers(given));
    return s.kind === 'ask' ? s.item.linkId : s.route.route;
  };

  it('asks the emergency questions first, then the others by urgency, then the basics', () => {
    const order = uri.item!.map((i) => i.linkId);
    const flagRanks = order
      .filter((l) => /^uri-\d+$/.test(l))
      .map((l) => ROUTE_LEVELS.indexOf(itemLevel(l)!));
    expect(flagRanks).toEqual([...flagRanks].sort((a, b) => a - b));
    expect(order.slice(0, 4)).toEqual(['uri-1', 'uri-2', 'uri-8', 'uri-10']);
    expect(order.slice(-6)).toEqual([
      'onset',
      'symptoms',
      'symptoms-other',
      'temperature',
      'medicines-tried',
      'allergies',
    ]);
    expect(lbp.item![0]!.linkId).toBe('lbp-1');
  });

  it('an emergency yes ends the path at once', () => {
    expect(ask(uri, { 'uri-1': true })).toBe('emergency');
    expect(ask(lbp, { 'lbp-1': true })).toBe('emergency');
  });

  it('after a lesser flag only MORE urgent unasked questions are asked, then the path ends', () => {
    // 93 % is same-day: the two emergency questions still unasked come, the same-day ones do not.
    expect(ask(uri, { 'uri-1': false, 'uri-2': 93 })).toBe('uri-8');
    expect(ask(uri, { 'uri-1': false, 'uri-2': 93, 'uri-8': false })).toBe('uri-10');
    expect(ask(uri, { 'uri-1': false, 'uri-2': 93, 'uri-8': false, 'uri-10': false })).toBe('same-day');
    // and a yes to one of them makes it an emergency
    expect(ask(uri, { 'uri-1': false, 'uri-2': 93, 'uri-8': true })).toBe('emergency');
  });

  it('after an in-person flag the basics are not asked (their temperature repeats an earlier question)', () => {
    const no = { 'lbp-1': false, 'lbp-2': false, 'lbp-3': false, 'lbp-10': false, 'lbp-11': false };
    expect(ask(lbp, { ...no, 'lbp-4': true })).toBe('in-person');
  });

  it('a flag answered out of order still gets the more urgent questions asked first', () => {
    expect(ask(lbp, { 'lbp-5': true })).toBe('lbp-1');
    expect(ask(lbp, { 'lbp-5': true, 'lbp-1': false })).toBe('lbp-2');
  });

  it('clinician-review does not end the e-visit', () => {
    const given: Given = {};
    for (const i of uri.item!)
      if (/^uri-\d+$/.test(i.linkId) && i.linkId !== 'uri-14' && i.linkId !== 'uri-2')
        given[i.linkId] = false;
    given['uri-2'] = 97;
    given['uri-14'] = true;
    expect(ask(uri, given)).toBe('onset');
  });

  it('lbp-11.1 is asked only after a yes to lbp-11', () => {
    const base: Given = { 'lbp-1': false, 'lbp-2': false, 'lbp-3': false, 'lbp-10': false };
    expect(ask(lbp, { ...base, 'lbp-11': true })).toBe('lbp-11.1');
    expect(ask(lbp, { ...base, 'lbp-11': false })).toBe('lbp-4');
  });

  it('an answer to a hidden follow-up does not count', () => {
    expect(routeOf(lbp, answers({ 'lbp-11': false, 'lbp-11.1': true })).route).toBe('async-ok');
  });

  it('a walk with every answer no reaches the end with async-ok', () => {
    const given = new Map<string, QuestionnaireResponseItemAnswer[]>();
    for (let i = 0; i < 100; i++) {
      const s = nextStep(lbp, given);
      if (s.kind === 'done') {
        expect(s.route.route).toBe('async-ok');
        expect(given.size).toBe(lbp.item!.length - 1); // lbp-11.1 never asked
        return;
      }
      const t = s.item.type;
      given.set(s.item.linkId, t === 'boolean' ? [{ valueBoolean: false }] : []);
    }
    throw new Error('did not end');
  });
});
