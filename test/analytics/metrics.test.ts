import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CarePlan,
  Encounter,
  FhirResource,
  Goal,
  Patient,
  QuestionnaireResponse,
  Resource,
} from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricResult, MetricsReport } from '../../analytics/metrics/engine';
import { metricsOfExport, parseFeedback } from '../../analytics/metrics/pipeline';
import { US_CORE_RACE } from '../../src/core/fhir/vocabulary';
import {
  attainmentObservation,
  latestSurveyScore,
  noLongerMatters,
  surveyResponse,
  surveyScore,
} from '../../src/core/measure';
import { addActivity, buildSharedPlan } from '../../src/core/plan';
import { withAidShown } from '../../src/core/plan/aids';
import { buildDeclineActivity, overrideReason } from '../../src/core/prompts';
import { checkOff, newAgendaResponse } from '../../src/core/voice/agenda';
import { newPriorityGoal, retirePriorityGoal } from '../../src/core/voice/mapping';
import { agreeGoal } from '../../src/core/workspace/goals';

// A small hand-made population: 15 women aged 30 (one not seen in 2026) and 3 men aged 70.
const id = (n: string) => ({
  system: 'urn:ietf:rfc:3986',
  value: `urn:uuid:00000000-0000-4000-8000-${n.padStart(12, '0')}`,
});
const clinician = 'Practitioner/dr';

function patient(pid: string, gender: 'female' | 'male', birthDate: string, race: string): Patient {
  return {
    resourceType: 'Patient',
    id: pid,
    gender,
    birthDate,
    extension: [
      {
        url: US_CORE_RACE,
        extension: [
          { url: 'ombCategory', valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: race } },
        ],
      },
    ],
    communication: [
      {
        language: { coding: [{ system: 'urn:ietf:bcp:47', code: gender === 'male' ? 'es' : 'en' }] },
        preferred: true,
      },
    ],
  };
}
const encounter = (pid: string, day: string): Encounter => ({
  resourceType: 'Encounter',
  id: `${pid}-e`,
  status: 'finished',
  class: { code: 'AMB' },
  subject: { reference: `Patient/${pid}` },
  period: { start: `${day}T09:00:00Z`, end: `${day}T09:30:00Z` },
});

function population(): Resource[] {
  const out: Resource[] = [];
  for (let i = 0; i < 15; i++) {
    const pid = `w${i}`;
    out.push(
      patient(pid, 'female', '1996-01-15', '2106-3'),
      encounter(pid, i === 14 ? '2024-03-10' : '2026-03-10'),
    );
  }
  for (let i = 0; i < 3; i++)
    out.push(patient(`m${i}`, 'male', '1956-01-15', '2054-5'), encounter(`m${i}`, '2026-05-10'));

  // What matters: w0–w4 stated a priority (w0's is the one thing); w0 and w1 agreed theirs with the clinician.
  for (let i = 0; i < 5; i++) {
    const pid = `w${i}`;
    let goal: Goal = {
      ...newPriorityGoal(
        { kind: 'outcome-goal', text: 'Walk to church', oneThing: i === 0, rank: 1 },
        { patientId: pid, today: '2026-03-01', identifier: id(`${i}1`) },
      ),
      id: `${pid}-g`,
    };
    if (i < 2)
      goal = agreeGoal(
        goal,
        { text: 'Walk to church', targets: [], addresses: [], status: 'active' },
        { patientId: pid, clinician, today: '2026-03-10' },
      );
    out.push(goal);
  }
  // Follow-up: w0 reported 30 days after agreeing (counts), w1 only after 5 days (too soon).
  out.push({
    ...attainmentObservation('better', {
      patientId: 'w0',
      goalId: 'w0-g',
      identifier: id('71'),
      now: '2026-04-09T12:00:00Z',
    }),
    id: 'w0-att',
  });
  out.push({
    ...attainmentObservation('less', {
      patientId: 'w1',
      goalId: 'w1-g',
      identifier: id('72'),
      now: '2026-03-15T12:00:00Z',
    }),
    id: 'w1-att',
  });
  // Shared plans for w0 and w1.
  for (const pid of ['w0', 'w1'])
    out.push({
      ...buildSharedPlan(
        undefined,
        { goals: [{ reference: `Goal/${pid}-g` }], addresses: [], activities: [], summary: '' },
        { patientId: pid, clinician, today: '2026-03-10', identifier: id(`${pid === 'w0' ? 81 : 82}`) },
      ),
      id: `${pid}-plan`,
    });
  // An agenda of three items, two addressed.
  let agenda = newAgendaResponse(
    [
      { id: 'a', text: 'Knee', addressed: false },
      { id: 'b', text: 'Pills', addressed: false },
      { id: 'c', text: 'Sleep', addressed: false },
    ],
    { patientId: 'w2', identifier: id('91'), authored: '2026-03-09T18:00:00Z' },
  );
  for (const item of ['a', 'b']) {
    const r = checkOff(agenda, { id: item, text: item === 'a' ? 'Knee' : 'Pills', addressed: false }, true);
    if (r.kind === 'applied') agenda = r.qr;
  }
  out.push({ ...agenda, id: 'w2-agenda' });
  // CollaboRATE: two top-box responses of three.
  [
    [9, 9, 9],
    [9, 9, 9],
    [9, 7, 9],
  ].forEach((answers, i) => {
    const qr = {
      ...surveyResponse(answers, {
        patientId: `w${i}`,
        encounterId: `w${i}-e`,
        identifier: id(`10${i}`),
        authored: '2026-03-11T10:00:00Z',
      }),
      id: `w${i}-survey`,
    };
    out.push(qr, { ...surveyScore(qr, { patientId: `w${i}`, identifier: id(`11${i}`) }), id: `w${i}-score` });
  });
  // m0 declined R10 in the plan, with the decision aid shown that day.
  const decline = buildDeclineActivity({
    rule: 'R10',
    date: '2026-05-10',
    reason: 'Not a priority',
    reasonCode: overrideReason('not-a-priority'),
  });
  let plan: CarePlan = buildSharedPlan(
    undefined,
    { goals: [], addresses: [], activities: [], summary: '' },
    { patientId: 'm0', clinician, today: '2026-05-10', identifier: id('121') },
  );
  plan = addActivity(plan, {
    kind: 'declined',
    text: 'Talk about future care',
    reason: 'Not a priority',
    key: 'prompt:R10',
    source: decline,
  });
  plan = withAidShown(
    plan,
    { id: 'advance-care-planning', title: 'Planning ahead', date: '2026-05-10' },
    { shown: (t) => t },
  );
  out.push({ ...plan, id: 'm0-plan' });
  return out;
}

// CDS Hooks feedback: m0's decline again (already in the plan: counted once), m1 accepted on a card.
const FEEDBACK = [
  { kind: 'card', uuid: 'c0', rule: 'R10', patient: 'm0', time: '2026-05-10T09:05:00Z' },
  {
    kind: 'feedback',
    uuid: 'c0',
    rule: 'R10',
    patient: 'm0',
    outcome: 'overridden',
    reason: { code: 'not-a-priority', display: 'Not a priority' },
    time: '2026-05-10T09:06:00Z',
  },
  { kind: 'card', uuid: 'c1', rule: 'R10', patient: 'm1', time: '2026-05-10T09:05:00Z' },
  {
    kind: 'feedback',
    uuid: 'c1',
    rule: 'R10',
    patient: 'm1',
    outcome: 'accepted',
    time: '2026-05-10T09:07:00Z',
  },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

let dir: string;
let report: MetricsReport;
const metric = (mid: string, rule?: string, reason?: string): MetricResult => {
  const m = report.metrics.find((x) => x.id === mid && x.rule === rule && x.reason === reason);
  if (!m) throw new Error(`no metric ${mid} ${rule ?? ''} ${reason ?? ''}`);
  return m;
};

/** A bulk export: one NDJSON file per resource type. */
function writeExport(folder: string, resources: readonly Resource[]): void {
  const byType = new Map<string, string[]>();
  for (const r of resources)
    byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), JSON.stringify(r)]);
  for (const [type, lines] of byType) writeFileSync(join(folder, `${type}.ndjson`), `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-metrics-test-'));
  writeExport(dir, population());
  report = await metricsOfExport(dir, {
    from: '2026-01-01',
    to: '2026-12-31',
    workers: 0,
    feedback: parseFeedback(FEEDBACK),
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('population metrics on a hand-made population', () => {
  it('patients: seen in the period over everyone in the export, with its monthly trend', () => {
    expect(metric('patients')).toMatchObject({ numerator: 17, denominator: 18 });
    const months = metric('patients').months;
    expect(months).toHaveLength(12);
    expect(months.find((m) => m.month === '2026-03')).toMatchObject({ numerator: 14, denominator: 18 });
    expect(months.find((m) => m.month === '2026-05')).toMatchObject({ numerator: 3, denominator: 18 });
  });

  it('what matters, the one thing, goals agreed, goal follow-up (2 weeks to 6 months), shared plan', () => {
    expect(metric('what-matters-documented')).toMatchObject({ numerator: 5, denominator: 17 });
    expect(metric('one-thing-documented')).toMatchObject({ numerator: 1, denominator: 17 });
    expect(metric('goals-agreed')).toMatchObject({ numerator: 2, denominator: 5, rate: 0.4 });
    expect(metric('goal-follow-up')).toMatchObject({ numerator: 1, denominator: 2 });
    // w0, w1 and m0 (whose plan holds his decision).
    expect(metric('shared-plan')).toMatchObject({ numerator: 3, denominator: 17 });
  });

  it('agenda items addressed and CollaboRATE top-box', () => {
    expect(metric('agenda-addressed')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(metric('collaborate-top-box')).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('prompts by rule: eligibility, firing, underuse gap, overuse per 100', () => {
    // Only the three men (70) are in R10's denominator; m0's prompt is silenced by his decline, still a gap.
    expect(metric('prompts-fired', 'R10')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(metric('underuse-gap', 'R10')).toMatchObject({ numerator: 3, denominator: 3, rate: 1 });
    expect(metric('underuse-gap', 'R1')).toMatchObject({ numerator: 0, denominator: 0, rate: null });
    expect(metric('overuse-per-100', 'R9a')).toMatchObject({ numerator: 0, denominator: 17, rate: 0 });
    expect(report.metrics.filter((m) => m.id === 'overuse-per-100').map((m) => m.rule)).toEqual([
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'R8b',
      'R9a',
      'R9b',
      'R9c',
      'R9d',
    ]);
  });

  it('counts a decision once whether it comes from the care plan or from CDS Hooks feedback', () => {
    expect(metric('prompts-declined', 'R10')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(metric('prompts-accepted', 'R10')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(metric('prompts-declined', undefined, 'not-a-priority')).toMatchObject({ numerator: 1 });
  });

  it('decision aid shown at visits with a prompt decision', () => {
    expect(metric('decision-aid-shown')).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('suppresses strata under 11, and the next-smallest when only one would be hidden', () => {
    const sex = metric('patients').strata.filter((s) => s.by === 'sex');
    // Men: 3 (< 11) → suppressed; women (15) alone would give the men away from the total → suppressed too.
    expect(sex).toEqual([
      { by: 'sex', value: 'female', numerator: null, denominator: null, rate: null, suppressed: true },
      { by: 'sex', value: 'male', numerator: null, denominator: null, rate: null, suppressed: true },
    ]);
    const race = metric('patients')
      .strata.filter((s) => s.by === 'race')
      .map((s) => [s.value, s.suppressed]);
    expect(race).toEqual([
      ['Black or African American', true],
      ['White', true],
    ]);
    // Of the 17 seen: Spanish 3 (hidden), English 14 (hidden with it, or 17 − 14 would give it away).
    expect(
      metric('what-matters-documented')
        .strata.filter((s) => s.by === 'language')
        .every((s) => s.suppressed),
    ).toBe(true);
  });
});

// Records that were withdrawn, cancelled or entered in error, one small export per case. The app's
// screens leave them out (src/core/measure, src/core/voice/priorities.ts, src/core/plan/view.ts);
// the metrics must decide the same way.
const PERIOD = { from: '2026-01-01', to: '2026-12-31', workers: 0 } as const;

async function metricsOf(resources: readonly FhirResource[]): Promise<MetricsReport> {
  const folder = mkdtempSync(join(tmpdir(), 'cg-metrics-status-'));
  try {
    writeExport(folder, resources);
    return await metricsOfExport(folder, PERIOD);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const count = (r: MetricsReport, mid: string, rule?: string) => {
  const m = r.metrics.find((x) => x.id === mid && x.rule === rule && x.reason === undefined);
  if (!m) throw new Error(`no metric ${mid} ${rule ?? ''}`);
  return { numerator: m.numerator, denominator: m.denominator };
};
/** Numerator per month, for the months that have a denominator. */
const byMonth = (r: MetricsReport, mid: string) =>
  Object.fromEntries(
    r.metrics
      .find((x) => x.id === mid && x.rule === undefined)!
      .months.filter((m) => m.denominator > 0)
      .map((m) => [m.month, m.numerator]),
  );

/** A patient seen on `day`, stating "Walk to church" as the one thing on `stated`. */
function seenWithPriority(pid: string, day: string, stated: string, n: number): [Patient, Encounter, Goal] {
  return [
    patient(pid, 'female', '1956-01-15', '2106-3'),
    encounter(pid, day),
    {
      ...newPriorityGoal(
        { kind: 'outcome-goal', text: 'Walk to church', oneThing: true, rank: 1 },
        { patientId: pid, today: stated, identifier: id(`9${n}`) },
      ),
      id: `${pid}-g`,
    },
  ];
}

/** p0 agreed "Walk to church" with the clinician on 2026-03-10. */
function agreedGoal(): [Patient, Encounter, Goal] {
  const [pt, enc, stated] = seenWithPriority('p0', '2026-03-10', '2026-03-01', 0);
  const goal = agreeGoal(
    stated,
    { text: 'Walk to church', targets: [], addresses: [], status: 'active' },
    { patientId: 'p0', clinician, today: '2026-03-10' },
  );
  return [pt, enc, goal];
}
const report30DaysLater = (status: 'final' | 'entered-in-error') => ({
  ...attainmentObservation('better', {
    patientId: 'p0',
    goalId: 'p0-g',
    identifier: id('300'),
    now: '2026-04-09T12:00:00Z',
  }),
  id: 'p0-att',
  status,
});

function survey(answers: number[], extra: Partial<QuestionnaireResponse> = {}) {
  const qr = {
    ...surveyResponse(answers, {
      patientId: 'p0',
      encounterId: 'p0-e',
      identifier: id('400'),
      authored: '2026-03-11T10:00:00Z',
    }),
    id: 'p0-survey',
    ...extra,
  };
  return { qr, score: { ...surveyScore(qr, { patientId: 'p0', identifier: id('401') }), id: 'p0-score' } };
}

describe('population metrics leave out what was withdrawn, cancelled or entered in error', () => {
  it('goal-follow-up: a follow-up report entered in error is no follow-up', async () => {
    const r = await metricsOf([...agreedGoal(), report30DaysLater('entered-in-error')]);
    expect(count(r, 'goal-follow-up')).toEqual({ numerator: 0, denominator: 1 });
    // The same report, not in error, is one.
    const live = await metricsOf([...agreedGoal(), report30DaysLater('final')]);
    expect(count(live, 'goal-follow-up')).toEqual({ numerator: 1, denominator: 1 });
  });

  it('collaborate-top-box: a score entered in error is no response', async () => {
    const { qr, score } = survey([9, 9, 9]);
    const [pt, enc] = seenWithPriority('p0', '2026-03-10', '2026-03-01', 0);
    const r = await metricsOf([pt, enc, qr, { ...score, status: 'entered-in-error' }]);
    expect(count(r, 'collaborate-top-box')).toEqual({ numerator: 0, denominator: 0 });
  });

  it('collaborate-top-box: a score whose response was entered in error is no response, as the app reads it', async () => {
    const { qr, score } = survey([9, 9, 9]);
    const [pt, enc] = seenWithPriority('p0', '2026-03-10', '2026-03-01', 0);
    const r = await metricsOf([pt, enc, { ...qr, status: 'entered-in-error' }, score]);
    expect(count(r, 'collaborate-top-box')).toEqual({ numerator: 0, denominator: 0 });
    expect(latestSurveyScore([score], [{ ...qr, status: 'entered-in-error' }])).toBeUndefined();
  });

  it('collaborate-top-box: an amended score still counts, and a skipped survey has no score to count', async () => {
    // As the clinician's view reads it (latestSurveyScore): only a score entered in error is left out.
    const { qr, score } = survey([9, 9, 9], { status: 'amended' });
    const skipped = survey([]).qr;
    expect(skipped.status).toBe('stopped');
    const [pt, enc] = seenWithPriority('p0', '2026-03-10', '2026-03-01', 0);
    const r = await metricsOf([pt, enc, qr, { ...score, status: 'amended' }, { ...skipped, id: 'p0-skip' }]);
    expect(count(r, 'collaborate-top-box')).toEqual({ numerator: 1, denominator: 1 });
  });

  // One patient per case, each seen in its own month, so each month's numerator is one case.
  // The decision (base-priorities-in-period.sql): a priority counts when it was on record during
  // the period — stated by its end and not withdrawn before its start.
  async function priorityCases() {
    const cases: [string, (g: Goal) => Goal][] = [
      // Jan: stated the year before, still open.
      ['2025-06-01', (g) => g],
      // Feb: stated in the period, withdrawn after it: it was documented.
      ['2026-03-01', (g) => retirePriorityGoal(g, '2027-02-01')],
      // Mar: stated the year before, withdrawn in the period (statusDate says when).
      ['2025-06-01', (g) => retirePriorityGoal(g, '2026-02-01')],
      // Apr: stated the year before, withdrawn before the period began.
      ['2025-06-01', (g) => retirePriorityGoal(g, '2025-11-01')],
      // May: stated the year before, withdrawn (by another app) on a day the record does not say.
      ['2025-06-01', (g) => ({ ...g, lifecycleStatus: 'cancelled' })],
      // Jun: entered in error.
      ['2026-03-01', (g) => ({ ...g, lifecycleStatus: 'entered-in-error' })],
      // Jul: stated after the period ended.
      ['2027-01-05', (g) => g],
    ];
    return metricsOf(
      cases.flatMap(([stated, change], n) => {
        const [pt, enc, goal] = seenWithPriority(`p${n}`, `2026-0${n + 1}-10`, stated, n);
        return [pt, enc, change(goal)];
      }),
    );
  }

  it('one-thing-documented: a one thing withdrawn before the period, or entered in error, is not documented in it', async () => {
    const r = await priorityCases();
    expect(byMonth(r, 'one-thing-documented')).toEqual({
      '2026-01': 1,
      '2026-02': 1,
      '2026-03': 1,
      '2026-04': 0,
      '2026-05': 0,
      '2026-06': 0,
      '2026-07': 0,
    });
    expect(count(r, 'one-thing-documented')).toEqual({ numerator: 3, denominator: 7 });
    // what-matters-documented decides the same way, and so does goals-agreed's denominator.
    expect(count(r, 'what-matters-documented')).toEqual({ numerator: 3, denominator: 7 });
    expect(count(r, 'goals-agreed')).toEqual({ numerator: 0, denominator: 3 });
  });

  it('goals-agreed and goal-follow-up: a goal entered in error was never agreed', async () => {
    const [pt, enc, goal] = agreedGoal();
    const other: Goal = {
      ...newPriorityGoal(
        { kind: 'value', text: 'Time with my grandchildren', rank: 2 },
        { patientId: 'p0', today: '2026-03-01', identifier: id('500') },
      ),
      id: 'p0-g2',
    };
    const r = await metricsOf([pt, enc, { ...goal, lifecycleStatus: 'entered-in-error' } as Goal, other]);
    expect(count(r, 'goals-agreed')).toEqual({ numerator: 0, denominator: 1 });
    expect(count(r, 'goal-follow-up')).toEqual({ numerator: 0, denominator: 0 });
  });

  it('goal-follow-up: a goal the patient closed since is not taken as agreed on the day it closed', async () => {
    // Agreed 2026-03-10, reported on 2026-04-09, closed as no longer mattering on 2026-05-01: its
    // statusDate is now the closing day, so the agreement cannot be dated and it is left out.
    const [pt, enc, goal] = agreedGoal();
    const closed = noLongerMatters(goal, '2026-05-01')!;
    expect(closed.statusDate).toBe('2026-05-01');
    const r = await metricsOf([pt, enc, closed, report30DaysLater('final')]);
    expect(count(r, 'goal-follow-up')).toEqual({ numerator: 0, denominator: 0 });
    // The patient and the clinician still agreed on it.
    expect(count(r, 'goals-agreed')).toEqual({ numerator: 1, denominator: 1 });
  });

  it('patients seen: a cancelled encounter or one entered in error is no visit', async () => {
    const [q0, q1, q2] = ['q0', 'q1', 'q2'].map((pid) => patient(pid, 'female', '1956-01-15', '2106-3'));
    const r = await metricsOf([
      q0!,
      { ...encounter('q0', '2026-03-10'), status: 'cancelled' },
      q1!,
      { ...encounter('q1', '2026-03-10'), status: 'entered-in-error' },
      q2!,
      encounter('q2', '2026-03-10'),
    ]);
    expect(count(r, 'patients')).toEqual({ numerator: 1, denominator: 3 });
    expect(count(r, 'what-matters-documented')).toEqual({ numerator: 0, denominator: 1 });
  });

  it('prompt decisions: none from a plan or an activity entered in error; a stopped activity is declined', async () => {
    // Three men of 70 seen on 2026-05-10, R10 firing for each, a decline in each one's shared plan:
    // n0's plan is entered in error (with the decision aid shown), n1's decline is, n2's is stopped.
    const declined = (pid: string, n: number, status?: 'entered-in-error' | 'stopped'): CarePlan => {
      let plan = buildSharedPlan(
        undefined,
        { goals: [], addresses: [], activities: [], summary: '' },
        { patientId: pid, clinician, today: '2026-05-10', identifier: id(`60${n}`) },
      );
      plan = addActivity(plan, {
        kind: 'declined',
        text: 'Talk about future care',
        reason: 'Not a priority',
        key: 'prompt:R10',
        source: buildDeclineActivity({
          rule: 'R10',
          date: '2026-05-10',
          reason: 'Not a priority',
          reasonCode: overrideReason('not-a-priority'),
        }),
      });
      if (status)
        plan = {
          ...plan,
          activity: plan.activity!.map((a) => ({ ...a, detail: { ...a.detail!, status } })),
        };
      return { ...plan, id: `${pid}-plan` };
    };
    const n0Plan = withAidShown(
      declined('n0', 0),
      { id: 'advance-care-planning', title: 'Planning ahead', date: '2026-05-10' },
      { shown: (t) => t },
    );
    const r = await metricsOf([
      ...['n0', 'n1', 'n2'].flatMap((pid) => [
        patient(pid, 'male', '1956-01-15', '2054-5'),
        encounter(pid, '2026-05-10'),
      ]),
      { ...n0Plan, status: 'entered-in-error' },
      declined('n1', 1, 'entered-in-error'),
      declined('n2', 2, 'stopped'),
    ]);
    // n2's stopped decline silences the prompt at that visit, as a cancelled one does (isDeclinedStatus).
    expect(count(r, 'prompts-fired', 'R10')).toEqual({ numerator: 2, denominator: 3 });
    expect(count(r, 'prompts-declined', 'R10')).toEqual({ numerator: 1, denominator: 3 });
    expect(count(r, 'prompts-accepted', 'R10')).toEqual({ numerator: 0, denominator: 3 });
    // Only n2's visit records a decision, and no aid was shown at it.
    expect(count(r, 'decision-aid-shown')).toEqual({ numerator: 0, denominator: 1 });
    // A shared plan entered in error is no shared plan.
    expect(count(r, 'shared-plan')).toEqual({ numerator: 2, denominator: 3 });
  });

  it('agenda-addressed: no items from an agenda entered in error or abandoned (stopped)', async () => {
    const agenda = (n: number, status: QuestionnaireResponse['status'], addressed: boolean[]) => ({
      ...newAgendaResponse(
        addressed.map((a, k) => ({ id: `i${k}`, text: `Concern ${k}`, addressed: a })),
        { patientId: 'p0', identifier: id(`70${n}`), authored: '2026-03-09T18:00:00Z' },
      ),
      id: `p0-agenda-${n}`,
      status,
    });
    const [pt, enc] = seenWithPriority('p0', '2026-03-10', '2026-03-01', 0);
    const r = await metricsOf([
      pt,
      enc,
      agenda(0, 'entered-in-error', [true, false]),
      agenda(1, 'stopped', [false]),
      agenda(2, 'completed', [true, false]),
    ]);
    expect(count(r, 'agenda-addressed')).toEqual({ numerator: 1, denominator: 2 });
  });
});
