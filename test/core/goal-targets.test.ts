import fc from 'fast-check';
import type { CodeableConcept, Goal, GoalTarget, Quantity } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { currentGoals, targetText } from '../../src/core/record/display';
import {
  agreeGoal,
  agreementOf,
  isKeptRow,
  rowOf,
  targetsForm,
  targetsFromForm,
  measuredOf,
  type TargetsForm,
} from '../../src/core/workspace/goals';

const ctx = { patientId: 'p1', clinician: 'Practitioner/dr-1', today: '2026-11-26' };
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

function goalWith(target: GoalTarget[]): Goal {
  return {
    resourceType: 'Goal',
    id: 'g1',
    meta: { versionId: '2' },
    lifecycleStatus: 'accepted',
    description: { text: 'HbA1c below 8.0%' },
    subject: { reference: 'Patient/p1' },
    expressedBy: { reference: 'Practitioner/dr-1' },
    target,
  };
}

const hba1cBelow8: GoalTarget = {
  measure: { coding: [{ system: LOINC, code: '4548-4' }], text: 'HbA1c' },
  detailQuantity: { comparator: '<', value: 8, unit: '%', system: UCUM, code: '%' },
};

/** The form as the clinician leaves it: every row re-typed with the same words, nothing else. */
function untouched(form: TargetsForm): TargetsForm {
  return { ...form, targets: form.targets.map((r) => (isKeptRow(r) ? r : { ...r, a: ` ${r.a}`, b: r.b })) };
}

function throughForm(goal: Goal, edit: (f: TargetsForm) => TargetsForm = untouched): Goal {
  const { targets, invalid } = targetsFromForm(edit(targetsForm(goal)));
  expect(invalid).toEqual([]);
  return agreeGoal(goal, { ...agreementOf(goal), targets }, ctx);
}

describe('a target with a comparator ("HbA1c below 8.0%")', () => {
  it('opens in the edit form as "less than 8", not "exactly 8"', () => {
    const [row] = targetsForm(goalWith([hba1cBelow8])).targets;
    expect(row).toMatchObject({ measure: 'hba1c', bound: 'under', a: '8' });
  });

  it('saves without losing its comparator, and a new value keeps it', () => {
    expect(throughForm(goalWith([hba1cBelow8])).target).toEqual([hba1cBelow8]);
    const changed = throughForm(goalWith([hba1cBelow8]), (f) => ({
      ...f,
      targets: f.targets.map((r) => (isKeptRow(r) ? r : { ...r, a: '7,5' })),
    }));
    expect(changed.target?.[0]?.detailQuantity).toEqual({
      comparator: '<',
      value: 7.5,
      unit: '%',
      system: UCUM,
      code: '%',
    });
    // The measure's own coding (as another system wrote it) is not rewritten.
    expect(changed.target?.[0]?.measure).toEqual(hba1cBelow8.measure);
  });

  it('is shown with its comparator', () => {
    expect(targetText(hba1cBelow8)).toEqual({ measure: 'HbA1c', detail: '< 8 %' });
    const [row] = currentGoals([goalWith([hba1cBelow8])], 'p1');
    expect(row?.targets[0]?.detail).toBe('< 8 %');
  });

  it('a changed due date applies to every target; an unchanged one leaves each its own', () => {
    const two = goalWith([
      { ...hba1cBelow8, dueDate: '2027-01-01' },
      { measure: { coding: [{ system: LOINC, code: '8480-6' }] }, detailString: 'as low as is comfortable' },
    ]);
    expect(throughForm(two).target).toEqual(two.target);
    const moved = throughForm(two, (f) => ({ ...f, due: '2027-06-01' }));
    expect(moved.target?.map((t) => t.dueDate)).toEqual(['2027-06-01', '2027-06-01']);
    expect(moved.target?.[0]?.detailQuantity?.comparator).toBe('<');
  });
});

// ---------------------------------------------------------------- every target shape, generated

const MEASURES = [
  { code: '4548-4', unit: '%', ucum: '%' },
  { code: '17856-6', unit: '%', ucum: '%' },
  { code: '8480-6', unit: 'mmHg', ucum: 'mm[Hg]' },
  { code: '8462-4', unit: 'mmHg', ucum: 'mm[Hg]' },
];

const measureArb = fc.oneof(
  fc
    .record({
      m: fc.constantFrom(...MEASURES),
      display: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
      text: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
    })
    .map(({ m, display, text }) => ({
      unit: m.unit,
      ucum: m.ucum,
      concept: {
        coding: [{ system: LOINC, code: m.code, ...(display ? { display } : {}) }],
        ...(text ? { text } : {}),
      } as CodeableConcept,
    })),
  // A measure this screen does not edit (body weight).
  fc.constant({
    unit: 'kg',
    ucum: 'kg',
    concept: { coding: [{ system: LOINC, code: '29463-7' }] } as CodeableConcept,
  }),
);

const value = fc.integer({ min: 0, max: 2500 }).map((n) => n / 10);
const quantityArb = (unit: string, ucum: string) =>
  fc.oneof(
    value.map((v): Quantity => ({ value: v, unit, system: UCUM, code: ucum })),
    value.map((v): Quantity => ({ value: v, unit })),
    // Another unit for the same measure (HbA1c in mmol/mol): not the form's to rewrite.
    value.map((v): Quantity => ({ value: v, unit: 'mmol/mol', system: UCUM, code: 'mmol/mol' })),
  );

const targetArb: fc.Arbitrary<GoalTarget> = fc
  .record({
    measure: measureArb,
    kind: fc.constantFrom('quantity', 'low', 'high', 'both', 'concept', 'string', 'none'),
    comparator: fc.constantFrom(undefined, '<', '<=', '>=', '>'),
    due: fc.option(
      fc.date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
      { nil: undefined },
    ),
    words: fc.string({ minLength: 1, maxLength: 20 }),
    a: fc.nat(),
    b: fc.nat(),
  })
  .chain((r) =>
    fc
      .tuple(quantityArb(r.measure.unit, r.measure.ucum), quantityArb(r.measure.unit, r.measure.ucum))
      .map(([q1, q2]): GoalTarget => {
        const t: GoalTarget = {};
        const due = r.due?.toISOString().slice(0, 10);
        if (r.kind !== 'none') t.measure = r.measure.concept as CodeableConcept;
        if (r.kind === 'quantity')
          t.detailQuantity = { ...(r.comparator ? { comparator: r.comparator } : {}), ...q1 };
        if (r.kind === 'low') t.detailRange = { low: q1 };
        if (r.kind === 'high') t.detailRange = { high: q1 };
        if (r.kind === 'both') t.detailRange = { low: q1, high: q2 };
        if (r.kind === 'concept') t.detailCodeableConcept = { text: r.words };
        if (r.kind === 'string') t.detailString = r.words;
        if (due) t.dueDate = due;
        // A target with nothing in it is not a target: give it at least a due date.
        if (r.kind === 'none' && !due) t.dueDate = '2027-01-01';
        return t;
      }),
  );

const targetsArb = fc.array(targetArb, { minLength: 1, maxLength: 4 });

describe('every target shape round-trips unchanged', () => {
  it('through agreementOf → agreeGoal', () => {
    fc.assert(
      fc.property(targetsArb, (targets) => {
        const goal = goalWith(structuredClone(targets));
        expect(agreeGoal(goal, agreementOf(goal), ctx).target).toEqual(targets);
      }),
    );
  });

  it('through the edit form, rows re-typed but not changed', () => {
    fc.assert(
      fc.property(targetsArb, (targets) => {
        expect(throughForm(goalWith(structuredClone(targets))).target).toEqual(targets);
      }),
    );
  });

  it('a new value typed into a row keeps the row’s bound (its comparator or range side)', () => {
    fc.assert(
      fc.property(targetsArb, value, (targets, v) => {
        const goal = goalWith(structuredClone(targets));
        const before = targetsForm(goal).targets;
        const saved = throughForm(goal, (f) => ({
          ...f,
          targets: f.targets.map((r) => (isKeptRow(r) || r.bound === 'between' ? r : { ...r, a: String(v) })),
        }));
        saved.target?.forEach((t, i) => {
          const was = before[i];
          const now = measuredOf(t);
          if (!was || isKeptRow(was)) return;
          expect(now && rowOf(now)).toMatchObject({ measure: was.measure, bound: was.bound });
          if (was.bound !== 'between') expect(now && rowOf(now).a).toBe(String(v));
        });
      }),
    );
  });

  it('is shown with its comparator wherever a quantity has one', () => {
    fc.assert(
      fc.property(targetArb, (t) => {
        const c = t.detailQuantity?.comparator;
        if (c) expect(targetText(t).detail).toMatch(new RegExp(`^${c} \\d`));
      }),
    );
  });
});
