// @vitest-environment jsdom
// (for DOMParser's XML mode: the narrative must parse as well-formed XHTML)
import type { CarePlan } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  addActivity,
  buildSharedPlan,
  findSharedPlan,
  planContent,
  readActivity,
  type PlanContent,
  mergeSharedPlan,
} from '../../src/core/plan';
import { escapeXml, narrativeDiv } from '../../src/core/workspace/xhtml';
import { resolve } from '../../src/core/write/merge';
import { r4Errors } from './workspace-validate';
import { ACTIVITY_KEY_EXT, US_CORE_CAREPLAN_PROFILE } from '../../src/core/fhir/vocabulary';

const HOSTILE = `</li><script>alert("x")</script><img src=x onerror='1'> & ]]> \u0007 مرض 🫀 \uD800`;
const ctx = {
  patientId: 'p1',
  clinician: 'Practitioner/dr-1',
  today: '2026-11-26',
  identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0b7e2c4e-0a55-4f4e-9d7a-3c2b1a0f9e8d' },
};
const content: PlanContent = {
  goals: [{ reference: 'Goal/g1', display: 'Keep working in my garden' }],
  addresses: [{ reference: 'Condition/c1', display: 'Type 2 diabetes' }],
  activities: [
    { kind: 'agreed', text: 'Walk 20 minutes after dinner', goals: ['Goal/g1'] },
    { kind: 'declined', text: 'Start insulin', reason: 'Afraid of needles; wants to try diet first' },
    { kind: 'not-to-do', text: 'Tighten HbA1c below 7%', reason: 'Risk of lows outweighs benefit at 80' },
  ],
  summary: 'We talked about your garden and your sugar. Next visit in 3 months.',
};
const CAREPLAN_STATUS = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
const ACTIVITY_STATUS = [
  'not-started',
  'scheduled',
  'in-progress',
  'on-hold',
  'completed',
  'cancelled',
  'stopped',
  'unknown',
  'entered-in-error',
];

function parseXhtml(div: string): Document {
  return new DOMParser().parseFromString(div, 'application/xhtml+xml');
}

/** US Core CarePlan (6.1/7.0) and FHIR R4 CarePlan, element by element. */
function expectUsCorePlan(p: CarePlan) {
  expect(p.resourceType).toBe('CarePlan');
  expect(p.meta?.profile).toContain(US_CORE_CAREPLAN_PROFILE);
  expect(CAREPLAN_STATUS).toContain(p.status);
  expect(p.intent).toBe('plan');
  expect(
    p.category?.some((c) =>
      c.coding?.some(
        (x) =>
          x.system === 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category' && x.code === 'assess-plan',
      ),
    ),
  ).toBe(true);
  expect(p.subject.reference).toBe('Patient/p1');
  expect(['generated', 'additional']).toContain(p.text?.status);
  const doc = parseXhtml(p.text?.div ?? '');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  expect(doc.documentElement.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
  expect(doc.documentElement.localName).toBe('div');
  expect(doc.documentElement.textContent?.trim()).not.toBe('');
  for (const a of p.activity ?? []) {
    // cpl-3: reference or detail, not both; detail.status is required.
    expect(Boolean(a.reference) && Boolean(a.detail)).toBe(false);
    if (a.detail) expect(ACTIVITY_STATUS).toContain(a.detail.status);
  }
  expect(r4Errors(p)).toEqual([]);
}

describe('building the shared care plan', () => {
  const plan = buildSharedPlan(undefined, content, ctx);

  it('is a valid US Core / R4 CarePlan', () => expectUsCorePlan(plan));

  it('is marked as the shared plan, authored by the clinician, with clinician and patient contributing', () => {
    expect(plan.id).toBeUndefined();
    expect(plan.identifier).toEqual([ctx.identifier]);
    expect(plan.category?.[1]?.coding?.[0]).toMatchObject({ code: 'shared-care-plan' });
    expect(plan.status).toBe('active');
    expect(plan.author).toEqual({ reference: 'Practitioner/dr-1' });
    expect(plan.contributor).toEqual([{ reference: 'Practitioner/dr-1' }, { reference: 'Patient/p1' }]);
    expect(plan.goal).toEqual(content.goals);
    expect(plan.addresses).toEqual(content.addresses);
    expect(plan.created).toBe('2026-11-26');
    expect(plan.note).toEqual([
      { authorReference: { reference: 'Practitioner/dr-1' }, time: '2026-11-26', text: content.summary },
    ]);
  });

  it('writes agreed, declined-with-reason and do-not-perform activities as detail', () => {
    const [agreed, declined, notToDo] = plan.activity ?? [];
    expect(agreed?.detail).toEqual({
      status: 'not-started',
      description: 'Walk 20 minutes after dinner',
      goal: [{ reference: 'Goal/g1' }],
    });
    expect(declined?.detail).toEqual({
      status: 'cancelled',
      description: 'Start insulin',
      statusReason: { text: 'Afraid of needles; wants to try diet first' },
    });
    expect(notToDo?.detail).toEqual({
      status: 'in-progress',
      description: 'Tighten HbA1c below 7%',
      doNotPerform: true,
      reasonCode: [{ text: 'Risk of lows outweighs benefit at 80' }],
    });
    expect(plan.activity?.map(readActivity).map((a) => a?.kind)).toEqual(['agreed', 'declined', 'not-to-do']);
  });

  it('generates a narrative from the plan’s own elements', () => {
    const text = parseXhtml(plan.text?.div ?? '').documentElement.textContent ?? '';
    for (const s of [
      'Keep working in my garden',
      'Type 2 diabetes',
      'Walk 20 minutes',
      'Start insulin',
      'Afraid of needles',
      'Tighten HbA1c',
      content.summary,
    ])
      expect(text).toContain(s);
  });

  it('is updated, not duplicated: id, version, identifier, author, older notes kept; today’s note replaced', () => {
    const stored: CarePlan = {
      ...plan,
      id: 'cp1',
      meta: { ...plan.meta, versionId: '4' },
      note: [
        { authorReference: { reference: 'Practitioner/dr-0' }, time: '2026-05-01', text: 'Earlier visit' },
        ...(plan.note ?? []),
      ],
    };
    const next = buildSharedPlan(
      stored,
      { ...planContent(stored, ctx), summary: 'Changed summary' },
      {
        ...ctx,
        clinician: 'Practitioner/dr-1',
        identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:ffffffff-0000-4000-8000-000000000000' },
      },
    );
    expectUsCorePlan(next);
    expect([next.id, next.meta?.versionId, next.identifier, next.author, next.created]).toEqual([
      'cp1',
      '4',
      plan.identifier,
      plan.author,
      plan.created,
    ]);
    expect(next.note?.map((n) => n.text)).toEqual(['Earlier visit', 'Changed summary']);
    expect(next.contributor).toHaveLength(2);
    expect(next.activity).toEqual(plan.activity);
  });

  it('another clinician updating adds them as a contributor and keeps the original author', () => {
    const stored: CarePlan = { ...plan, id: 'cp1', meta: { versionId: '1' } };
    const dr2 = { ...ctx, clinician: 'Practitioner/dr-2' };
    const next = buildSharedPlan(stored, planContent(stored, dr2), dr2);
    expect(next.author).toEqual({ reference: 'Practitioner/dr-1' });
    expect(next.contributor?.map((c) => c.reference)).toEqual([
      'Practitioner/dr-1',
      'Patient/p1',
      'Practitioner/dr-2',
    ]);
    expect(next.note?.map((n) => n.text)).toEqual([content.summary]);
  });
});

describe('finding the shared plan among the patient’s CarePlans', () => {
  const synthea: CarePlan = {
    resourceType: 'CarePlan',
    id: 'old',
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '698360004' }] }],
    subject: { reference: 'Patient/p1' },
  };
  const ours: CarePlan = {
    ...buildSharedPlan(undefined, content, ctx),
    id: 'ours',
    meta: { lastUpdated: '2026-11-01T00:00:00Z' },
  };
  it('finds ours, never an older Synthea plan, and ignores one entered in error', () => {
    expect(findSharedPlan([synthea], 'p1')).toBeUndefined();
    expect(findSharedPlan([synthea, ours], 'p1')?.id).toBe('ours');
    expect(findSharedPlan([{ ...ours, status: 'entered-in-error' }, synthea], 'p1')).toBeUndefined();
    expect(findSharedPlan([ours], 'p2')).toBeUndefined();
  });
});

describe('addActivity (for value-care prompt decisions)', () => {
  const built = buildSharedPlan(undefined, content, ctx);
  const plan: CarePlan = { ...built, id: 'cp1', meta: { ...built.meta, versionId: '2' } };

  it('adds a decision, keyed so that deciding again replaces it, and regenerates the narrative', () => {
    const once = addActivity(plan, {
      kind: 'declined',
      key: 'prompt:R1',
      text: 'Daily aspirin',
      reason: 'Bleeding worry',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '431463004' }], text: 'Aspirin therapy' },
    });
    expect(once.activity).toHaveLength(4);
    expect(once.activity?.[3]?.extension).toEqual([{ url: ACTIVITY_KEY_EXT, valueString: 'prompt:R1' }]);
    expect(once.activity?.[3]?.detail?.code?.text).toBe('Aspirin therapy');
    expect(once.text?.div).toContain('Bleeding worry');
    const twice = addActivity(once, {
      kind: 'agreed',
      key: 'prompt:R1',
      text: 'Daily aspirin',
      reason: 'Thought it over',
    });
    expect(twice.activity).toHaveLength(4);
    expect(readActivity(twice.activity?.[3] ?? {})).toMatchObject({
      kind: 'agreed',
      reason: 'Thought it over',
    });
    expect(twice.text?.div).not.toContain('Bleeding worry');
    expect([twice.id, twice.meta?.versionId]).toEqual(['cp1', '2']);
    expectUsCorePlan(twice);
  });

  it('a do-not-perform decision', () => {
    const p = addActivity(plan, {
      kind: 'not-to-do',
      key: 'prompt:R3',
      text: 'Pap smear',
      reason: 'Over 65 with normal history',
    });
    expect(p.activity?.[3]?.detail).toMatchObject({
      doNotPerform: true,
      status: 'in-progress',
      description: 'Pap smear',
    });
    expectUsCorePlan(p);
  });
});

describe('narrative escaping', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(escapeXml('a\u0000b\u0007c\uD800d\uFFFEe 🫀')).toBe('abcde 🫀');
  });

  it('hostile user text stays text: no element it names appears, and the narrative stays well-formed', () => {
    const plan = buildSharedPlan(
      undefined,
      {
        ...content,
        goals: [{ reference: 'Goal/g1', display: HOSTILE }],
        activities: [{ kind: 'declined', text: HOSTILE, reason: HOSTILE }],
        summary: HOSTILE,
      },
      ctx,
    );
    const doc = parseXhtml(plan.text?.div ?? '');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(doc.getElementsByTagName('img')).toHaveLength(0);
    expect(doc.documentElement.textContent).toContain('<script>alert("x")</script>');
    expect(doc.documentElement.textContent).toContain('مرض 🫀');
    expectUsCorePlan(plan);
  });

  it('the root div carries the XHTML namespace', () => {
    expect(narrativeDiv('x')).toBe('<div xmlns="http://www.w3.org/1999/xhtml">x</div>');
  });
});

describe('merging two writers’ versions of the plan', () => {
  const base: CarePlan = { ...buildSharedPlan(undefined, content, ctx), id: 'cp1', meta: { versionId: '1' } };
  const mine = buildSharedPlan(
    base,
    {
      ...planContent(base, ctx),
      activities: [...planContent(base, ctx).activities, { kind: 'agreed', text: 'See the dietitian' }],
    },
    ctx,
  );
  const dr2 = { ...ctx, clinician: 'Practitioner/dr-2' };
  const theirs: CarePlan = {
    ...buildSharedPlan(
      base,
      {
        ...planContent(base, dr2),
        addresses: [...base.addresses!, { reference: 'Condition/c2', display: 'Hypertension' }],
        summary: 'Second clinician note',
      },
      dr2,
    ),
    meta: { versionId: '2' },
  };

  it('keeps both: my new activity and their new problem, contributor and note', () => {
    const result = mergeSharedPlan(base, mine, theirs);
    expect(result.conflicts).toEqual([]);
    const merged = result.merged;
    expect(merged.meta?.versionId).toBe('2');
    expect(merged.activity?.map((a) => a.detail?.description)).toContain('See the dietitian');
    expect(merged.addresses?.map((a) => a.reference)).toEqual(['Condition/c1', 'Condition/c2']);
    expect(merged.note?.map((n) => n.text)).toEqual([content.summary, 'Second clinician note']);
    expect(merged.contributor?.map((c) => c.reference)).toContain('Practitioner/dr-2');
  });

  it('a field both changed differently is a conflict the clinician decides', () => {
    const result = mergeSharedPlan(base, { ...mine, title: 'Mine' }, { ...theirs, title: 'Theirs' });
    expect(result.conflicts.map((c) => c.field)).toEqual(['title']);
    expect(resolve(result, { title: 'mine' }).title).toBe('Mine');
    expect(resolve(result, { title: 'theirs' }).title).toBe('Theirs');
  });

  it('an activity both changed is kept in both versions rather than lost', () => {
    const edit = (text: string) => ({
      ...base,
      activity: [
        {
          ...base.activity![0]!,
          detail: {
            ...base.activity![0]!.detail!,
            description: 'Walk 20 minutes after dinner',
            status: text as 'in-progress',
          },
        },
        ...base.activity!.slice(1),
      ],
    });
    const result = mergeSharedPlan(base, edit('in-progress'), edit('completed'));
    const statuses = result.merged.activity
      ?.filter((a) => a.detail?.description === 'Walk 20 minutes after dinner')
      .map((a) => a.detail?.status);
    expect(statuses?.sort()).toEqual(['completed', 'in-progress']);
  });
});

describe('merging keeps activities with the same words apart, and ignores key order', () => {
  const visit = (month: string, status: 'scheduled' | 'completed' = 'scheduled') => ({
    detail: { status, description: 'Follow-up visit', scheduledString: month },
  });
  const base: CarePlan = {
    ...buildSharedPlan(undefined, content, ctx),
    id: 'cp1',
    meta: { versionId: '1' },
  };
  const withVisits: CarePlan = { ...base, activity: [...base.activity!, visit('January'), visit('June')] };
  const visits = (p: CarePlan) =>
    p.activity
      ?.filter((a) => a.detail?.description === 'Follow-up visit')
      .map((a) => `${a.detail?.scheduledString} ${a.detail?.status}`);

  it('two EHR visits with the same words both survive, each with its own change', () => {
    const mine = { ...withVisits, note: [...(withVisits.note ?? []), { text: 'Called about the knee.' }] };
    const theirs = {
      ...withVisits,
      activity: withVisits.activity!.map((a) =>
        a.detail?.scheduledString === 'June' ? visit('June', 'completed') : a,
      ),
    };
    const { merged, conflicts } = mergeSharedPlan(withVisits, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(visits(merged)).toEqual(['January scheduled', 'June completed']);
    expect(merged.note?.map((n) => n.text)).toContain('Called about the knee.');
    // Removing one of the twins removes that one only.
    const without = {
      ...withVisits,
      activity: withVisits.activity!.filter((a) => a.detail?.scheduledString !== 'January'),
    };
    expect(visits(mergeSharedPlan(withVisits, without, theirs).merged)).toEqual(['June completed']);
  });

  it('a save that only wrote an activity’s keys in another order is not a change: their status change wins, once', () => {
    const reorder = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reorder)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reorder(x)]),
            )
          : v;
    const mine = { ...withVisits, activity: reorder(withVisits.activity) as CarePlan['activity'] };
    const theirs = {
      ...withVisits,
      activity: withVisits.activity!.map((a) =>
        a.detail?.scheduledString === 'January' ? visit('January', 'completed') : a,
      ),
    };
    const { merged, conflicts } = mergeSharedPlan(withVisits, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(visits(merged)).toEqual(['January completed', 'June scheduled']);
    expect(merged.activity).toHaveLength(withVisits.activity!.length);
  });
});
