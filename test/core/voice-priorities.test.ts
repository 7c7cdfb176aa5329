import type { Goal, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import { readPriorities } from '../../src/core/voice/priorities';
import { isOutcomeGoal } from '../../src/core/voice/stated';

const PID = 'cg-tess';
const ident = (n: number) => ({
  system: 'urn:ietf:rfc:3986',
  value: `urn:uuid:00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
});

function ours(input: Parameters<typeof newPriorityGoal>[0], id: string, lastUpdated?: string): Goal {
  return {
    ...newPriorityGoal(input, {
      patientId: PID,
      today: '2026-10-01',
      identifier: ident(Number(id.slice(1))),
    }),
    id,
    ...(lastUpdated ? { meta: { lastUpdated } } : {}),
  };
}

/** A Goal as another patient app writes it: the patient's words, no PCO or Common Ground coding. */
const plainGoal = (id: string, text: string, extra: Partial<Goal> = {}): Goal => ({
  resourceType: 'Goal',
  id,
  lifecycleStatus: 'proposed',
  description: { text },
  subject: { reference: `Patient/${PID}` },
  expressedBy: { reference: `Patient/${PID}` },
  startDate: '2026-09-01',
  ...extra,
});

const preference = (id: string, text: string, extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '81338-6' }] },
  subject: { reference: `Patient/${PID}` },
  effectiveDateTime: '2026-08-01',
  valueString: text,
  ...extra,
});

describe('readPriorities: every patient-stated priority the record holds', () => {
  it('reads Observations (81338-6, 107905-2, category 81380-8, PCO what-matters) as read-only priorities', () => {
    const p = readPriorities([], PID, [
      preference('o1', 'Taking more pills is a burden to me'),
      preference('o2', 'I do not want to go back to the hospital', {
        code: { coding: [{ system: 'http://loinc.org', code: '107905-2' }] },
      }),
      preference('o3', 'Phone calls instead of visits help me', {
        code: { text: 'Care preference' },
        category: [
          { coding: [{ system: 'http://loinc.org', code: '81380-8' }] },
          {
            coding: [
              {
                system: 'https://common-ground.example/fhir/CodeSystem/priority-kind',
                code: 'care-helpful',
              },
            ],
          },
        ],
      }),
      preference('o4', 'Being there for my grandson', {
        code: { coding: [{ system: 'http://snomed.info/sct', code: '247751003' }] },
        category: [
          {
            coding: [
              {
                system: 'http://hl7.org/fhir/us/pco/CodeSystem/pco-concepts-temporary',
                code: 'what-matters',
              },
            ],
          },
        ],
      }),
      preference('o5', 'Struck out', { status: 'entered-in-error' }),
      // A lab result is not a priority.
      {
        resourceType: 'Observation',
        id: 'o6',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
        valueQuantity: { value: 7.9, unit: '%' },
      },
    ]);
    expect(p.burdensome.map((x) => x.text)).toEqual(['Taking more pills is a burden to me']);
    expect(p.helpful.map((x) => x.text)).toEqual(['Phone calls instead of visits help me']);
    // Neither helpful nor burdensome is said: listed as it is, not guessed.
    expect(p.care.map((x) => x.text)).toEqual(['I do not want to go back to the hospital']);
    expect(p.others.map((x) => x.text)).toEqual(['Being there for my grandson']);
    expect(p.all).toHaveLength(4);
    for (const x of p.all) {
      expect(x).toMatchObject({ source: 'observation', editable: false });
      expect(x.goal).toBeUndefined();
      expect(x.stated).toBe('2026-08-01');
    }
  });

  it('a free-text preference that denies a burden is not filed as burdensome: it is listed as said', () => {
    const denials = [
      'More blood tests are not a burden to me',
      'Taking my pills is no burden at all',
      "Visits aren't a burden",
      'Never been a burden, the injections',
    ];
    const p = readPriorities(
      [],
      PID,
      denials.map((text, n) => preference(`o${n}`, text)),
    );
    expect(p.burdensome).toEqual([]);
    expect(p.care.map((x) => x.text)).toEqual(denials);
  });

  it('reads Goals other apps write (expressedBy the Patient or a RelatedPerson, no PCO coding) as read-only', () => {
    const p = readPriorities(
      [
        plainGoal('g1', 'Swim in the lake this summer'),
        plainGoal('g2', 'Keep her at home', { expressedBy: { reference: 'RelatedPerson/daughter' } }),
        plainGoal('g3', 'A clinician’s goal', { expressedBy: { reference: 'Practitioner/dr-1' } }),
        plainGoal('g4', 'Someone else’s', { expressedBy: { reference: 'Patient/other' } }),
        ours({ kind: 'value', text: 'My garden' }, 'g5'),
      ],
      PID,
    );
    expect(p.others.map((x) => [x.text, x.source, x.editable, x.byRelatedPerson])).toEqual([
      ['Swim in the lake this summer', 'other-app', false, false],
      ['Keep her at home', 'other-app', false, true],
      // Stated later (no rank to say otherwise), so after the others.
      ['My garden', 'common-ground', true, false],
    ]);
  });

  it('the newest "one thing" wins when several are marked; the others stay listed', () => {
    const p = readPriorities(
      [
        ours(
          { kind: 'outcome-goal', text: 'Older one thing', oneThing: true, rank: 1 },
          'g1',
          '2026-10-01T10:00:00Z',
        ),
        plainGoal('g2', 'Newer one thing from another app', {
          priority: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/goal-priority', code: 'high-priority' },
            ],
          },
          meta: { lastUpdated: '2026-11-20T09:00:00Z' },
        }),
        ours({ kind: 'value', text: 'Family', rank: 2 }, 'g3', '2026-11-25T10:00:00Z'),
      ],
      PID,
    );
    expect(p.oneThing?.text).toBe('Newer one thing from another app');
    expect(p.others.map((x) => [x.text, x.oneThing])).toEqual([
      ['Older one thing', true],
      ['Family', false],
    ]);
  });

  it('care preferences and values are never goals to agree; outcome and clinical goals are', () => {
    const burdensome = ours({ kind: 'care-burdensome', text: 'Taking more pills' }, 'g1');
    const helpful = ours({ kind: 'care-helpful', text: 'My pill box' }, 'g2');
    const value = ours({ kind: 'value', text: 'Family' }, 'g3');
    const outcome = ours({ kind: 'outcome-goal', text: 'Walk to church' }, 'g4');
    const clinical = plainGoal('g5', 'HbA1c below 8%', { expressedBy: { reference: 'Practitioner/dr-1' } });
    expect([burdensome, helpful, value, outcome, clinical].map((g) => isOutcomeGoal(g, PID))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(isOutcomeGoal(plainGoal('g6', 'Swim again'), PID)).toBe(true);
  });
});
