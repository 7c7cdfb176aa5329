import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CarePlan, Goal, Patient, QuestionnaireResponse, Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation, parsePopulationArgs } from '../../analytics/population/generate';
import { loadTemplates } from '../../analytics/population/template';
import { US_CORE_ETHNICITY, US_CORE_RACE } from '../../src/core/fhir/vocabulary';

const templates = loadTemplates(new URL('../../fhir-fixtures/', import.meta.url).pathname);
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cg-pop-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function readAll(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const N = 40;
let first: string;
let all: Resource[];

beforeAll(async () => {
  first = tmp();
  await generatePopulation({ patients: N, out: first, seed: 'test', date: '2026-12-01' }, templates);
  all = [...readAll(first).values()].flatMap((text) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Resource),
  );
});

describe('npm run population', () => {
  it('writes one NDJSON file per resource type, each line a resource of that type', () => {
    for (const [file, text] of readAll(first)) {
      const type = file.replace(/\.ndjson$/, '');
      for (const line of text.split('\n').filter(Boolean))
        expect((JSON.parse(line) as Resource).resourceType).toBe(type);
    }
    expect(all.filter((r) => r.resourceType === 'Patient')).toHaveLength(N);
  });

  it('is the same for the same seed and different for another', async () => {
    const again = tmp();
    await generatePopulation({ patients: N, out: again, seed: 'test', date: '2026-12-01' }, templates);
    expect(readAll(again)).toEqual(readAll(first));
    const other = tmp();
    await generatePopulation({ patients: N, out: other, seed: 'other', date: '2026-12-01' }, templates);
    expect(readAll(other).get('Patient.ndjson')).not.toEqual(readAll(first).get('Patient.ndjson'));
  });

  it('gives every resource a new, unique id and points every patient reference at a patient in the export', () => {
    const keys = all.map((r) => `${r.resourceType}/${r.id ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    const patients = new Set(all.filter((r) => r.resourceType === 'Patient').map((r) => r.id));
    const text = all.map((r) => JSON.stringify(r)).join('\n');
    for (const m of text.matchAll(/"Patient\/([^"/]+)"/g)) expect(patients.has(m[1])).toBe(true);
    // No template id survives (Synthea uuids, fixture ids such as cg-maria or r1-pos-icd).
    expect(text.includes('"reference":"urn:uuid:')).toBe(false);
    expect(text).not.toMatch(/"(Patient|Encounter)\/(cg-|r\d)/);
  });

  it('has about 150 resources per patient and dates no later than --date', () => {
    expect(all.length / N).toBeGreaterThan(100);
    expect(all.length / N).toBeLessThan(220);
    const encounters = all.filter((r) => r.resourceType === 'Encounter') as { period?: { start?: string } }[];
    for (const e of encounters) expect((e.period?.start ?? '').slice(0, 10) <= '2026-12-01').toBe(true);
  });

  it('gives patients US Core race and ethnicity (OMB categories), sex, age and preferred language', () => {
    const patients = all.filter((r): r is Patient => r.resourceType === 'Patient');
    for (const p of patients) {
      const race = p.extension?.find((e) => e.url === US_CORE_RACE);
      expect(race?.extension?.find((e) => e.url === 'ombCategory')?.valueCoding?.code).toBeTruthy();
      expect(p.extension?.find((e) => e.url === US_CORE_ETHNICITY)).toBeTruthy();
      expect(p.communication?.[0]?.preferred).toBe(true);
      expect(p.gender).toBeTruthy();
      expect(p.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(new Set(patients.map((p) => p.birthDate?.slice(0, 3))).size).toBeGreaterThan(3);
  });

  it('writes what the app writes for a share of patients: priorities, agreed goals, plans, agendas, surveys', () => {
    const goals = all.filter((r): r is Goal => r.resourceType === 'Goal');
    const priorities = goals.filter((g) => g.expressedBy?.reference?.startsWith('Patient/'));
    expect(priorities.length).toBeGreaterThan(0);
    expect(priorities.some((g) => g.lifecycleStatus === 'active' && g.extension?.length)).toBe(true);
    const plans = all.filter((r): r is CarePlan => r.resourceType === 'CarePlan');
    expect(
      plans.some((p) => p.category?.some((c) => c.coding?.some((x) => x.code === 'shared-care-plan'))),
    ).toBe(true);
    const qrs = all.filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse');
    expect(qrs.some((q) => q.questionnaire?.includes('visit-agenda'))).toBe(true);
    expect(qrs.some((q) => q.questionnaire?.includes('collaborate') && q.encounter)).toBe(true);
  });

  it('refuses a command line without --patients or --out, naming what is missing', () => {
    expect(parsePopulationArgs(['--out', 'x'])).toBe('--patients is required');
    expect(parsePopulationArgs(['--patients', '0', '--out', 'x'])).toMatch(/--patients/);
    expect(parsePopulationArgs(['--patients', '3', '--out', 'x', '--seed', 's'])).toMatchObject({
      patients: 3,
      seed: 's',
    });
  });
});
