import { readFileSync } from 'node:fs';
import type { QuestionnaireResponseItemAnswer } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  buildRedFlagObservations,
  buildResponse,
  buildReviewTask,
  EVISIT_QUESTIONNAIRES,
  kindOf,
  localText,
  newSubmissionIds,
  practiceOf,
  replyBy,
  routeOf,
} from '../../src/core/evisit';

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const answers = new Map<string, QuestionnaireResponseItemAnswer[]>([
  ['uri-1', [{ valueBoolean: false }]],
  ['uri-2', []],
  ['uri-14', [{ valueBoolean: true }]],
  ['onset', [{ valueDate: '2026-11-28' }]],
  ['allergies', []],
]);

describe('what a submitted e-visit writes', () => {
  const q = EVISIT_QUESTIONNAIRES.uri;
  const route = routeOf(q, answers);
  const ids = newSubmissionIds(uuid, route.flags);
  const qr = buildResponse({
    kind: 'uri',
    questionnaire: q,
    answers,
    patientId: 'cg-maria',
    identifier: ids.qr,
    authored: '2026-12-01T10:00:00Z',
    language: 'es',
  });

  it('the QuestionnaireResponse: completed, subject and author the patient, the canonical, only answered items', () => {
    expect(qr).toMatchObject({
      status: 'completed',
      subject: { reference: 'Patient/cg-maria' },
      author: { reference: 'Patient/cg-maria' },
      questionnaire: 'https://common-ground.example/fhir/Questionnaire/evisit-uri|1.1.0',
      identifier: ids.qr,
    });
    expect(qr.item!.map((i) => i.linkId)).toEqual(['uri-1', 'uri-14', 'onset']);
    expect(qr.item![1]!.text).toMatch(/^Do any of these apply: pregnant/);
  });

  it('the review Task: for the patient, owned by the practice, focus the QR, requested, with the route', () => {
    const task = buildReviewTask({
      kind: 'uri',
      qr: { ...qr, id: 'qr-1' },
      route,
      patientId: 'cg-maria',
      owner: practiceOf({
        resourceType: 'Patient',
        managingOrganization: { reference: 'Organization/cg-clinic' },
      }),
      identifier: ids.task,
      authored: '2026-12-01T10:00:00Z',
      replyBy: '2026-12-02T10:00:00.000Z',
    });
    expect(task).toMatchObject({
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/cg-maria' },
      owner: { reference: 'Organization/cg-clinic' },
      focus: { reference: 'QuestionnaireResponse/qr-1' },
      reasonCode: { coding: [{ code: 'clinician-review' }] },
      identifier: [ids.task],
    });
  });

  it('each red flag as an Observation that points back at the answers', () => {
    const obs = buildRedFlagObservations({
      qr: { ...qr, id: 'qr-1' },
      questionnaire: q,
      flags: route.flags,
      answers,
      patientId: 'cg-maria',
      ids: ids.observations,
      authored: '2026-12-01T10:00:00Z',
    });
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({
      status: 'final',
      valueBoolean: true,
      code: { coding: [{ code: 'uri-14' }] },
      derivedFrom: [{ reference: 'QuestionnaireResponse/qr-1' }],
      identifier: [ids.observations['uri-14']],
    });
  });

  it('a fever read in °F is the body-temperature Observation in °F, as the patient read it', () => {
    const fever = new Map(answers);
    const f = { value: 102.5, unit: '°F', system: 'http://unitsofmeasure.org', code: '[degF]' };
    fever.set('temperature', [{ valueQuantity: f }]);
    const r = routeOf(q, fever);
    const flagIds = newSubmissionIds(uuid, r.flags);
    const [temperature] = buildRedFlagObservations({
      qr: { ...qr, id: 'qr-1' },
      questionnaire: q,
      flags: r.flags.filter((x) => x.linkId === 'temperature'),
      answers: fever,
      patientId: 'cg-maria',
      ids: flagIds.observations,
      authored: '2026-12-01T10:00:00Z',
    });
    expect(temperature?.valueQuantity).toEqual(f);
    expect(temperature?.code.coding).toContainEqual(expect.objectContaining({ code: '8310-5' }));
  });

  it('replies are due one working day later (a weekend moves to Monday)', () => {
    expect(replyBy(new Date('2026-12-01T10:00:00Z')).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(replyBy(new Date('2026-12-04T10:00:00Z')).toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });

  it('practice: managing organization, else their clinician, else none', () => {
    expect(
      practiceOf({ resourceType: 'Patient', generalPractitioner: [{ reference: 'Practitioner/dr' }] }),
    ).toEqual({
      reference: 'Practitioner/dr',
    });
    expect(practiceOf({ resourceType: 'Patient' })).toBeUndefined();
  });
});

describe('the Questionnaires', () => {
  it('are the ones the sandbox serves', () => {
    const bundle = JSON.parse(
      readFileSync('fhir-fixtures/definitions/evisit-questionnaires.json', 'utf8'),
    ) as {
      entry: { resource: unknown }[];
    };
    expect(bundle.entry.map((e) => e.resource)).toEqual([
      EVISIT_QUESTIONNAIRES.uri,
      EVISIT_QUESTIONNAIRES.lbp,
    ]);
  });

  it('carry every question in Spanish too, and yes/no items are boolean', () => {
    for (const q of Object.values(EVISIT_QUESTIONNAIRES))
      for (const item of q.item!) {
        expect(localText(item.text, item._text, 'es')).not.toBe(item.text);
        if (/^(uri|lbp)-[\d.]+$/.test(item.linkId) && item.linkId !== 'uri-2')
          expect(item.type).toBe('boolean');
      }
    expect(EVISIT_QUESTIONNAIRES.uri.item!.find((i) => i.linkId === 'uri-2')!.type).toBe('decimal');
  });

  it("ask for the oximeter's reading whatever it is: no threshold a patient at 97 % could read as 'skip this'", () => {
    const oxygen = EVISIT_QUESTIONNAIRES.uri.item!.find((i) => i.linkId === 'uri-2')!;
    for (const lang of ['en', 'es'])
      expect(localText(oxygen.text, oxygen._text, lang)).not.toMatch(/\d\s*%|below|debajo/);
    expect(EVISIT_QUESTIONNAIRES.uri.version).toBe('1.1.0');
  });

  it('name two different signs with two different Spanish words: a whoop is not a wheeze', () => {
    const es = (id: string) => {
      const item = EVISIT_QUESTIONNAIRES.uri.item!.find((i) => i.linkId === id)!;
      return localText(item.text, item._text, 'es');
    };
    expect(es('uri-11')).toMatch(/silbido/i);
    expect(es('uri-13')).not.toMatch(/silbido/i);
  });

  it('ask in Spanish without assuming the patient is a man', () => {
    for (const q of Object.values(EVISIT_QUESTIONNAIRES)) {
      const allergies = q.item!.find((i) => i.linkId === 'allergies')!;
      expect(localText(allergies.text, allergies._text, 'es')).toBe(
        '¿Tiene alergia a alguna medicina? ¿A cuáles?',
      );
      expect(q.version).toBe('1.1.0');
    }
  });

  it('still name their e-visit in a response that cites an earlier version', () => {
    expect(kindOf('https://common-ground.example/fhir/Questionnaire/evisit-uri|1.0.0')).toBe('uri');
    expect(kindOf('https://common-ground.example/fhir/Questionnaire/evisit-low-back-pain|1.0.0')).toBe('lbp');
  });
});
