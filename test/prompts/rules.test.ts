import { describe, expect, it } from 'vitest';
import { promptText, RULE_IDS } from '../../src/core/prompts';
import { evaluate, expectations, patientResources } from './helpers';

const byFile = new Map<string, string[]>();
for (const [id, e] of Object.entries(expectations.patients))
  byFile.set(e.file, [...(byFile.get(e.file) ?? []), id]);

describe.each([...byFile.entries()])('fixtures %s', (_file, ids) => {
  it.each(ids)('%s', (id) => {
    const e = expectations.patients[id];
    if (!e) throw new Error(id);
    const result = evaluate(patientResources(id));
    const fired = result.prompts.map((p) => p.rule);
    for (const rule of e.fires) expect(fired, `${id}: ${e.note} → ${rule} fires`).toContain(rule);
    for (const rule of e.absent) expect(fired, `${id}: ${e.note} → ${rule} absent`).not.toContain(rule);
    for (const [rule, variant] of Object.entries(e.variants ?? {})) {
      expect(result.prompts.find((p) => p.rule === rule)?.variant, `${id} ${rule} variant`).toBe(variant);
    }
  });
});

describe('every rule has fixtures', () => {
  it.each(RULE_IDS.map((r) => [r]))('%s has a positive and a negative fixture', (rule) => {
    const all = Object.values(expectations.patients);
    expect(all.some((e) => e.fires.includes(rule))).toBe(true);
    expect(all.some((e) => e.absent.includes(rule))).toBe(true);
  });
});

describe('prompt shape', () => {
  it('gives every prompt a short summary, evidence, source and a known kind', () => {
    for (const id of Object.keys(expectations.patients)) {
      for (const p of evaluate(patientResources(id)).prompts) {
        const { summary } = promptText(p);
        expect(summary.length, `${id} ${p.rule}: ${summary}`).toBeLessThan(140);
        expect(p.evidence.length).toBeGreaterThan(0);
        for (const ref of p.evidence) expect(ref).toMatch(/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]+$/);
        expect(p.source.section).toMatch(/value-care-rules\.md/);
        expect(['underuse', 'overuse', 'deintensify', 'safety', 'acp', 'shared-decision']).toContain(p.kind);
      }
    }
  });
});
