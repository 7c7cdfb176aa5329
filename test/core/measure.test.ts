import type { Encounter, Goal, Observation, QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  attainmentObservation,
  attainmentReports,
  COLLABORATE_CANONICAL,
  COLLABORATE_QUESTIONNAIRE,
  goalTrends,
  latestSurveyScore,
  noLongerMatters,
  surveyDueEncounter,
  surveyResponse,
  surveyScore,
  topBox,
} from '../../src/core/measure';
import { CG_MEASURE, LOINC, URN_SYSTEM } from '../../src/core/fhir/vocabulary';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ident = (n: number) => ({
  system: URN_SYSTEM,
  value: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
});

function visit(id: string, endedHoursAgo: number, over: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: 'Patient/p1' },
    participant: [{ individual: { reference: 'Practitioner/dr-1' } }],
    period: { start: iso(NOW - (endedHoursAgo + 1) * H), end: iso(NOW - endedHoursAgo * H) },
    ...over,
  };
}

const answered = (encounterId: string): QuestionnaireResponse =>
  surveyResponse([9, 9, 9], { patientId: 'p1', encounterId, identifier: ident(1), authored: iso(NOW) });

describe('which visit is due a survey', () => {
  it('offers a visit with a practitioner that ended in the last 48 h, up to and including 48 h', () => {
    expect(surveyDueEncounter([visit('e1', 2)], [], NOW)?.id).toBe('e1');
    expect(surveyDueEncounter([visit('e1', 48)], [], NOW)?.id).toBe('e1');
    expect(surveyDueEncounter([visit('e1', 48.001)], [], NOW)).toBeUndefined();
    // From the end of the visit, not before it.
    expect(surveyDueEncounter([visit('e1', -1)], [], NOW)).toBeUndefined();
  });

  it('needs a practitioner among the participants', () => {
    expect(surveyDueEncounter([visit('e1', 2, { participant: [] })], [], NOW)).toBeUndefined();
    const roleOnly = visit('e1', 2, { participant: [{ individual: { reference: 'PractitionerRole/r1' } }] });
    expect(surveyDueEncounter([roleOnly], [], NOW)?.id).toBe('e1');
    const relative = visit('e1', 2, { participant: [{ individual: { reference: 'RelatedPerson/x' } }] });
    expect(surveyDueEncounter([relative], [], NOW)).toBeUndefined();
  });

  it('never offers a visit that already has a response, answered or skipped', () => {
    expect(surveyDueEncounter([visit('e1', 2)], [answered('e1')], NOW)).toBeUndefined();
    const skipped = surveyResponse([], {
      patientId: 'p1',
      encounterId: 'e1',
      identifier: ident(2),
      authored: iso(NOW),
    });
    expect(skipped.status).toBe('stopped');
    expect(surveyDueEncounter([visit('e1', 2)], [skipped], NOW)).toBeUndefined();
    // Another questionnaire's response to the same visit (the agenda) does not count.
    const other = {
      ...answered('e1'),
      questionnaire: 'https://common-ground.example/fhir/Questionnaire/visit-agenda',
    };
    expect(surveyDueEncounter([visit('e1', 2)], [other], NOW)?.id).toBe('e1');
  });

  it('skips visits that have not ended or were cancelled, and picks the newest of several', () => {
    expect(surveyDueEncounter([visit('e1', 2, { status: 'in-progress' })], [], NOW)).toBeUndefined();
    expect(surveyDueEncounter([visit('e1', 2, { status: 'cancelled' })], [], NOW)).toBeUndefined();
    expect(
      surveyDueEncounter([visit('e1', 30), visit('e2', 3), visit('e3', 20)], [answered('e2')], NOW)?.id,
    ).toBe('e3');
  });
});

describe('the CollaboRATE Questionnaire', () => {
  it('ships the three items verbatim on the 0–9 scale with both anchors, and its licence', () => {
    const items = (COLLABORATE_QUESTIONNAIRE.item ?? []).filter((i) => i.type === 'choice');
    expect(items.map((i) => i.text)).toEqual([
      'How much effort was made to help you understand your health issues?',
      'How much effort was made to listen to the things that matter most to you about your health issues?',
      'How much effort was made to include what matters most to you in choosing what to do next?',
    ]);
    for (const i of items) {
      expect(i.answerOption?.map((o) => o.valueCoding?.code)).toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
      ]);
      expect(i.answerOption?.[0]?.valueCoding?.display).toBe('0 No effort was made');
      expect(i.answerOption?.[9]?.valueCoding?.display).toBe('9 Every effort was made');
    }
    expect(COLLABORATE_QUESTIONNAIRE.copyright).toMatch(/BY-NC-ND 3\.0/);
    expect(COLLABORATE_QUESTIONNAIRE.copyright).toMatch(
      /commercial deployment needs the authors' written permission/,
    );
  });
});

describe('the response and its score', () => {
  const ctx = { patientId: 'p1', encounterId: 'e1', identifier: ident(3), authored: '2026-12-01T12:00:00Z' };

  it('ties the response to the visit, authored by the patient, and leaves a skipped item unanswered', () => {
    const qr = surveyResponse([9, undefined, 7], ctx);
    expect(qr).toMatchObject({
      questionnaire: COLLABORATE_CANONICAL,
      status: 'completed',
      encounter: { reference: 'Encounter/e1' },
      author: { reference: 'Patient/p1' },
      subject: { reference: 'Patient/p1' },
      identifier: ident(3),
    });
    expect(qr.item?.map((i) => [i.linkId, i.answer?.[0]?.valueCoding?.code])).toEqual([
      ['collaborate-1', '9'],
      ['collaborate-3', '7'],
    ]);
  });

  it('scores top-box only when all three are 9', () => {
    expect(topBox([9, 9, 9])).toBe(true);
    expect(topBox([9, 8, 9])).toBe(false);
    expect(topBox([9, undefined, 3])).toBe(false);
    expect(topBox([9, undefined, 9])).toBeUndefined();
  });

  it('derives a survey Observation from the saved response', () => {
    const saved = { ...surveyResponse([9, 9, 9], ctx), id: 'qr9' };
    const obs = surveyScore(saved, { patientId: 'p1', identifier: ident(4) });
    expect(obs).toMatchObject({
      status: 'final',
      category: [{ coding: [{ code: 'survey' }] }],
      code: { coding: [{ system: CG_MEASURE, code: 'collaborate-top-box' }] },
      derivedFrom: [{ reference: 'QuestionnaireResponse/qr9' }],
      encounter: { reference: 'Encounter/e1' },
      subject: { reference: 'Patient/p1' },
      valueBoolean: true,
      identifier: [ident(4)],
    });
    expect(obs.component?.map((c) => c.valueInteger)).toEqual([9, 9, 9]);
    const partial = surveyScore(
      { ...surveyResponse([9, undefined, 9], ctx), id: 'qr8' },
      { patientId: 'p1', identifier: ident(5) },
    );
    expect(partial.valueBoolean).toBeUndefined();
    expect(partial.dataAbsentReason?.coding?.[0]?.code).toBe('asked-declined');
    expect(latestSurveyScore([partial, { ...obs, effectiveDateTime: '2026-11-01T00:00:00Z' }])).toEqual({
      topBox: undefined,
      answers: [9, undefined, 9],
      when: '2026-12-01T12:00:00Z',
    });
  });

  it('a score whose response was entered in error is no score', () => {
    const saved = { ...surveyResponse([9, 9, 9], ctx), id: 'qr9' };
    const obs = surveyScore(saved, { patientId: 'p1', identifier: ident(4) });
    expect(latestSurveyScore([obs], [saved])?.topBox).toBe(true);
    expect(latestSurveyScore([obs], [{ ...saved, status: 'entered-in-error' }])).toBeUndefined();
  });
});

describe('goal follow-up', () => {
  const goal: Goal = {
    resourceType: 'Goal',
    id: 'g1',
    meta: { versionId: '3' },
    lifecycleStatus: 'active',
    description: { text: 'Walk to church' },
    subject: { reference: 'Patient/p1' },
  };

  it('reports attainment as LOINC 107334-5 with its answer code, focused on the goal', () => {
    const o = attainmentObservation('better', {
      patientId: 'p1',
      goalId: 'g1',
      identifier: ident(6),
      now: '2026-12-01T12:00:00Z',
    });
    expect(o).toMatchObject({
      status: 'final',
      code: { coding: [{ system: LOINC, code: '107334-5' }] },
      focus: [{ reference: 'Goal/g1' }],
      subject: { reference: 'Patient/p1' },
      performer: [{ reference: 'Patient/p1' }],
      effectiveDateTime: '2026-12-01T12:00:00Z',
      valueCodeableConcept: {
        coding: [{ system: LOINC, code: 'LA34480-6', display: 'Better than expected' }],
      },
      identifier: [ident(6)],
    });
  });

  it('"no longer matters" cancels the goal with the reason, keeping its version for If-Match', () => {
    const next = noLongerMatters(goal, '2026-12-01');
    expect(next).toMatchObject({
      id: 'g1',
      meta: { versionId: '3' },
      lifecycleStatus: 'cancelled',
      statusDate: '2026-12-01',
      statusReason: 'No longer matters to the patient',
      description: { text: 'Walk to church' },
    });
    expect(noLongerMatters({ ...goal, lifecycleStatus: 'completed' }, '2026-12-01')).toBeUndefined();
  });

  it('gives the clinician each agreed goal with its reports newest first, or none yet', () => {
    const report = (goalId: string, level: 'less' | 'much-better', now: string): Observation =>
      attainmentObservation(level, { patientId: 'p1', goalId, identifier: ident(7), now });
    const obs = [
      report('g1', 'less', '2026-11-10T09:00:00Z'),
      report('g1', 'much-better', '2026-11-28T09:00:00Z'),
      report('g2', 'less', '2026-11-20T09:00:00Z'),
    ];
    const proposed: Goal = { ...goal, id: 'g3', lifecycleStatus: 'proposed' };
    const closed = { ...(noLongerMatters({ ...goal, id: 'g2' }, '2026-11-30') as Goal) };
    const trends = goalTrends([goal, proposed, closed, { ...goal, id: 'g4' }], obs);
    expect(trends.map((t) => [t.goal.id, t.reports.map((r) => r.level), t.noLongerMatters])).toEqual([
      ['g1', ['much-better', 'less'], false],
      ['g2', ['less'], true],
      ['g4', [], false],
    ]);
    expect(attainmentReports(obs, 'g9')).toEqual([]);
  });
});

describe('scopes for the patient reports', () => {
  it('the patient launch asks to create Observations; the clinician launch does not', async () => {
    const { requestedScopes } = await import('../../src/core/smart/scope-request');
    const { grantedAccess, canReport } = await import('../../src/core/smart/scopes');
    const patient = requestedScopes({ launch: 'standalone-patient', v2: true }).split(' ');
    expect(patient).toContain('patient/Observation.crs');
    expect(patient).not.toContain('patient/Observation.rs');
    expect(requestedScopes({ launch: 'standalone-patient', v2: false }).split(' ')).toContain(
      'patient/Observation.write',
    );
    const clinician = requestedScopes({ launch: 'ehr', v2: true }).split(' ');
    expect(clinician).toContain('patient/Observation.rs');
    expect(clinician.some((s) => s.startsWith('patient/Observation.c'))).toBe(false);
    expect(canReport(grantedAccess(patient.join(' '), ''))).toBe(true);
    expect(canReport(grantedAccess(clinician.join(' '), ''))).toBe(false);
  });
});
