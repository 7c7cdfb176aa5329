import type { CapabilityStatement, Goal, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { unsupportedWrites } from '../../src/core/fhir/capability';
import { targetBands, trendSeries } from '../../src/core/workspace/trends';

const LOINC = 'http://loinc.org';
const obs = (over: Partial<Observation>): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [] },
  ...over,
});
const q = (value: number, unit: string) => ({ value, unit });
const bp = (code: string, date: string, sys: number, dia: number) =>
  obs({
    code: { coding: [{ system: LOINC, code }] },
    effectiveDateTime: date,
    component: [
      { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: q(sys, 'mm[Hg]') },
      { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: q(dia, 'mm[Hg]') },
    ],
  });

const observations: Observation[] = [
  obs({
    code: { coding: [{ system: LOINC, code: '4548-4' }] },
    effectiveDateTime: '2026-06-01',
    valueQuantity: q(8.4, '%'),
  }),
  obs({
    code: { coding: [{ system: LOINC, code: '4548-4' }] },
    effectiveDateTime: '2025-12-01',
    valueQuantity: q(9.1, '%'),
  }),
  obs({
    code: { coding: [{ system: LOINC, code: '4548-4' }] },
    effectiveDateTime: '2026-09-01',
    valueQuantity: q(12, '%'),
    status: 'entered-in-error',
  }),
  obs({
    code: { coding: [{ system: 'http://snomed.info/sct', code: '4548-4' }] },
    effectiveDateTime: '2026-09-02',
    valueQuantity: q(5, '%'),
  }),
  bp('85354-9', '2026-03-01T09:00:00Z', 150, 92),
  bp('55284-4', '2025-03-01', 160, 95),
  obs({
    code: { coding: [{ system: LOINC, code: '8480-6' }] },
    effectivePeriod: { start: '2026-10-01' },
    valueQuantity: q(138, 'mmHg'),
  }),
  // A component code outside a BP panel is not a blood pressure reading.
  obs({
    code: { coding: [{ system: LOINC, code: '12345-6' }] },
    effectiveDateTime: '2026-10-02',
    component: [{ code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: q(999, 'mmHg') }],
  }),
];

describe('trend series', () => {
  it('HbA1c (LOINC 4548-4), oldest first, without entered-in-error or other code systems', () => {
    expect(trendSeries(observations, 'hba1c')).toEqual([
      { date: '2025-12-01', value: 9.1, unit: '%' },
      { date: '2026-06-01', value: 8.4, unit: '%' },
    ]);
  });

  it('systolic from the 85354-9 panel, SMART’s 55284-4 panel and a lone 8480-6 result', () => {
    expect(trendSeries(observations, 'systolic').map((p) => [p.date, p.value])).toEqual([
      ['2025-03-01', 160],
      ['2026-03-01T09:00:00Z', 150],
      ['2026-10-01', 138],
    ]);
    expect(trendSeries(observations, 'diastolic').map((p) => p.value)).toEqual([95, 92]);
  });

  it('targets of open goals on the measure', () => {
    const goal = (status: Goal['lifecycleStatus'], high: number): Goal => ({
      resourceType: 'Goal',
      lifecycleStatus: status,
      description: { text: `A1c ≤ ${high}` },
      subject: { reference: 'Patient/p1' },
      target: [
        { measure: { coding: [{ system: LOINC, code: '4548-4' }] }, detailRange: { high: { value: high } } },
      ],
    });
    expect(targetBands([goal('active', 8), goal('cancelled', 7)], 'hba1c')).toEqual([
      { measure: 'hba1c', high: 8, goal: 'A1c ≤ 8' },
    ]);
    expect(targetBands([goal('active', 8)], 'systolic')).toEqual([]);
    const below: Goal = {
      ...goal('active', 0),
      target: [
        {
          measure: { coding: [{ system: LOINC, code: '4548-4' }] },
          detailQuantity: { value: 8, comparator: '<' },
        },
      ],
    };
    const exact: Goal = {
      ...goal('active', 0),
      target: [{ measure: { coding: [{ system: LOINC, code: '4548-4' }] }, detailQuantity: { value: 7 } }],
    };
    expect(targetBands([below, exact], 'hba1c').map((b) => [b.low, b.high])).toEqual([
      [undefined, 8],
      [7, 7],
    ]);
  });

  it('keeps a strict bound strict: "<8 %" is below 8, "<=8 %" and a range are at or below it', () => {
    const withTarget = (target: NonNullable<Goal['target']>[number]): Goal => ({
      resourceType: 'Goal',
      lifecycleStatus: 'active',
      description: { text: 'A1c' },
      subject: { reference: 'Patient/p1' },
      target: [{ measure: { coding: [{ system: LOINC, code: '4548-4' }] }, ...target }],
    });
    const band = (target: NonNullable<Goal['target']>[number]) => {
      const [b] = targetBands([withTarget(target)], 'hba1c');
      return { low: b?.low, high: b?.high, exclusive: b?.exclusive ?? false };
    };
    expect(band({ detailQuantity: { value: 8, comparator: '<' } })).toEqual({ high: 8, exclusive: true });
    expect(band({ detailQuantity: { value: 5, comparator: '>' } })).toEqual({ low: 5, exclusive: true });
    expect(band({ detailQuantity: { value: 8, comparator: '<=' } })).toEqual({ high: 8, exclusive: false });
    expect(band({ detailRange: { high: { value: 8 } } })).toEqual({ high: 8, exclusive: false });
    expect(band({ detailQuantity: { value: 7 } })).toEqual({ low: 7, high: 7, exclusive: false });
  });
});

describe('server capability for writes', () => {
  const cs = (types: Record<string, string[]>): CapabilityStatement => ({
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        resource: Object.entries(types).map(([type, codes]) => ({
          type,
          interaction: codes.map((code) => ({ code: code as 'read' })),
        })),
      },
    ],
  });
  const WRITES = ['Goal', 'CarePlan', 'QuestionnaireResponse'];

  it('lists the types the server cannot create and update', () => {
    expect(
      unsupportedWrites(
        cs({
          Goal: ['read', 'create', 'update'],
          CarePlan: ['read', 'search-type'],
          QuestionnaireResponse: ['create', 'update'],
        }),
        WRITES,
      ),
    ).toEqual(['CarePlan']);
    expect(
      unsupportedWrites(
        cs({
          Goal: ['create', 'update'],
          CarePlan: ['create', 'update'],
          QuestionnaireResponse: ['create', 'update'],
        }),
        WRITES,
      ),
    ).toEqual([]);
  });

  it('a statement silent about resources is no evidence', () => {
    expect(unsupportedWrites(undefined, WRITES)).toEqual([]);
    expect(unsupportedWrites({ ...cs({}), rest: [{ mode: 'server' }] }, WRITES)).toEqual([]);
  });
});
