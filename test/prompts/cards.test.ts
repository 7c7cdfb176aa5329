import { describe, expect, it } from 'vitest';
import {
  acceptedActivity,
  acceptedTargetGoal,
  agreedDecisions,
  buildDeclineActivity,
  overrideReason,
  promptSuggestions,
  promptText,
  RULE_IDS,
  toCard,
  type Prompt,
} from '../../src/core/prompts';
import { evaluate, patientResources, r1PatientWithPlan } from './helpers';
import { activityKind } from '../../src/core/plan';

const prompt = (rule: Prompt['rule'], over: Partial<Prompt> = {}): Prompt => ({
  rule,
  kind: 'underuse',
  variant: 'default',
  summary: { key: 'R1.start.summary' },
  detail: { key: 'R1.start.detail' },
  evidence: ['Condition/c1'],
  notes: [],
  source: { label: 'ACC/AHA', citation: 'Guideline 2018', section: 'R1' },
  priorities: [],
  ...over,
});

describe('prompt cards (CDS Hooks 2.0 shape)', () => {
  it('has the card elements a CDS client needs', () => {
    const card = toCard(
      prompt('R1', { notes: [{ key: 'R1.ldl', params: { ldl: '160 mg/dL', date: '2026-01-02' } }] }),
      'p1',
    );
    expect(card.summary.length).toBeLessThan(140);
    expect(card.indicator).toBe('info');
    expect(card.source.label).toBe('ACC/AHA');
    expect(card.selectionBehavior).toBe('at-most-one');
    expect(card.suggestions[0]!.label).toBe('Start a statin');
    expect(card.overrideReasons.length).toBeGreaterThan(2);
    expect(card.detail).toContain('- Most recent LDL-C: 160 mg/dL (2026-01-02).');
  });

  it("escapes the record's values in the markdown detail only; the app's plain text keeps them as written", () => {
    const words = 'pills [x](javascript:alert(1)) <b>*now*</b>';
    const p = prompt('R9b', {
      kind: 'overuse',
      notes: [{ key: 'R9b.note.drug', params: { drug: 'zolpidem_10 [details](javascript:1)' } }],
      priorities: [{ kind: 'burdensome-care', text: words, reference: 'Observation/o1' }],
    });
    const card = toCard(p, 'p1');
    expect(card.detail).toContain('"pills \\[x\\](javascript:alert(1)) &lt;b&gt;\\*now\\*&lt;/b&gt;"');
    expect(card.detail).toContain('zolpidem\\_10 \\[details\\](javascript:1)');
    expect(card.detail).not.toMatch(/<b>|(?<!\\)\[x(?<!\\)\]/);
    // The app's own markup (the note bullets) is still markdown.
    expect(card.detail).toMatch(/^- /m);
    const text = promptText(p);
    expect(text.detail).toContain(`"${words}"`);
    expect(text.notes[0]).toContain('zolpidem_10 [details](javascript:1)');
    expect(card.summary).toBe(text.summary);
  });

  it('marks safety prompts as warnings', () => {
    expect(toCard(prompt('R2-safety', { kind: 'safety' }), 'p1').indicator).toBe('warning');
  });

  it('has an accepted action for every rule', () => {
    for (const rule of RULE_IDS)
      expect(acceptedActivity(prompt(rule), '2026-06-30').detail?.description).toBeTruthy();
  });
});

describe('decisions written to the plan', () => {
  it('turns stop-doing prompts into doNotPerform activities with the rule code (cpl-3: detail only)', () => {
    const a = acceptedActivity(prompt('R9a', { kind: 'overuse' }), '2026-06-30');
    expect(a.reference).toBeUndefined();
    expect(a.detail).toMatchObject({ doNotPerform: true, status: 'not-started', kind: 'ServiceRequest' });
    expect(a.detail?.code?.coding?.[0]).toMatchObject({ code: 'R9a' });
  });

  it('a relaxed HbA1c target is a Goal with a measure and a strict bound, as its words say (gol-1)', () => {
    const goal = acceptedTargetGoal(prompt('R4', { kind: 'deintensify', variant: 'tier-b' }), {
      patientId: 'p1',
      date: '2026-06-30',
      identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:1' },
      agreedBy: ['Patient/p1', 'Practitioner/dr'],
    });
    expect(goal?.target?.[0]?.measure?.coding?.[0]?.code).toBe('4548-4');
    expect(goal?.description.text).toBe('HbA1c below 8%');
    // "below 8%" is "< 8", not a range's "at or below 8".
    expect(goal?.target?.[0]?.detailQuantity).toMatchObject({ value: 8, comparator: '<', code: '%' });
    expect(goal?.target?.[0]?.detailRange).toBeUndefined();
    expect(goal?.extension).toHaveLength(2);
    expect(
      acceptedTargetGoal(prompt('R4', { variant: 'comfort' }), {
        patientId: 'p1',
        date: '2026-06-30',
        identifier: { system: 's', value: 'v' },
        agreedBy: [],
      }),
    ).toBeUndefined();
  });

  it('a decline with a picked reason is read back and suppresses the prompt', () => {
    const decline = buildDeclineActivity({
      rule: 'R1',
      date: '2026-03-01',
      reason: 'Wants to try diet first',
      reasonCode: overrideReason('patient-declined'),
    });
    expect(decline.detail?.statusReason?.coding?.[0]?.code).toBe('patient-declined');
    const result = evaluate(r1PatientWithPlan([decline]));
    expect(result.prompts.map((p) => p.rule)).not.toContain('R1');
    expect(result.suppressed).toContainEqual(expect.objectContaining({ rule: 'R1', reason: 'declined' }));
  });

  it('a prompt activity an EHR marked stopped is a decline to the engine, as it is to every plan view', () => {
    const stopped = buildDeclineActivity({ rule: 'R1', date: '2026-03-01', reason: 'Muscle aches' });
    stopped.detail!.status = 'stopped';
    expect(activityKind(stopped)).toBe('declined');
    expect(
      agreedDecisions([
        {
          resourceType: 'CarePlan',
          id: 'cp',
          status: 'active',
          intent: 'plan',
          subject: { reference: 'Patient/p' },
          activity: [stopped],
        },
      ]).has('R1'),
    ).toBe(false);
    const result = evaluate(r1PatientWithPlan([stopped]));
    expect(result.prompts.map((p) => p.rule)).not.toContain('R1');
    expect(result.suppressed).toContainEqual(expect.objectContaining({ rule: 'R1', reason: 'declined' }));
  });
});

describe('R1 for a patient already on a low-intensity statin', () => {
  const r1 = evaluate(patientResources('r1-pos-intensify')).prompts.find((p) => p.rule === 'R1')!;

  it('offers to step up, not to start a statin, in the card, the app and the plan', () => {
    expect(r1.variant).toBe('intensify');
    const card = toCard(r1, 'r1-pos-intensify');
    expect(card.suggestions[0]!.label).toBe('Move to a high-intensity statin');
    expect(toCard(r1, 'r1-pos-intensify', 'es').suggestions[0]!.label).toBe(
      'Pasar a una estatina de alta intensidad',
    );
    expect(acceptedActivity(r1, '2026-06-30').detail?.description).toBe('Move to a high-intensity statin');
  });

  it('proposes the high-intensity statin in place of the current one, which it names', () => {
    const create = promptSuggestions(r1, { patientId: 'r1-pos-intensify' })[0]!.actions![0]!;
    expect(create.type).toBe('create');
    expect(create.resource).toMatchObject({
      resourceType: 'MedicationRequest',
      intent: 'proposal',
      priorPrescription: { reference: 'MedicationRequest/r1-pos-intensify-med3' },
    });
    expect(create.description).toMatch(/in place of the current low-intensity statin/);
    // Starting a statin replaces nothing.
    const start = promptSuggestions(prompt('R1', { variant: 'start' }), { patientId: 'p1' })[0]!.actions![0]!;
    expect(start.resource).not.toHaveProperty('priorPrescription');
  });
});
