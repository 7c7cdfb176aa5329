/**
 * Fixture coverage guard (value-care-rules.md: every rule needs a positive, a near-miss negative and a
 * patient per listed exclusion). Fixture ids name their rule and role: `<rule>-pos-…` fires the rule,
 * `<rule>-neg-…` (near miss) and `<rule>-excl-…` (one exclusion) leave it out. Removing the last
 * positive or negative of a rule, or mislabelling one, fails here.
 */
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/core/prompts';
import { evaluate, expectations, patientResources } from './helpers';

type Role = 'pos' | 'neg' | 'excl';

/** The rule a fixture id belongs to: the longest rule id that prefixes it (`r2-safety-…` before `r2-…`). */
function ruleOf(id: string): string | undefined {
  return [...RULE_IDS]
    .sort((a, b) => b.length - a.length)
    .find((rule) => id.startsWith(`${rule.toLowerCase()}-`));
}

function roleOf(id: string, rule: string): Role | undefined {
  const rest = id.slice(rule.length + 1);
  const role = /^(?:.*?-)?(pos|neg|excl)(?:-|$)/.exec(rest)?.[1];
  return role as Role | undefined;
}

const fixtures = Object.entries(expectations.patients).flatMap(([id, e]) => {
  const rule = ruleOf(id);
  const role = rule ? roleOf(id, rule) : undefined;
  return rule && role ? [{ id, rule, role, e }] : [];
});

describe('fixture coverage per rule', () => {
  it.each(RULE_IDS.map((r) => [r]))('%s has a -pos- and a -neg- fixture', (rule) => {
    const mine = fixtures.filter((f) => f.rule === rule);
    expect(
      mine.filter((f) => f.role === 'pos').map((f) => f.id),
      `${rule}: positive`,
    ).not.toHaveLength(0);
    expect(
      mine.filter((f) => f.role === 'neg').map((f) => f.id),
      `${rule}: near-miss negative`,
    ).not.toHaveLength(0);
  });

  it('every rule with a listed exclusion has -excl- fixtures', () => {
    // R2-safety has no exclusions of its own (it is the prasugrel alert). R4's listed "exclusions"
    // (global suppression, type 1) change the wording instead of hiding it: r4-comfort*, r4-type1.
    const rewordOnly = new Set<string>(['R2-safety', 'R4']);
    const withExclusions = RULE_IDS.filter((r) => !rewordOnly.has(r));
    for (const rule of withExclusions)
      expect(
        fixtures.some((f) => f.rule === rule && f.role === 'excl'),
        `${rule} has an -excl- fixture`,
      ).toBe(true);
  });
});

describe('fixture names match their expectations and the engine', () => {
  it.each(fixtures)('$id', ({ id, rule, role, e }) => {
    const fired = evaluate(patientResources(id)).prompts.map((p) => p.rule);
    if (role === 'pos') {
      expect(e.fires, `${id} lists ${rule} in fires`).toContain(rule);
      expect(fired, `${id}: ${e.note}`).toContain(rule);
    } else {
      expect(e.absent, `${id} lists ${rule} in absent`).toContain(rule);
      expect(fired, `${id}: ${e.note}`).not.toContain(rule);
    }
  });
});
