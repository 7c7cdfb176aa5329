import type { Condition, Goal, Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ageOn, bannerFacts, currentGoals, problemList } from '../../src/core/record/display';
import { newPriorityGoal } from '../../src/core/voice/mapping';

describe('banner', () => {
  it('turns 65 on the birthday, not the day before', () => {
    expect(ageOn('1961-06-30', new Date('2026-06-29T12:00:00Z'))).toBe(64);
    expect(ageOn('1961-06-30', new Date('2026-06-30T00:00:00Z'))).toBe(65);
    expect(ageOn('1961', new Date())).toBeUndefined();
  });

  it('takes sex from the US Core extension when gender is absent (US Core 9 examples)', () => {
    const p: Patient = {
      resourceType: 'Patient',
      extension: [
        {
          url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-individual-sex',
          valueCoding: { code: 'female' },
        },
      ],
      identifier: [{ type: { coding: [{ code: 'MR' }] }, value: '12345' }],
      name: [{ use: 'official', given: ['Amy', 'V.'], family: 'Shaw' }],
      communication: [{ language: { coding: [{ code: 'es' }] }, preferred: true }],
    };
    expect(bannerFacts(p, new Date())).toMatchObject({
      name: 'Amy V. Shaw',
      sex: 'female',
      mrn: '12345',
      language: 'es',
    });
  });
});

describe('problem list', () => {
  const c = (
    id: string,
    status: string | undefined,
    onset: string,
    extra: Partial<Condition> = {},
  ): Condition => ({
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p1' },
    code: { text: id },
    onsetDateTime: onset,
    ...(status ? { clinicalStatus: { coding: [{ code: status }] } } : {}),
    ...extra,
  });

  it('puts current problems first, newest first, and leaves out entered-in-error', () => {
    const rows = problemList([
      c('old-resolved', 'resolved', '2001-01-01'),
      c('older-active', 'active', '2005-01-01'),
      c('newer-active', 'active', '2020-01-01'),
      c('error', 'active', '2021-01-01', { verificationStatus: { coding: [{ code: 'entered-in-error' }] } }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['newer-active', 'older-active', 'old-resolved']);
  });

  it('names the category and treats a missing status without abatement as current', () => {
    const [row] = problemList([
      c('hc', undefined, '2020-01-01', {
        category: [
          {
            coding: [
              { system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', code: 'health-concern' },
            ],
          },
        ],
      }),
    ]);
    expect(row).toMatchObject({ category: 'health-concern', active: true });
  });
});

describe('goals', () => {
  const g = (id: string, extra: Partial<Goal>): Goal => ({
    resourceType: 'Goal',
    id,
    lifecycleStatus: 'active',
    description: { text: id },
    subject: { reference: 'Patient/p1' },
    ...extra,
  });

  it('tells patient-stated from clinical goals, the one thing first, closed goals left out', () => {
    const rows = currentGoals(
      [
        g('clinical', {
          target: [
            {
              measure: { text: 'HbA1c' },
              detailQuantity: { comparator: '<', value: 8, unit: '%' },
              dueDate: '2027-01-01',
            },
          ],
        }),
        g('stated', { expressedBy: { reference: 'Patient/p1' } }),
        g('one-thing', {
          expressedBy: { reference: 'Patient/p1' },
          priority: { coding: [{ code: 'high-priority' }] },
        }),
        g('done', { lifecycleStatus: 'completed' }),
      ],
      'p1',
    );
    expect(rows.map((r) => r.id)).toEqual(['one-thing', 'stated', 'clinical']);
    expect(rows[2]!.targets[0]).toEqual({ measure: 'HbA1c', detail: '< 8 %', due: '2027-01-01' });
    expect(rows[0]!.patientStated && rows[0]!.highPriority).toBe(true);
  });

  it('says when a family member or caregiver stated the goal, not the patient', () => {
    const rows = currentGoals(
      [
        g('daughter', { expressedBy: { reference: 'RelatedPerson/daughter' } }),
        g('own', { expressedBy: { reference: 'Patient/p1' } }),
      ],
      'p1',
    );
    expect(rows.map((r) => [r.id, r.patientStated, r.byRelatedPerson])).toEqual([
      ['daughter', true, true],
      ['own', true, false],
    ]);
  });
});

describe('what the patient said is a goal only when it is an outcome goal', () => {
  const stated = (kind: Parameters<typeof newPriorityGoal>[0]['kind'], text: string, id: string): Goal => ({
    ...newPriorityGoal(
      { kind, text },
      {
        patientId: 'p1',
        today: '2026-11-02',
        identifier: {
          system: 'urn:ietf:rfc:3986',
          value: `urn:uuid:00000000-0000-4000-8000-00000000000${id}`,
        },
      },
    ),
    id,
  });

  it('lists outcome goals and clinical goals, never values or care preferences', () => {
    const rows = currentGoals(
      [
        stated('care-burdensome', 'Taking more pills', '1'),
        stated('care-helpful', 'Seeing the same nurse', '2'),
        stated('value', 'Time with my family', '3'),
        stated('outcome-goal', 'Walk to church', '4'),
        {
          resourceType: 'Goal',
          id: '5',
          lifecycleStatus: 'active',
          description: { text: 'HbA1c below 8%' },
          subject: { reference: 'Patient/p1' },
        },
        // Another app's goal, stated by the patient without PCO coding: an outcome goal.
        {
          resourceType: 'Goal',
          id: '6',
          lifecycleStatus: 'proposed',
          description: { text: 'Swim again' },
          subject: { reference: 'Patient/p1' },
          expressedBy: { reference: 'Patient/p1' },
        },
      ],
      'p1',
    );
    expect(rows.map((r) => r.text).sort()).toEqual(['HbA1c below 8%', 'Swim again', 'Walk to church']);
  });
});
