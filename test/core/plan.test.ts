// @vitest-environment jsdom
// (DOMParser: the narrative must parse as well-formed XHTML, and its text is what a reader sees)
/**
 * The shared care plan means the same thing in every view: one selector, three groups, goals linked
 * from the plan, the app's own words in the viewer's language, and a plan from the EHR continued in
 * place rather than duplicated.
 */
import { readFileSync } from 'node:fs';
import type { Bundle, CarePlan, Condition, Goal } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS_ALL,
  ENGLISH_LABELS,
  SHARED_PLAN,
  addActivity,
  adoptPlan,
  buildSharedPlan,
  carePlanView,
  choosePlan,
  findSharedPlan,
  isSharedPlan,
  namedGoals,
  planAims,
  planContent,
  planNarrative,
  planSections,
  type NarrativeLabels,
  type PlanWords,
} from '../../src/core/plan';
import { acceptedAction, acceptedActivity, acceptedTargetGoal } from '../../src/core/prompts/actions';
import { appGoalTarget } from '../../src/core/plan/words';
import { targetBands } from '../../src/core/workspace/trends';
import { buildDeclineActivity } from '../../src/core/prompts/decline';
import { OVERRIDE_REASONS, overrideReason } from '../../src/core/prompts/cards';
import type { Prompt } from '../../src/core/prompts/types';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import { ADOPTED_NARRATIVE_EXT } from '../../src/core/fhir/vocabulary';
import voiceEn from '../../src/i18n/voice.en.json';
import voiceEs from '../../src/i18n/voice.es.json';
import promptsEn from '../../src/i18n/prompts.en.json';
import promptsEs from '../../src/i18n/prompts.es.json';
import workspaceEs from '../../src/i18n/workspace.es.json';
import { r4Errors } from './workspace-validate';

const ASSESS = { system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' };
const PID = 'p1';
const ctx = {
  patientId: PID,
  clinician: 'Practitioner/dr-1',
  today: '2026-11-26',
  identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:4f6d1c2e-8a1b-4c3d-9e0f-112233445566' },
};

const text = (div: string | undefined) =>
  new DOMParser().parseFromString(div ?? '', 'application/xhtml+xml').documentElement.textContent ?? '';

function prompt(rule: Prompt['rule'], over: Partial<Pick<Prompt, 'kind' | 'variant'>> = {}): Prompt {
  // The actions read only the rule, kind and variant.
  const wording: Pick<Prompt, 'rule' | 'kind' | 'variant'> = { rule, kind: 'underuse', variant: '', ...over };
  return wording as Prompt;
}

/** The catalogs' words, as src/ui/planWords.ts renders them. */
function words(lang: 'en' | 'es'): PlanWords {
  const voice = lang === 'en' ? voiceEn : voiceEs;
  return {
    action: (id) => (voice.plan.action as Record<string, string>)[id] ?? `missing ${id}`,
    declineReason: (code) => (voice.plan.declineReason as Record<string, string>)[code] ?? `missing ${code}`,
    reasonAsWritten: (code) =>
      [promptsEn, promptsEs].map((c) => (c.reason as Record<string, string>)[code] ?? ''),
    goalBelow: ({ measure, value, unit }) =>
      voice.plan.goalBelow
        .replace('{{measure}}', measure)
        .replace('{{value}}', String(value))
        .replace('{{unit}}', unit),
  };
}

const ourPlan = (): CarePlan =>
  buildSharedPlan(undefined, { goals: [], addresses: [], activities: [], summary: '' }, ctx);

/** A decline exactly as the prompt cards record it (src/prompts/usePromptDecisions.ts). */
function declined(plan: CarePlan, rule: Prompt['rule'], note = ''): CarePlan {
  const label = acceptedAction(prompt(rule)).label;
  const reason = [promptsEn.reason['not-a-priority'], note].filter(Boolean).join(' — ');
  return addActivity(plan, {
    kind: 'declined',
    text: label,
    reason,
    key: `prompt:${rule}`,
    source: buildDeclineActivity({
      rule,
      date: ctx.today,
      reason,
      reasonCode: overrideReason('not-a-priority'),
      description: label,
    }),
  });
}

/** An acceptance exactly as the prompt cards record it. */
function accepted(
  plan: CarePlan,
  p: Prompt,
  goals: (string | { reference: string; display: string })[] = [],
) {
  const action = acceptedAction(p);
  return addActivity(plan, {
    kind: action.doNotPerform ? 'not-to-do' : 'agreed',
    text: action.label,
    key: `prompt:${p.rule}`,
    source: acceptedActivity(p, ctx.today),
    ...(action.doNotPerform ? {} : { goals }),
  });
}

describe('item 1: a declined item is never "what we will do"', () => {
  it('a prompt declined as "not a priority" is in "what we decided not to do", with the reason', () => {
    const view = carePlanView(declined(ourPlan(), 'R1'), []);
    expect(view.agreed).toEqual([]);
    expect(view.notToDo).toEqual([]);
    expect(view.declined).toEqual([{ text: 'Start a statin', reason: 'Not a priority for the patient now' }]);
  });

  it('for the patient, the reason is in plain words and the clinician’s note is kept as typed', () => {
    const plan = declined(ourPlan(), 'R1', 'Wants to talk with her daughter first');
    expect(carePlanView(plan, [], undefined, words('en')).declined).toEqual([
      {
        text: 'Start a statin medicine for your heart',
        reason: 'It is not a priority for you now — Wants to talk with her daughter first',
      },
    ]);
  });

  it('cancelled and stopped activities are declined, doNotPerform is "will not do", entered-in-error is nowhere', () => {
    const plan: CarePlan = {
      ...ourPlan(),
      activity: [
        {
          detail: {
            status: 'cancelled',
            description: 'Start insulin',
            statusReason: { text: 'Afraid of needles' },
          },
        },
        { detail: { status: 'stopped', description: 'Daily aspirin' } },
        { detail: { status: 'in-progress', doNotPerform: true, description: 'No more colonoscopies' } },
        { detail: { status: 'entered-in-error', description: 'Wrong patient' } },
        { detail: { status: 'scheduled', description: 'Physical therapy' } },
      ],
    };
    const groups = planSections(plan);
    expect(groups.agreed.map((i) => i.text)).toEqual(['Physical therapy']);
    expect(groups.declined).toEqual([
      { text: 'Start insulin', reason: 'Afraid of needles' },
      { text: 'Daily aspirin' },
    ]);
    expect(groups.notToDo.map((i) => i.text)).toEqual(['No more colonoscopies']);
    // The print copy and the narrative read the same groups.
    const narrative = text(planNarrative(plan));
    expect(narrative).toContain('What we decided not to do');
    expect(narrative).not.toContain('Wrong patient');
  });

  it('an accepted item never repeats its own words as its reason', () => {
    const goal: Goal = {
      resourceType: 'Goal',
      id: 'g1',
      lifecycleStatus: 'active',
      subject: { reference: `Patient/${PID}` },
      description: { text: 'Start a statin' },
    };
    const plan = accepted(ourPlan(), prompt('R1'), ['Goal/g1']);
    const withReason = {
      ...plan,
      activity: plan.activity?.map((a) => ({
        ...a,
        detail: { ...a.detail!, reasonCode: [{ text: 'Start a statin' }] },
      })),
    };
    expect(carePlanView(withReason, [goal]).agreed).toEqual([{ text: 'Start a statin' }]);
  });

  it('reads a record plan’s goals, groups and notes (moved from voice-mapping)', () => {
    const goal: Goal = {
      ...newPriorityGoal(
        { kind: 'outcome-goal', text: 'Walk to church' },
        { patientId: 'cg-ana', today: '2026-11-26', identifier: ctx.identifier },
      ),
      id: 'g1',
    };
    const plan: CarePlan = {
      resourceType: 'CarePlan',
      id: 'cp1',
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/cg-ana' },
      category: [{ coding: [ASSESS] }],
      goal: [{ reference: 'Goal/g1' }],
      activity: [
        {
          detail: {
            status: 'scheduled',
            description: 'Physical therapy twice a week',
            goal: [{ reference: 'Goal/g1' }],
          },
        },
        {
          detail: {
            status: 'cancelled',
            doNotPerform: true,
            code: { text: 'Colonoscopy' },
            statusReason: { text: 'More tests are a burden to me' },
          },
        },
      ],
      note: [{ text: 'We talked about walking.' }],
    };
    expect(findSharedPlan([{ ...plan, category: [] }], 'cg-ana')).toBeUndefined();
    const view = carePlanView(findSharedPlan([plan], 'cg-ana') as CarePlan, [goal]);
    expect(view.goals).toEqual(['Walk to church']);
    expect(view.agreed).toEqual([{ text: 'Physical therapy twice a week' }]);
    expect(view.declined).toEqual([{ text: 'Colonoscopy', reason: 'More tests are a burden to me' }]);
    expect(view.notes).toEqual(['We talked about walking.']);
  });
});

const foreign = (over: Partial<CarePlan> = {}): CarePlan => ({
  resourceType: 'CarePlan',
  id: 'ehr-plan',
  meta: { versionId: '7', lastUpdated: '2026-10-01T09:00:00Z' },
  status: 'active',
  intent: 'plan',
  title: 'Diabetes plan',
  subject: { reference: `Patient/${PID}` },
  category: [{ coding: [ASSESS] }],
  author: { reference: 'Practitioner/ehr-doc', display: 'Dr. Ruiz' },
  text: {
    status: 'generated',
    div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Check feet every visit; eye exam yearly.</p></div>',
  },
  activity: [
    { reference: { reference: 'ServiceRequest/eye-exam', display: 'Yearly eye exam' } },
    { detail: { status: 'scheduled', description: 'Foot check at every visit' } },
  ],
  ...over,
});

describe('item 4: one rule chooses the shared plan for every view', () => {
  it('the app’s own plan wins; else the newest active assess-plan plan, adopted; others are listed', () => {
    const ours = { ...ourPlan(), id: 'ours', meta: { lastUpdated: '2026-01-01T00:00:00Z' } };
    const older = foreign({ id: 'older', meta: { lastUpdated: '2025-01-01T00:00:00Z' } });
    const draft = foreign({ id: 'draft', status: 'draft', meta: { lastUpdated: '2026-11-20T00:00:00Z' } });
    const synthea: CarePlan = {
      ...foreign({ id: 'synthea', category: [{ text: 'Diabetes self management plan' }] }),
    };
    expect(choosePlan([ours, foreign(), older], PID)).toMatchObject({
      shared: { id: 'ours' },
      adopting: false,
    });
    const choice = choosePlan([older, foreign(), draft, synthea], PID);
    expect(choice.shared?.id).toBe('ehr-plan');
    expect(choice.adopting).toBe(true);
    expect(choice.others.map((p) => p.id)).toEqual(['synthea', 'older']);
    expect(findSharedPlan([draft, synthea], PID)).toBeUndefined();
    expect(findSharedPlan([foreign()], 'someone-else')).toBeUndefined();
  });

  it('saving continues the EHR’s plan in place: same id and version, author, activities and narrative kept', () => {
    const before = foreign();
    const saved = buildSharedPlan(before, planContent(before, ctx), ctx);
    expect(saved.id).toBe('ehr-plan');
    expect(saved.meta?.versionId).toBe('7');
    expect(saved.author).toEqual(before.author);
    expect(saved.title).toBe('Diabetes plan');
    expect(isSharedPlan(saved)).toBe(true);
    expect(saved.identifier).toContainEqual(ctx.identifier);
    expect(saved.contributor?.map((c) => c.reference)).toEqual(['Practitioner/dr-1', `Patient/${PID}`]);
    expect(saved.activity).toEqual(before.activity);
    expect(text(saved.text?.div)).toContain('Check feet every visit; eye exam yearly.');
    expect(text(saved.text?.div)).toContain('Foot check at every visit');
    expect(r4Errors(saved)).toEqual([]);
    // The patient's view now sees the same one plan, and the earlier words survive a later save.
    expect(
      findSharedPlan([foreign({ id: 'older', meta: { lastUpdated: '2027-01-01T00:00:00Z' } }), saved], PID)
        ?.id,
    ).toBe('ehr-plan');
    const again = buildSharedPlan(saved, { ...planContent(saved, ctx), summary: 'Next visit in May.' }, ctx);
    expect(text(again.text?.div)).toContain('Check feet every visit; eye exam yearly.');
    expect(again.text?.extension?.filter((e) => e.url === ADOPTED_NARRATIVE_EXT)).toHaveLength(1);
    expect(carePlanView(again, [], (x) => text(x)).earlier).toBe('Check feet every visit; eye exam yearly.');
  });

  it('adopting a plan that is already ours changes nothing', () => {
    const ours = ourPlan();
    expect(adoptPlan(ours, ctx)).toBe(ours);
    expect(ours.category?.[1]?.coding?.[0]).toEqual(SHARED_PLAN);
  });
});

describe('item 9: an accepted relaxed target is an outcome goal, linked from the plan', () => {
  const r4 = prompt('R4', { kind: 'deintensify', variant: 'tier-b' });

  it('the Goal reads as the outcome with its target, not the action', () => {
    const goal = acceptedTargetGoal(r4, {
      patientId: PID,
      date: ctx.today,
      identifier: ctx.identifier,
      agreedBy: [],
    });
    expect(goal?.description.text).toBe('HbA1c below 8%');
    expect(goal?.target?.[0]?.detailQuantity).toMatchObject({ value: 8, comparator: '<' });
    // The trend says what the words say.
    expect(targetBands([goal!], 'hba1c')).toEqual([expect.objectContaining({ high: 8, exclusive: true })]);
  });

  it('the goal is said in the viewer’s language, as written now and as written before (a range’s high)', () => {
    const goal = acceptedTargetGoal(r4, {
      patientId: PID,
      date: ctx.today,
      identifier: ctx.identifier,
      agreedBy: [],
    })!;
    const said = { measure: 'HbA1c', value: 8, unit: '%' };
    expect(appGoalTarget(goal)).toEqual(said);
    const before: Goal = {
      ...goal,
      target: [
        { ...goal.target![0], detailQuantity: undefined, detailRange: { high: { value: 8, unit: '%' } } },
      ],
    };
    expect(appGoalTarget(before)).toEqual(said);
    // Words changed since: said as written.
    expect(appGoalTarget({ ...goal, description: { text: 'HbA1c under 8 %' } })).toBeUndefined();
  });

  it('the plan lists the goal (CarePlan.goal) as well as the activity (detail.goal)', () => {
    const plan = accepted(ourPlan(), r4, [{ reference: 'Goal/a1c', display: 'HbA1c below 8%' }]);
    expect(plan.goal).toEqual([{ reference: 'Goal/a1c', display: 'HbA1c below 8%' }]);
    expect(plan.activity?.[0]?.detail?.goal).toEqual([{ reference: 'Goal/a1c' }]);
    expect(text(plan.text?.div)).toContain('HbA1c below 8%');
    // Deciding again does not list the goal twice; a bare reference still links it.
    const twice = accepted(plan, r4, ['Goal/a1c']);
    expect(twice.goal).toHaveLength(1);
    const goal: Goal = {
      resourceType: 'Goal',
      id: 'a1c',
      lifecycleStatus: 'active',
      subject: { reference: `Patient/${PID}` },
      description: { text: 'HbA1c below 8%' },
    };
    // The print copy and the editor name a goal linked by reference alone from the record's Goal.
    expect(namedGoals([{ reference: 'Goal/a1c' }], [goal])).toEqual([
      { reference: 'Goal/a1c', display: 'HbA1c below 8%' },
    ]);
    const view = carePlanView(twice, [goal]);
    // The goal the app wrote is said in the viewer's language; a goal someone reworded is not.
    const written = acceptedTargetGoal(r4, {
      patientId: PID,
      date: ctx.today,
      identifier: ctx.identifier,
      agreedBy: [],
    });
    const appGoal = { ...(written as Goal), id: 'a1c' };
    expect(carePlanView(twice, [appGoal], undefined, words('es')).goals).toEqual(['HbA1c por debajo de 8%']);
    const reworded = { ...appGoal, description: { text: 'Keep my sugar safe, HbA1c below 8%' } };
    expect(carePlanView(twice, [reworded], undefined, words('es')).goals).toEqual([
      'Keep my sugar safe, HbA1c below 8%',
    ]);
    expect(view.goals).toEqual(['HbA1c below 8%']);
    expect(view.agreed).toEqual([{ text: 'Relax the HbA1c goal and reduce the medicine that causes lows' }]);
  });
});

describe('item 10: the app’s own words in the viewer’s language', () => {
  it('every prompt action and decline reason has plain words in both catalogs', () => {
    for (const voice of [voiceEn, voiceEs]) {
      expect(Object.keys(voice.plan.action).sort()).toEqual([...ACTION_IDS_ALL].sort());
      expect(Object.keys(voice.plan.declineReason).sort()).toEqual(
        OVERRIDE_REASONS.map((r) => r.code).sort(),
      );
    }
  });

  it('a Spanish-speaking patient reads the app’s items in Spanish and people’s own words as written', () => {
    let plan = declined(ourPlan(), 'R1', 'Quiere hablar con su hija');
    plan = accepted(plan, prompt('R9a', { kind: 'overuse' }));
    plan = addActivity(plan, { kind: 'agreed', text: 'Walk 20 minutes after dinner' });
    const view = carePlanView(plan, [], undefined, words('es'));
    expect(view.title).toBeUndefined();
    expect(view.declined).toEqual([
      {
        text: 'Empezar una estatina, un medicamento para el corazón',
        reason: 'No es una prioridad para usted ahora — Quiere hablar con su hija',
      },
    ]);
    expect(view.notToDo).toEqual([{ text: 'Dejar las pruebas de PSA' }]);
    expect(view.agreed).toEqual([{ text: 'Walk 20 minutes after dinner' }]);
  });

  it('an item whose words someone changed is no longer the app’s and is shown as written', () => {
    const plan = accepted(ourPlan(), prompt('R1'));
    const edited = {
      ...plan,
      activity: plan.activity?.map((a) => ({
        ...a,
        detail: { ...a.detail!, description: 'Start a statin after the holidays' },
      })),
    };
    expect(planSections(edited, words('es')).agreed).toEqual([{ text: 'Start a statin after the holidays' }]);
  });

  it('the narrative written into the plan uses the patient’s language', () => {
    const es: NarrativeLabels = {
      ...ENGLISH_LABELS,
      title: workspaceEs.narrative.title,
      agreed: voiceEs.plan.doing,
      declined: voiceEs.plan.declined,
      notToDo: voiceEs.plan.notDoing,
      words: words('es'),
    };
    const plan = buildSharedPlan(
      declined(ourPlan(), 'R1'),
      { ...planContent(declined(ourPlan(), 'R1'), ctx), summary: 'Hablamos de su jardín.' },
      { ...ctx, labels: es },
    );
    const narrative = text(plan.text?.div);
    expect(narrative).toContain('Nuestro plan de cuidado compartido');
    expect(narrative).toContain('Lo que decidimos no hacer');
    expect(narrative).toContain('Empezar una estatina');
    expect(narrative).toContain('Hablamos de su jardín.');
    expect(narrative).not.toContain('Start a statin');
  });
});

const SNOMED = 'http://snomed.info/sct';

describe('audit 1: saving keeps the reasons the EHR recorded', () => {
  const ehrPlan = (): CarePlan =>
    foreign({
      activity: [
        {
          detail: {
            status: 'scheduled',
            description: 'See the dietitian',
            reasonCode: [
              {
                coding: [{ system: SNOMED, code: '44054006', display: 'Type 2 diabetes' }],
                text: 'Diabetes',
              },
              { text: 'Weight' },
            ],
            goal: [{ reference: 'Goal/g1', display: 'Walk to church' }],
          },
        },
        {
          detail: {
            status: 'in-progress',
            code: { coding: [{ system: SNOMED, code: '229065009', display: 'Exercise therapy' }] },
            reasonCode: [{ coding: [{ system: SNOMED, code: '38341003', display: 'Hypertension' }] }],
          },
        },
      ],
    });

  it('an unrelated save writes every activity back exactly as read', () => {
    const before = ehrPlan();
    const saved = buildSharedPlan(
      before,
      { ...planContent(before, ctx), summary: 'Next visit in May.' },
      ctx,
    );
    expect(saved.activity).toEqual(before.activity);
    expect(r4Errors(saved)).toEqual([]);
  });

  it('every view shows each reason, a coded one by its display', () => {
    const groups = planSections(ehrPlan());
    expect(groups.agreed).toEqual([
      { text: 'See the dietitian', reason: 'Diabetes; Weight' },
      { text: 'Exercise therapy', reason: 'Hypertension' },
    ]);
    expect(planContent(ehrPlan(), ctx).activities.map((a) => a.reason)).toEqual([
      'Diabetes; Weight',
      'Hypertension',
    ]);
  });

  it('a reason the clinician rewords is stored as the new words, without the codes that said the old ones', () => {
    const before = ehrPlan();
    const content = planContent(before, ctx);
    const [first, second] = content.activities;
    const saved = buildSharedPlan(
      before,
      { ...content, activities: [{ ...first!, reason: 'Wants to lose weight' }, second!] },
      ctx,
    );
    expect(saved.activity?.[0]?.detail?.reasonCode).toEqual([{ text: 'Wants to lose weight' }]);
    expect(saved.activity?.[0]?.detail?.goal).toEqual(before.activity?.[0]?.detail?.goal);
    expect(saved.activity?.[1]).toEqual(before.activity?.[1]);
  });
});

describe('audit 4: a decline the EHR coded keeps its reason', () => {
  const REFUSAL = { system: SNOMED, code: '105480006', display: 'Refusal of treatment by patient' };
  const ehrPlan = (): CarePlan =>
    foreign({
      activity: [
        { detail: { status: 'cancelled', description: 'Colonoscopy', statusReason: { coding: [REFUSAL] } } },
        { detail: { status: 'stopped', description: 'Daily aspirin' } },
      ],
    });

  it('every view shows the coding’s display as the reason', () => {
    const reasons = (p: CarePlan, w?: PlanWords) => planSections(p, w).declined.map((i) => i.reason);
    expect(reasons(ehrPlan())).toEqual(['Refusal of treatment by patient', undefined]);
    expect(reasons(ehrPlan(), words('es'))).toEqual(['Refusal of treatment by patient', undefined]);
    expect(planContent(ehrPlan(), ctx).activities[0]?.reason).toBe('Refusal of treatment by patient');
    expect(text(planNarrative(ehrPlan()))).toContain('Colonoscopy — Why: Refusal of treatment by patient');
  });

  it('saving writes the coded reason back as it was, and never an empty string', () => {
    const before = ehrPlan();
    const saved = buildSharedPlan(before, planContent(before, ctx), ctx);
    expect(saved.activity).toEqual(before.activity);
    expect(JSON.stringify(saved)).not.toContain('""');
    // A decline added without a reason (another caller than the editor) has no statusReason at all.
    const added = addActivity(saved, { kind: 'declined', text: 'Flu shot', reason: ' ' });
    expect(added.activity?.[2]?.detail?.statusReason).toBeUndefined();
  });
});

describe('audit 2: a closed goal is not a live aim', () => {
  const goal = (id: string, lifecycleStatus: Goal['lifecycleStatus'], words: string): Goal => ({
    resourceType: 'Goal',
    id,
    lifecycleStatus,
    subject: { reference: `Patient/${PID}` },
    description: { text: words },
  });
  const goals = [
    goal('live', 'active', 'Walk to church'),
    goal('gone', 'cancelled', 'Lose 10 kg'),
    goal('oops', 'entered-in-error', 'Wrong patient’s goal'),
    goal('no', 'rejected', 'Run a marathon'),
    goal('done', 'completed', 'Stop smoking'),
  ];
  const plan = (): CarePlan => ({
    ...ourPlan(),
    goal: goals.map((g) => ({ reference: `Goal/${g.id}`, display: g.description.text! })),
  });

  it('the patient view lists only live goals as aims, and a completed one as achieved', () => {
    const view = carePlanView(plan(), goals);
    expect(view.goals).toEqual(['Walk to church']);
    expect(view.achieved).toEqual(['Stop smoking']);
  });

  it('the narrative says the same, given the record', () => {
    const narrative = text(planNarrative(plan(), { ...ENGLISH_LABELS, record: { goals, conditions: [] } }));
    expect(narrative).toContain('What we are aiming forWalk to church');
    expect(narrative).toContain('What we have achievedStop smoking');
    for (const gone of ['Lose 10 kg', 'Wrong patient', 'Run a marathon'])
      expect(narrative).not.toContain(gone);
  });
});

describe('audit 5: problems addressed by bare reference are named from the record', () => {
  const maria = JSON.parse(readFileSync('fhir-fixtures/patients/maria-problem-list.json', 'utf8')) as Bundle;
  const all = (maria.entry ?? []).map((e) => e.resource!);
  const plan = all.find((r): r is CarePlan => r.resourceType === 'CarePlan')!;
  const conditions = all.filter((r): r is Condition => r.resourceType === 'Condition');

  it('Maria’s plan names its problems in every view', () => {
    expect(plan.addresses?.every((r) => r.display === undefined)).toBe(true);
    expect(planAims(plan, { conditions }).problems).toEqual(['Type 2 diabetes', 'High blood pressure']);
    const narrative = text(planNarrative(plan, { ...ENGLISH_LABELS, record: { goals: [], conditions } }));
    expect(narrative).toContain('Health problems this plan is aboutType 2 diabetesHigh blood pressure');
  });
});

describe('audit 6: what is done or paused says so, in every view and language', () => {
  const plan = (): CarePlan => ({
    ...ourPlan(),
    activity: [
      { detail: { status: 'completed', description: 'Eye exam' } },
      { detail: { status: 'on-hold', description: 'Physical therapy' } },
      { detail: { status: 'scheduled', description: 'Foot check' } },
      { detail: { status: 'on-hold', doNotPerform: true, description: 'No sliding-scale insulin' } },
    ],
  });

  it('done and paused items stay in their group, marked', () => {
    const groups = planSections(plan());
    expect(groups.agreed).toEqual([
      { text: 'Eye exam', progress: 'done' },
      { text: 'Physical therapy', progress: 'paused' },
      { text: 'Foot check' },
    ]);
    expect(groups.notToDo).toEqual([{ text: 'No sliding-scale insulin', progress: 'paused' }]);
  });

  it('the narrative says it in the patient’s language', () => {
    expect(text(planNarrative(plan()))).toContain('Eye exam (done)Physical therapy (paused)Foot check');
    const es: NarrativeLabels = { ...ENGLISH_LABELS, progress: voiceEs.plan.progress };
    expect(text(planNarrative(plan(), es))).toContain('Eye exam (ya se hizo)Physical therapy (en pausa)');
  });
});

describe('audit 8: a decline reason says the same thing in both languages', () => {
  it('"already addressed elsewhere" is, for the patient, taken care of elsewhere — in English and in Spanish', () => {
    expect(promptsEn.reason['already-addressed']).toBe('Already addressed elsewhere');
    expect(voiceEn.plan.declineReason['already-addressed']).toBe('It is already taken care of elsewhere');
    expect(promptsEs.reason['already-addressed']).toBe('Ya se atendió en otro lugar');
    expect(voiceEs.plan.declineReason['already-addressed']).toBe('Ya está atendido en otro lugar');
  });
});
