import type { Goal } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import {
  goalsToNegotiate,
  acceptances,
  agreeGoal,
  agreementOf,
  proposeClinicalGoal,
  targetOf,
  targetsFromForm,
} from '../../src/core/workspace/goals';
import { r4Errors } from './workspace-validate';
import { GOAL_ACCEPTANCE_EXT, PCO_CONCEPTS, US_CORE_GOAL_PROFILE } from '../../src/core/fhir/vocabulary';

const ctx = { patientId: 'p1', clinician: 'Practitioner/dr-1', today: '2026-11-26' };
const GOAL_STATUSES = [
  'proposed',
  'planned',
  'accepted',
  'active',
  'on-hold',
  'completed',
  'cancelled',
  'entered-in-error',
  'rejected',
];

function saved(goal: Goal): Goal {
  return { ...goal, id: 'g1', meta: { ...goal.meta, versionId: '3', lastUpdated: '2026-11-20T10:00:00Z' } };
}

const patientGoal = saved(
  newPriorityGoal(
    { kind: 'outcome-goal', text: 'Keep working in my garden <every> day', oneThing: true },
    {
      patientId: 'p1',
      today: '2026-11-20',
      identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:3f0a6a54-5b0e-4c59-9d1c-1d2a5c1d7e01' },
    },
  ),
);

/** US Core Goal (6.1/7.0) and FHIR R4 Goal, element by element. */
function expectUsCoreGoal(g: Goal) {
  expect(g.resourceType).toBe('Goal');
  expect(GOAL_STATUSES).toContain(g.lifecycleStatus);
  expect(g.description.text ?? g.description.coding?.length).toBeTruthy();
  expect(g.subject.reference).toBe('Patient/p1');
  // US Core: startDate or target.dueDate (clients support both; we always send startDate).
  expect(g.startDate ?? g.target?.find((t) => t.dueDate)?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // gol-1: a target detail needs a measure.
  for (const t of g.target ?? []) {
    const hasDetail = Object.keys(t).some((k) => k.startsWith('detail'));
    if (hasDetail) expect(t.measure?.coding?.length).toBeGreaterThan(0);
  }
  expect(r4Errors(g)).toEqual([]);
}

describe('agreeing on the patient’s goal', () => {
  const agreed = agreeGoal(
    patientGoal,
    {
      text: patientGoal.description.text ?? '',
      targets: [{ measure: 'hba1c', high: 8, due: '2027-05-26' }],
      addresses: ['Condition/c-diabetes'],
      status: 'accepted',
    },
    ctx,
  );

  it('is a valid US Core / R4 Goal', () => expectUsCoreGoal(agreed));

  it('moves to accepted and keeps what the patient said and the version it read', () => {
    expect(agreed.lifecycleStatus).toBe('accepted');
    expect(agreed.statusDate).toBe('2026-11-26');
    expect(agreed.description.text).toBe('Keep working in my garden <every> day');
    expect(agreed.expressedBy).toEqual({ reference: 'Patient/p1' });
    expect(agreed.id).toBe('g1');
    expect(agreed.meta?.versionId).toBe('3');
    expect(agreed.meta?.profile).toContain(US_CORE_GOAL_PROFILE);
    expect(agreed.identifier).toEqual(patientGoal.identifier);
    expect(agreed.category?.some((c) => c.coding?.some((x) => x.system === PCO_CONCEPTS))).toBe(true);
    expect(agreed.priority?.coding?.[0]?.code).toBe('high-priority');
    expect(agreed.startDate).toBe('2026-11-20');
  });

  it('targets HbA1c at or below 8% (a range with only a high bound) by the due date', () => {
    expect(agreed.target).toEqual([
      {
        measure: {
          coding: [
            {
              system: 'http://loinc.org',
              code: '4548-4',
              display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
            },
          ],
          text: 'Hemoglobin A1c/Hemoglobin.total in Blood',
        },
        detailRange: { high: { value: 8, unit: '%', system: 'http://unitsofmeasure.org', code: '%' } },
        dueDate: '2027-05-26',
      },
    ]);
  });

  it('addresses the Condition and records that patient and clinician agreed (goal-acceptance)', () => {
    expect(agreed.addresses).toEqual([{ reference: 'Condition/c-diabetes' }]);
    const exts = agreed.extension?.filter((e) => e.url === GOAL_ACCEPTANCE_EXT) ?? [];
    expect(exts).toHaveLength(2);
    for (const e of exts) {
      expect(e.extension?.map((x) => x.url).sort()).toEqual(['individual', 'status']);
      expect(e.extension?.find((x) => x.url === 'individual')?.valueReference?.reference).toMatch(
        /^(Patient|Practitioner)\//,
      );
    }
    expect(acceptances(agreed)).toEqual([
      { individual: 'Patient/p1', status: 'agree' },
      { individual: 'Practitioner/dr-1', status: 'agree' },
    ]);
  });

  it('keeps the patient’s rank extension, other people’s acceptance and targets it does not edit', () => {
    const other: Goal = {
      ...patientGoal,
      extension: [
        ...(patientGoal.extension ?? []),
        {
          url: GOAL_ACCEPTANCE_EXT,
          extension: [
            { url: 'individual', valueReference: { reference: 'RelatedPerson/daughter' } },
            { url: 'status', valueCode: 'agree' },
          ],
        },
      ],
      target: [
        {
          measure: { coding: [{ system: 'http://loinc.org', code: '39156-5' }] },
          detailQuantity: { value: 30 },
        },
      ],
    };
    const again = agreeGoal(other, { ...agreementOf(other), status: 'active' }, ctx);
    expect(acceptances(again).map((a) => a.individual)).toEqual([
      'RelatedPerson/daughter',
      'Patient/p1',
      'Practitioner/dr-1',
    ]);
    expect(again.target?.[0]?.measure?.coding?.[0]?.code).toBe('39156-5');
    expect(again.lifecycleStatus).toBe('active');
    expectUsCoreGoal(again);
  });

  it('reads back into the same agreement (the edit form round-trips)', () => {
    expect(agreementOf(agreed)).toEqual({
      text: 'Keep working in my garden <every> day',
      targets: [{ measure: 'hba1c', high: 8, due: '2027-05-26', read: agreed.target?.[0] }],
      addresses: ['Condition/c-diabetes'],
      status: 'accepted',
    });
  });
});

describe('editing a goal keeps what its words and status meant', () => {
  const coded: Goal = {
    ...patientGoal,
    description: {
      coding: [
        { system: 'https://common-ground.example/fhir/CodeSystem/what-matters-example', code: 'walk-church' },
      ],
      text: 'Walk to the store or to church',
    },
  };

  it('new words drop the code that described the old ones; the same words keep it', () => {
    const reworded = agreeGoal(
      coded,
      { ...agreementOf(coded), text: 'Walk to the mailbox with my cane' },
      ctx,
    );
    expect(reworded.description).toEqual({ text: 'Walk to the mailbox with my cane' });
    expect(agreeGoal(coded, agreementOf(coded), ctx).description).toEqual(coded.description);
    // A goal the EHR coded without text keeps its code when its display is agreed as shown.
    const codeOnly: Goal = {
      ...coded,
      description: { coding: [{ system: 'http://snomed.info/sct', code: '1', display: 'Walk daily' }] },
    };
    expect(agreeGoal(codeOnly, agreementOf(codeOnly), ctx).description).toEqual({
      ...codeOnly.description,
      text: 'Walk daily',
    });
    // Nothing the caller passed in was changed.
    expect(coded.description.coding).toHaveLength(1);
  });

  it('a goal on hold stays on hold when only its words or targets are edited', () => {
    const paused: Goal = { ...patientGoal, lifecycleStatus: 'on-hold' };
    expect(agreementOf(paused).status).toBe('on-hold');
    expect(
      agreeGoal(paused, { ...agreementOf(paused), text: 'Garden twice a week' }, ctx).lifecycleStatus,
    ).toBe('on-hold');
    expect(agreementOf({ ...patientGoal, lifecycleStatus: 'proposed' }).status).toBe('accepted');
  });
});

describe('a clinical goal', () => {
  const proposed = proposeClinicalGoal(
    {
      text: 'Blood pressure below 140/90',
      targets: [
        { measure: 'systolic', high: 140 },
        { measure: 'diastolic', high: 90 },
      ],
      addresses: ['Condition/c-htn'],
    },
    {
      ...ctx,
      identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:7d1f1a52-1f1c-4b0a-8a0e-2a9b7c3d4e5f' },
    },
  );

  it('is proposed by the clinician, pending the patient, with a business identifier', () => {
    expectUsCoreGoal(proposed);
    expect(proposed.id).toBeUndefined();
    expect(proposed.lifecycleStatus).toBe('proposed');
    expect(proposed.expressedBy).toEqual({ reference: 'Practitioner/dr-1' });
    expect(proposed.identifier?.[0]?.value).toMatch(/^urn:uuid:/);
    expect(acceptances(proposed)).toEqual([
      { individual: 'Practitioner/dr-1', status: 'agree' },
      { individual: 'Patient/p1', status: 'pending' },
    ]);
    expect(proposed.target?.map((t) => t.measure?.coding?.[0]?.code)).toEqual(['8480-6', '8462-4']);
    expect(proposed.target?.[0]?.detailRange?.high).toEqual({
      value: 140,
      unit: 'mmHg',
      system: 'http://unitsofmeasure.org',
      code: 'mm[Hg]',
    });
  });

  it('becomes active once the patient agrees', () => {
    const agreed = agreeGoal(proposed, { ...agreementOf(proposed), status: 'active' }, ctx);
    expectUsCoreGoal(agreed);
    expect(acceptances(agreed).every((a) => a.status === 'agree')).toBe(true);
  });
});

describe('targets', () => {
  it('writes an exact value as a quantity, a lower bound and a range as ranges', () => {
    expect(targetOf({ measure: 'hba1c', value: 7 }).detailQuantity?.value).toBe(7);
    expect(targetOf({ measure: 'hba1c', low: 7 }).detailRange).toEqual({
      low: { value: 7, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    });
    const range = targetOf({ measure: 'hba1c', low: 7, high: 8, due: '2027-01-01' });
    expect([range.detailRange?.low?.value, range.detailRange?.high?.value, range.dueDate]).toEqual([
      7,
      8,
      '2027-01-01',
    ]);
  });

  it('a due date with no measure is a target of its own, and still satisfies US Core', () => {
    const g = agreeGoal(
      patientGoal,
      {
        text: 'x',
        targets: targetsFromForm({ targets: [], due: '2027-01-01' }).targets,
        addresses: [],
        status: 'active',
      },
      ctx,
    );
    expect(g.target).toEqual([{ dueDate: '2027-01-01' }]);
    expectUsCoreGoal(g);
  });

  it('the validator catches a target detail without a measure (gol-1)', () => {
    const broken: Goal = { ...patientGoal, target: [{ detailQuantity: { value: 8 } }] };
    expect(r4Errors(broken).join()).toContain('gol-1');
  });
});

describe('which goals are negotiated', () => {
  it('open outcome goals only, proposals first: values and care preferences are never goals to agree', () => {
    const ctx = { patientId: 'p1', today: '2026-11-02' };
    const id = (n: number) => ({
      system: 'urn:ietf:rfc:3986',
      value: `urn:uuid:00000000-0000-4000-8000-00000000010${n}`,
    });
    const said = (kind: 'value' | 'outcome-goal' | 'care-burdensome', text: string, n: number): Goal => ({
      ...newPriorityGoal({ kind, text }, { ...ctx, identifier: id(n) }),
      id: `g${n}`,
    });
    const agreed: Goal = { ...said('outcome-goal', 'Keep driving', 4), lifecycleStatus: 'active' };
    const goals = [
      agreed,
      said('value', 'Stay in my own home', 1),
      said('care-burdensome', 'Taking more pills', 2),
      said('outcome-goal', 'Walk to church', 3),
      { ...said('outcome-goal', 'Run a marathon', 5), lifecycleStatus: 'cancelled' as const },
    ];
    expect(goalsToNegotiate(goals, 'p1').map((g) => g.description.text)).toEqual([
      'Walk to church',
      'Keep driving',
    ]);
  });
});
