import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Encounter, GuidanceResponse } from 'fhir/r4';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluationDay } from '../../analytics/prompts/evaluate';
import { writePromptResults } from '../../analytics/prompts/run';
import { loadResources, openDatabase } from '../../analytics/views/runner';
import { CG_PROMPT_RESULT } from '../../src/core/fhir/vocabulary';
import { patientResources } from '../prompts/helpers';

const dir = mkdtempSync(join(tmpdir(), 'cg-prompt-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = ['r1-pos-icd', 'r1-neg-statin', 'r1-excl-rhabdo', 'r8a-neg-44', 'r10-pos-65'];

async function run(workers: number): Promise<GuidanceResponse[]> {
  const db = await openDatabase();
  // A bulk export is split by type: shuffle types together so grouping by patient is really needed.
  const all = ids
    .flatMap((id) => patientResources(id))
    .sort((a, b) => a.resourceType.localeCompare(b.resourceType));
  await loadResources(db, { resources: all });
  const out = join(dir, `results-${workers}.ndjson`);
  const r = await writePromptResults(db, { out, until: '2026-06-30', workers, batchSize: 2 });
  expect(r.patients).toBe(ids.length);
  expect(r.problems).toEqual([]);
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GuidanceResponse);
}

const codesOf = (g: GuidanceResponse | undefined) =>
  (g?.reasonCode ?? [])
    .flatMap((c) => c.coding ?? [])
    .filter((c) => c.system === CG_PROMPT_RESULT)
    .map((c) => c.code);

describe('prompt results as FHIR (GuidanceResponse per patient and rule)', () => {
  it('writes, per rule, whether the patient is eligible and whether the prompt fires', async () => {
    const results = await run(0);
    expect(results).toHaveLength(ids.length * 15);
    const of = (patient: string, rule: string) =>
      results.find(
        (g) =>
          g.subject?.reference === `Patient/${patient}` &&
          g.moduleCodeableConcept?.coding?.[0]?.code === rule,
      );
    expect(codesOf(of('r1-pos-icd', 'R1'))).toEqual(['eligible', 'fired']);
    expect(codesOf(of('r1-neg-statin', 'R1'))).toEqual(['eligible', 'not-fired']);
    expect(codesOf(of('r1-excl-rhabdo', 'R1'))).toEqual(['not-eligible', 'not-fired']);
    expect(codesOf(of('r8a-neg-44', 'R8a'))).toEqual(['not-eligible', 'not-fired']);
    expect(codesOf(of('r10-pos-65', 'R10'))).toEqual(['eligible', 'fired']);
    expect(of('r1-pos-icd', 'R1')?.occurrenceDateTime).toBe('2026-06-30');
  });

  it('gives the same results in worker threads as in one thread', async () => {
    const key = (g: GuidanceResponse) => g.id ?? '';
    const inline = (await run(0)).sort((a, b) => key(a).localeCompare(key(b)));
    const threaded = (await run(2)).sort((a, b) => key(a).localeCompare(key(b)));
    expect(threaded).toEqual(inline);
  });

  it('evaluates each patient on their newest visit: a cancelled encounter or one entered in error is none', () => {
    const visit = (day: string, status: Encounter['status']): Encounter => ({
      resourceType: 'Encounter',
      status,
      class: { code: 'AMB' },
      period: { start: `${day}T09:00:00Z` },
    });
    const record = [
      visit('2026-03-10', 'finished'),
      visit('2026-05-01', 'cancelled'),
      visit('2026-06-01', 'entered-in-error'),
      visit('2026-07-01', 'finished'),
    ];
    expect(evaluationDay(record, '2026-12-31')).toBe('2026-07-01');
    expect(evaluationDay(record, '2026-06-30')).toBe('2026-03-10');
    expect(evaluationDay(record.slice(1, 3), '2026-06-30')).toBe('2026-06-30');
  });
});
