import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeCodeSets } from '../../src/cli/prompts';
import { loadCodeSets, normalizeCode, type CompiledCodes } from '../../src/core/prompts';
import { ALL_SET_KEYS, EXTRA, VS } from '../../src/core/prompts/valuesets';
import { evaluate, patientResources } from './helpers';

const codes = nodeCodeSets();

describe('compiled code sets', () => {
  it('finds known codes from the CSVs (round trip)', () => {
    // valueset_members.csv: R1 InitialMyocardialInfarction, ICD-10-CM I21.01 and SNOMED 22298006.
    expect(codes.set(VS.mi).has('icd10cm', normalizeCode('icd10cm', 'I21.01'))).toBe(true);
    expect(codes.set(VS.mi).has('sct', '22298006')).toBe(true);
    // extra_codes.csv: R6 prefix M54.5 covers M54.50; range C00-C96 covers C79.51.
    expect(codes.set(EXTRA.r6Trigger).has('icd10cm', 'M5450')).toBe(true);
    expect(codes.set(EXTRA.r6RedFlag).has('icd10cm', 'C7951')).toBe(true);
    expect(codes.set(EXTRA.r6RedFlag).has('icd10cm', 'C97')).toBe(false);
    // HCPCS under both URIs maps to one alias.
    expect(codes.aliasOf('https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets')).toBe('hcpcs');
    expect(codes.aliasOf('http://www.nlm.nih.gov/research/umls/hcpcs')).toBe('hcpcs');
  });

  it('matches medications at ingredient level', () => {
    expect(codes.set(VS.statinHigh).has('rxnorm', '83367')).toBe(true); // atorvastatin IN
    expect(codes.antihypertensiveClasses('29046')).toEqual(['ACEi']); // lisinopril IN
    expect(codes.hypoglycemicClass('4821')).toBe('sulfonylurea'); // glipizide IN
    expect(codes.hypoglycemicClass('6809')).toBeUndefined(); // metformin never triggers R4
  });

  it('has every set key the rules use', () => {
    for (const key of ALL_SET_KEYS) expect(() => codes.set(key)).not.toThrow();
    expect(codes.size).toBeGreaterThan(17_000);
  });

  it('is reloadable from the committed JSON alone', () => {
    const json = JSON.parse(
      readFileSync(new URL('../../src/core/prompts/codes.generated.json', import.meta.url), 'utf8'),
    ) as CompiledCodes;
    expect(loadCodeSets(json).set(VS.diabetes).has('sct', '44054006')).toBe(true);
  });

  it('matches ICD-10-CM codes sent without the dot', () => {
    const resources = patientResources('r1-pos-icd').map((r) =>
      r.resourceType === 'Condition'
        ? { ...r, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I252' }] } }
        : r,
    );
    expect(evaluate(resources).prompts.map((p) => p.rule)).toContain('R1');
  });

  it('finds ingredients named in a drug name exactly as testing every name would', () => {
    const json = JSON.parse(
      readFileSync(new URL('../../src/core/prompts/codes.generated.json', import.meta.url), 'utf8'),
    ) as CompiledCodes;
    // A name that does not begin with a word character is tested against every text.
    json.ingredients['999001'] = { n: '(s)-demo / 5-demo', v: 'U', s: [], k: [] };
    const sets = loadCodeSets(json);
    const named = Object.entries(json.ingredients).map(([rxcui, ing]) => ({
      rxcui,
      patterns: ing.n
        .split(' / ')
        .map((n) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i')),
    }));
    const everyName = (text: string) =>
      named.filter((i) => i.patterns.every((p) => p.test(text))).map((i) => i.rxcui);
    const names = Object.values(json.ingredients).map((i) => i.n);
    const texts = [
      ...names,
      ...names.map((n) => n.toUpperCase()),
      ...names.map((n) => `Brand ${n.split(' / ').reverse().join(' and ')} 10 MG Oral Tablet`),
      ...names.map((n) => `${n}oma`),
      ...names.map((n) => `x${n}`),
      ...names.map((n) => `${n}_ER`),
      ...names.map((n) => `(${n})-24HR`),
      'Humulin 70/30 insulin isophane, human 70 UNT/ML | Insulin, Regular, Human',
      'Hydrochlorothiazide 25 MG Oral Tablet | lisinopril 10 MG',
      '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet',
      '(S)-demo and 5-demo',
      'x(S)-demo and 5-demo',
      'xs)-demo 5-demo',
      '',
    ];
    for (const text of texts) expect(sets.ingredientsNamedIn(text), text).toEqual(everyName(text));
    // \b before "(" needs a word character in front of it.
    expect(sets.ingredientsNamedIn('x(S)-demo and 5-DEMO')).toEqual(['999001']);
  });
});
