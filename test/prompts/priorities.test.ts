import type { FhirResource, Goal, Observation, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { buildDeclineActivity, promptText } from '../../src/core/prompts';
import { evaluate, patientResources, r1PatientWithPlan } from './helpers';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import { readPriorities as readStatedPriorities } from '../../src/core/voice/priorities';
import { newIdentifier } from '../../src/core/write/identity';

describe('patient priorities (§11.3)', () => {
  it('rewords the matching prompt for a burdensome-care preference and reports it', () => {
    const result = evaluate(patientResources('prio-burdensome-pills'));
    const r1 = result.prompts.find((p) => p.rule === 'R1');
    expect(r1 && promptText(r1).detail).toMatch(
      /^Discuss in light of the patient's stated priority: "Taking more pills is a burden to me"/,
    );
    expect(r1?.priorities).toEqual([
      expect.objectContaining({
        kind: 'burdensome-care',
        reference: expect.stringMatching(/^Observation\//),
      }),
    ]);
    // A preference about pills does not reword the screening prompt.
    expect(result.prompts.find((p) => p.rule === 'R8a')?.priorities).toEqual([]);
  });

  it('a summary too long with the rewording keeps the marker whole, in English and Spanish', () => {
    const r1 = evaluate(patientResources('prio-burdensome-pills')).prompts.find((p) => p.rule === 'R1')!;
    const marker = {
      en: ' — in light of their stated priority.',
      es: ' — según la prioridad que expresó la persona.',
    };
    for (const lang of ['en', 'es'] as const) {
      const plain = promptText({ ...r1, priorities: [] }, lang).summary.replace(/[.:]$/, '');
      const summary = promptText(r1, lang).summary;
      expect(summary.length).toBeLessThan(140);
      expect(summary.endsWith(marker[lang])).toBe(true);
      // What is left of the prompt's own words ends at a whole word.
      const head = summary.slice(0, -marker[lang].length).replace(/…$/, '');
      expect(plain.startsWith(head)).toBe(true);
      expect([' ', undefined]).toContain(plain[head.length]);
    }
  });

  it('rewords for an end-of-life goal', () => {
    const r4 = evaluate(patientResources('prio-eol-goal')).prompts.find((p) => p.rule === 'R4');
    expect(r4?.priorities[0]).toMatchObject({
      kind: 'end-of-life-goal',
      text: 'Stay at home and comfortable until the end',
    });
    expect(r4 && promptText(r4).summary.length).toBeLessThan(140);
  });

  it('reads priorities through the same reader as the screens: what rewords a prompt is what What matters shows', () => {
    const resources = patientResources('prio-burdensome-pills');
    const r1 = evaluate(resources).prompts.find((p) => p.rule === 'R1');
    const shown = readStatedPriorities(
      resources.filter((r): r is Goal => r.resourceType === 'Goal'),
      'prio-burdensome-pills',
      resources.filter((r): r is Observation => r.resourceType === 'Observation'),
    );
    expect(r1?.priorities.map((p) => p.reference)).toEqual(shown.burdensome.map((p) => p.key));
  });

  it('an end-of-life goal stated by someone close to the patient (expressedBy a RelatedPerson) rewords too', () => {
    const resources = patientResources('prio-eol-goal').map((r) => {
      if (r.resourceType !== 'Goal') return r;
      return {
        ...r,
        expressedBy: { reference: 'RelatedPerson/daughter' },
        category: r.category?.filter((c) => c.coding?.[0]?.code !== 'what-matters'),
      } as FhirResource;
    });
    expect(evaluate(resources).prompts.find((p) => p.rule === 'R4')?.priorities[0]).toMatchObject({
      kind: 'end-of-life-goal',
      text: 'Stay at home and comfortable until the end',
    });
  });

  it('ignores goals that are not patient-stated', () => {
    const resources = patientResources('prio-eol-goal').map((r) => {
      if (r.resourceType !== 'Goal') return r;
      const { expressedBy: _e, ...rest } = r;
      return {
        ...rest,
        category: rest.category?.filter((c) => c.coding?.[0]?.code !== 'what-matters'),
      } as FhirResource;
    });
    expect(evaluate(resources).prompts.find((p) => p.rule === 'R4')?.priorities).toEqual([]);
  });
});

describe('recorded decline (12 months)', () => {
  const withDecline = (date: string): Resource[] =>
    r1PatientWithPlan([buildDeclineActivity({ rule: 'R1', date, reason: 'Prefers no statin' })]);

  it('suppresses the rule for 12 months and says why', () => {
    const result = evaluate(withDecline('2025-07-01'));
    expect(result.prompts.map((p) => p.rule)).not.toContain('R1');
    expect(result.suppressed).toContainEqual({ rule: 'R1', reason: 'declined', evidence: ['CarePlan/plan'] });
  });

  it('stops suppressing 12 months after the decline', () => {
    expect(evaluate(withDecline('2025-06-30')).prompts.map((p) => p.rule)).toContain('R1');
  });

  it('ignores a decline dated after T, and one for another rule', () => {
    expect(evaluate(withDecline('2026-07-01')).prompts.map((p) => p.rule)).toContain('R1');
    const other = withDecline('2026-06-01').map((r) =>
      r.resourceType === 'CarePlan'
        ? { ...r, activity: [buildDeclineActivity({ rule: 'R4', date: '2026-06-01', reason: 'x' })] }
        : r,
    );
    expect(evaluate(other).prompts.map((p) => p.rule)).toContain('R1');
  });
});

describe('global hospice/palliative suppression (§0.5, D5)', () => {
  it('silences underuse prompts and keeps de-intensification with comfort wording', () => {
    const result = evaluate(patientResources('r4-comfort'));
    expect(result.prompts.find((p) => p.rule === 'R4')?.variant).toBe('comfort');
    expect(result.suppressed.map((s) => s.rule)).toEqual(expect.arrayContaining(['R10']));
  });

  it('applies only to evidence from the last 12 months', () => {
    const resources = patientResources('r1-excl-hospice').map((r) =>
      r.resourceType === 'Condition' && r.code?.coding?.[0]?.code === '170935008'
        ? {
            ...r,
            onsetDateTime: '2025-01-01',
            recordedDate: '2025-01-01',
            clinicalStatus: { coding: [{ code: 'resolved' }] },
          }
        : r,
    );
    expect(evaluate(resources).prompts.map((p) => p.rule)).toContain('R1');
  });

  it('gives a deceased patient no prompts', () => {
    expect(evaluate(patientResources('deceased')).prompts).toEqual([]);
  });
});

describe('priorities as the patient voice writes them (src/core/voice)', () => {
  const base = () =>
    patientResources('prio-burdensome-pills').filter(
      (r) => r.resourceType !== 'Observation' || !r.code?.coding?.some((c) => c.code === '81338-6'),
    );
  const goal = (input: Parameters<typeof newPriorityGoal>[0]) => ({
    ...newPriorityGoal(input, {
      patientId: 'prio-burdensome-pills',
      today: '2026-06-01',
      identifier: newIdentifier(() => '11111111-2222-4333-8444-555555555555'),
    }),
    id: 'voice-goal',
  });

  it('a burdensome "more pills" preference rewords the statin prompt only', () => {
    const g = goal({
      kind: 'care-burdensome',
      text: 'Too many pills already',
      preference: 'more-medications',
    });
    const result = evaluate([...base(), g]);
    expect(result.prompts.find((p) => p.rule === 'R1')?.priorities).toEqual([
      { kind: 'burdensome-care', text: 'Too many pills already', reference: 'Goal/voice-goal' },
    ]);
    expect(result.prompts.find((p) => p.rule === 'R8a')?.priorities).toEqual([]);
  });

  it('"comfort over longevity" as care that helps rewords every prompt, as an end-of-life goal', () => {
    const g = goal({
      kind: 'care-helpful',
      text: 'Comfort matters more to me now',
      preference: 'comfort-over-longevity',
    });
    const result = evaluate([...base(), g]);
    expect(result.prompts.length).toBeGreaterThan(1);
    for (const p of result.prompts)
      expect(p.priorities).toContainEqual({
        kind: 'end-of-life-goal',
        text: 'Comfort matters more to me now',
        reference: 'Goal/voice-goal',
      });
  });

  it('"comfort over longevity" as care that is hard means the opposite, and rewords nothing', () => {
    const g = goal({
      kind: 'care-burdensome',
      text: 'Care that keeps me comfortable, even if I may not live as long',
      preference: 'comfort-over-longevity',
    });
    expect(evaluate([...base(), g]).prompts.every((p) => p.priorities.length === 0)).toBe(true);
  });

  it('a helpful-care preference changes nothing', () => {
    const g = goal({ kind: 'care-helpful', text: 'Pills are fine with me', preference: 'more-medications' });
    expect(evaluate([...base(), g]).prompts.every((p) => p.priorities.length === 0)).toBe(true);
  });
});
