import type { QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { questionnaireCanonical } from '../../src/core/evisit';
import { summarizeEvisit, type EvisitSummary } from '../../src/core/evisit/summary';

const CG_ANSWER = 'https://common-ground.example/fhir/CodeSystem/evisit-answer';

function qr(kind: 'uri' | 'lbp', item: QuestionnaireResponseItem[]): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: questionnaireCanonical(kind),
    item,
  };
}
const yes = (linkId: string): QuestionnaireResponseItem => ({ linkId, answer: [{ valueBoolean: true }] });
const no = (linkId: string): QuestionnaireResponseItem => ({ linkId, answer: [{ valueBoolean: false }] });
const lines = (s: EvisitSummary | undefined) => [
  ...(s?.flags ?? []),
  ...(s?.story ?? []),
  ...(s?.negatives ? [s.negatives] : []),
];

const cold = qr('uri', [
  no('uri-1'),
  { linkId: 'uri-2', answer: [{ valueDecimal: 97 }] },
  no('uri-8'),
  no('uri-5'),
  { linkId: 'onset', answer: [{ valueDate: '2026-11-29' }] },
  {
    linkId: 'symptoms',
    answer: [
      { valueCoding: { system: CG_ANSWER, code: 'runny-nose' } },
      { valueCoding: { system: CG_ANSWER, code: 'cough' } },
    ],
  },
  { linkId: 'symptoms-other', answer: [{ valueString: 'Runny nose for 3 days' }] },
  { linkId: 'temperature', answer: [{ valueDecimal: 37.8 }] },
  { linkId: 'allergies', answer: [{ valueString: 'Penicillin (rash)' }] },
]);

describe('the e-visit summary the clinician reads', () => {
  it('a temperature given in °F is said as given, with °C beside it, in each language', () => {
    const fever = qr('uri', [
      no('uri-1'),
      {
        linkId: 'temperature',
        answer: [
          {
            valueQuantity: { value: 100.2, unit: '°F', system: 'http://unitsofmeasure.org', code: '[degF]' },
          },
        ],
      },
    ]);
    expect(summarizeEvisit(fever, 'en', '2026-12-02')?.story.map((l) => l.text)).toContain(
      'Temperature 100.2 °F (37.9 °C).',
    );
    expect(summarizeEvisit(fever, 'es', '2026-12-02')?.story.map((l) => l.text)).toContain(
      'Temperatura 100.2 °F (37.9 °C).',
    );
    const high = qr('lbp', [
      {
        linkId: 'temperature',
        answer: [
          {
            valueQuantity: { value: 102.5, unit: '°F', system: 'http://unitsofmeasure.org', code: '[degF]' },
          },
        ],
      },
    ]);
    expect(summarizeEvisit(high, 'en', '2026-12-02')?.flags.map((l) => l.text)).toContain(
      'Within 24 h: temperature 102.5 °F (39.2 °C).',
    );
  });

  it('a temperature not given reads as not stated, not as not taken: it may be the patient’s “I don’t know”', () => {
    const none = qr('uri', [no('uri-1'), { linkId: 'onset', answer: [{ valueDate: '2026-11-29' }] }]);
    expect(summarizeEvisit(none, 'en', '2026-12-02')?.story.map((l) => l.text)).toContain(
      'Temperature: not stated.',
    );
    expect(summarizeEvisit(none, 'es', '2026-12-02')?.story.map((l) => l.text)).toContain(
      'Temperatura: no lo dice.',
    );
  });

  it('tells a cold with no red flag in sentences, the patient’s words quoted as typed', () => {
    const s = summarizeEvisit(cold, 'en', '2026-12-02');
    expect(s?.route).toBe('async-ok');
    expect(s?.flags).toEqual([]);
    expect(s?.story.map((l) => l.text)).toEqual([
      'Started Nov 29, 2026 (3 days ago).',
      'Main symptoms: runny or stuffy nose, cough.',
      'In their words: “Runny nose for 3 days”',
      'Temperature 37.8 °C.',
      'Oxygen 97 % on a home oximeter.',
      'Medicines or home care tried: not stated.',
      'Medicine allergies, as stated: “Penicillin (rash)”',
    ]);
    expect(s?.negatives?.text).toBe(
      'Answered no: short of breath at rest, or chest pain or pressure; severe sore throat with trouble swallowing saliva, drooling, muffled voice, trouble opening the mouth or one-sided neck swelling; coughing up blood.',
    );
  });

  it('reports every answer given exactly once', () => {
    const s = summarizeEvisit(cold, 'en', '2026-12-02');
    const told = lines(s).flatMap((l) => l.linkIds);
    for (const item of cold.item ?? []) expect(told.filter((id) => id === item.linkId)).toHaveLength(1);
  });

  it('puts red flags first, most urgent first, with the level each reaches', () => {
    const s = summarizeEvisit(
      qr('uri', [
        yes('uri-14'),
        yes('uri-13'),
        { linkId: 'uri-2', answer: [{ valueDecimal: 93 }] },
        { linkId: 'temperature', answer: [{ valueDecimal: 39.4 }] },
      ]),
      'en',
      '2026-12-02',
    );
    expect(s?.route).toBe('same-day');
    expect(s?.flags.map((f) => f.text)).toEqual([
      'Same day: oxygen 93 % on a home oximeter.',
      'Within 24 h: temperature 39.4 °C.',
      'In person: cough over 3 weeks, or coughing fits ending in a whoop or vomiting.',
      'Clinician review before self-care: pregnant, weakened immune system, chronic lung, heart or kidney disease, or 65+ with other serious conditions.',
    ]);
    // A reading that raised a flag is not said a second time among the basics.
    expect(s?.story.some((l) => /Oxygen|Temperature/.test(l.text))).toBe(false);
  });

  it('says §12.2 #11 as one finding, and blood thinners alone as a fact', () => {
    const both = summarizeEvisit(qr('lbp', [yes('lbp-11'), yes('lbp-11.1')]), 'en', '2026-12-02');
    expect(both?.flags).toEqual([
      {
        text: 'Same day: severe back pain of sudden onset while on blood thinners.',
        linkIds: ['lbp-11', 'lbp-11.1'],
        level: 'same-day',
      },
    ]);
    const alone = summarizeEvisit(qr('lbp', [yes('lbp-11'), no('lbp-11.1')]), 'en', '2026-12-02');
    expect(alone?.flags).toEqual([]);
    expect(alone?.story.map((l) => l.text)).toContain(
      'Takes blood thinners; the pain is not severe and sudden.',
    );
    expect(alone?.negatives).toBeUndefined();
    // Not "ni fuerte ni repentino": severe pain that came on slowly is a "no" too.
    const es = summarizeEvisit(qr('lbp', [yes('lbp-11'), no('lbp-11.1')]), 'es', '2026-12-02');
    expect(es?.story.map((l) => l.text)).toContain(
      'Toma anticoagulantes; el dolor no es a la vez fuerte y repentino.',
    );
  });

  it('reads back pain in Spanish for a Spanish-speaking clinician', () => {
    const s = summarizeEvisit(
      qr('lbp', [
        no('lbp-1'),
        { linkId: 'onset', answer: [{ valueDate: '2026-12-01' }] },
        { linkId: 'pain-where', answer: [{ valueCoding: { system: CG_ANSWER, code: 'one-leg' } }] },
        { linkId: 'pain-score', answer: [{ valueInteger: 6 }] },
        { linkId: 'medicines-tried', answer: [{ valueString: 'ibuprofeno, un poco' }] },
      ]),
      'es',
      '2026-12-02',
    );
    expect(s?.story.map((l) => l.text)).toEqual([
      'Empezó el 1 dic 2026 (hace 1 día).',
      'Dolor: en la espalda y baja por una pierna.',
      'Dolor ahora 6/10.',
      'Temperatura: no lo dice.',
      'Probó: «ibuprofeno, un poco»',
      'Alergias a medicinas: no lo dice.',
    ]);
    expect(s?.negatives?.text).toBe(
      'Respondió que no: problemas nuevos para orinar o controlar vejiga/intestino, o adormecimiento en silla de montar.',
    );
  });

  it('keeps an answer it has no sentence for, and ignores a response of another questionnaire', () => {
    const s = summarizeEvisit(
      qr('uri', [{ linkId: 'extra', text: 'Works nights?', answer: [{ valueBoolean: true }] }]),
      'en',
      '2026-12-02',
    );
    expect(s?.story.map((l) => l.text)).toContain('Works nights?: yes.');
    expect(
      summarizeEvisit({ ...cold, questionnaire: 'http://example.org/q' }, 'en', '2026-12-02'),
    ).toBeUndefined();
  });
});
