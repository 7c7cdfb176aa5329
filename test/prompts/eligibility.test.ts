import { describe, expect, it } from 'vitest';
import { nodeCodeSets } from '../../src/cli/prompts';
import { RULE_IDS } from '../../src/core/prompts';
import { ruleEligibility } from '../../src/core/prompts/eligibility';
import { EVALUATION_DATE, evaluate, expectations, patientResources } from './helpers';

const eligible = (id: string) =>
  ruleEligibility({ resources: patientResources(id), date: EVALUATION_DATE }, nodeCodeSets());

describe('rule eligibility (the denominator of each rule)', () => {
  it.each(Object.keys(expectations.patients))(
    '%s: every prompt that fires is in its rule’s denominator',
    (id) => {
      const e = eligible(id);
      for (const p of evaluate(patientResources(id)).prompts) expect(e[p.rule], `${id} ${p.rule}`).toBe(true);
      expect(Object.keys(e).sort()).toEqual([...RULE_IDS].sort());
    },
  );

  // Underuse rules: a patient who already has the care is eligible (counted as met); an excluded one is not.
  it.each([
    ['r1-pos-icd', 'R1', true],
    ['r1-neg-statin', 'R1', true],
    ['r1-neg-completed-11mo', 'R1', true],
    ['r1-excl-rhabdo', 'R1', false],
    ['r1-excl-allergy', 'R1', false],
    ['r2-pos-icd', 'R2', true],
    ['r2-neg-clopidogrel', 'R2', true],
    ['r2-neg-age17', 'R2', false],
    ['r2-excl-warfarin', 'R2', false],
    ['r2-excl-hemorrhagic', 'R2', false],
    ['r2-excl-allergy-both', 'R2', false],
    ['r2-safety-neg-no-stroke', 'R2-safety', false],
    ['r8a-pos-45', 'R8a', true],
    ['r8a-neg-colonoscopy', 'R8a', true],
    ['r8a-neg-fobt', 'R8a', true],
    ['r8a-neg-44', 'R8a', false],
    ['r8a-neg-76', 'R8a', false],
    ['r8a-excl-crc', 'R8a', false],
    ['r8a-excl-colectomy', 'R8a', false],
    ['r8a-excl-frail-advanced', 'R8a', false],
    ['r10-pos-65', 'R10', true],
    ['r10-neg-acp', 'R10', true],
    ['r10-neg-directive', 'R10', true],
    ['r10-pos-serious-illness', 'R10', true],
    ['r10-neg-64', 'R10', false],
    ['r10-excl-hospice', 'R10', false],
    ['r10-excl-palliative', 'R10', false],
    ['r8b-pos-80', 'R8b', true],
    ['r3-neg-age65', 'R3', true],
  ] as const)('%s → %s eligible: %s', (id, rule, expected) => {
    expect(eligible(id)[rule]).toBe(expected);
  });
});
