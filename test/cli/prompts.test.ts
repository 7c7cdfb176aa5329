import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, FhirResource, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/prompts';
import type { EvidencePart } from '../../src/core/prompts/evidence';
import { bundle, EVALUATION_DATE } from '../prompts/helpers';

const RULES = fileURLToPath(new URL('../../fhir-fixtures/rules/', import.meta.url));
const SYNTHEA = fileURLToPath(new URL('../../fhir-fixtures/synthea/', import.meta.url));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const result = await run(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return {
    ...result,
    lines: out.map(
      (l) =>
        JSON.parse(l) as {
          patient: string;
          rule: string;
          kind: string;
          summary: string;
          evidence: string[];
          why: EvidencePart[];
        },
    ),
    err,
  };
}

describe('prompts CLI', () => {
  it('evaluates a folder of bundles with --date', async () => {
    const r = await cli(['--date', EVALUATION_DATE, RULES]);
    expect(r.exitCode).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.lines).toContainEqual(
      expect.objectContaining({ patient: 'r4-pos-icd', rule: 'R4', kind: 'deintensify' }),
    );
    for (const l of r.lines)
      expect(Object.keys(l)).toEqual(['patient', 'rule', 'kind', 'summary', 'evidence', 'why']);
  });

  it('prints the evidence readably too: names, values with units, dates, the age', async () => {
    const r = await cli(['--date', EVALUATION_DATE, join(RULES, 'r4.json')]);
    const line = r.lines.find((l) => l.patient === 'r4-pos-icd' && l.rule === 'R4');
    expect(line?.why).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reference: expect.stringMatching(/^Observation\//),
          code: { code: '4548-4', list: 'HbA1c laboratory test' },
          value: '6.8 %',
          date: '2026-05-01',
        }),
        expect.objectContaining({ name: 'glipizide 10 MG Oral Tablet', date: '2026-01-01' }),
      ]),
    );
    expect(line?.why.map((w) => w.reference)).toEqual(line?.evidence);
  });

  it('changes results with the evaluation date', async () => {
    const later = await cli(['--date', '2027-06-30', join(RULES, 'r4.json')]);
    expect(later.lines.some((l) => l.rule === 'R4')).toBe(false);
  });

  it('reads a bulk-export NDJSON set split by type, and reports bad lines with file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-ndjson-'));
    const resources = (bundle('r4.json').entry ?? []).map((e) => e.resource as Resource);
    const byType = new Map<string, string[]>();
    for (const r of resources)
      byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), JSON.stringify(r)]);
    for (const [type, lines] of byType) writeFileSync(join(dir, `${type}.ndjson`), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'Broken.ndjson'),
      '{"resourceType":"Condition","id":"x","code":{}}\nnot json\n{"no":"type"}\n',
    );
    const r = await cli(['--date', EVALUATION_DATE, dir]);
    expect(r.exitCode).toBe(0);
    expect(r.lines).toContainEqual(expect.objectContaining({ patient: 'r4-pos-icd', rule: 'R4' }));
    expect(r.err).toEqual([
      `${join(dir, 'Broken.ndjson')}:1: Condition/x has no patient (subject/patient reference)`,
      expect.stringMatching(new RegExp(`^${join(dir, 'Broken.ndjson')}:2: not JSON`)),
      `${join(dir, 'Broken.ndjson')}:3: not a FHIR resource (no resourceType)`,
    ]);
  });

  it('resolves urn:uuid references of transaction bundles to resource ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-tx-'));
    const src = (bundle('r4.json').entry ?? []).map(
      (e) => e.resource as Resource & { subject?: { reference: string } },
    );
    const mine = src.filter((r) => r.id === 'r4-pos-icd' || r.subject?.reference === 'Patient/r4-pos-icd');
    const tx: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: mine.map((r, i) => ({
        fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        resource: (r.subject
          ? { ...r, subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' } }
          : r) as FhirResource,
        request: { method: 'POST', url: r.resourceType },
      })),
    };
    writeFileSync(join(dir, 'tx.json'), JSON.stringify(tx));
    const r = await cli(['--date', EVALUATION_DATE, join(dir, 'tx.json')]);
    expect(r.lines).toContainEqual(expect.objectContaining({ patient: 'r4-pos-icd', rule: 'R4' }));
  });

  it('reports a file that is not JSON with its line, and still evaluates the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-bad-'));
    writeFileSync(join(dir, 'bad.json'), '{\n  "resourceType": "Bundle",\n  oops\n}');
    writeFileSync(join(dir, 'notfhir.json'), '{"hello": 1}');
    const r = await cli(['--date', EVALUATION_DATE, dir, join(RULES, 'r9.json')]);
    expect(r.exitCode).toBe(0);
    expect(r.err[0]).toMatch(/bad\.json:3: not JSON/);
    expect(r.err[1]).toMatch(/notfhir\.json: not a FHIR resource or Bundle/);
    expect(r.lines.some((l) => l.rule === 'R9a')).toBe(true);
  });

  it('leaves out a resource too malformed for the rules, says which, and evaluates the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-malformed-'));
    const src = (bundle('r4.json').entry ?? []).map((e) => e.resource as Resource & { subject?: object });
    const mine = src.filter(
      (r) => r.id === 'r4-pos-icd' || JSON.stringify(r.subject ?? {}).includes('Patient/r4-pos-icd'),
    );
    // An HbA1c with no status (invalid FHIR, but exports have them): malformed, and a rule reads it.
    const statusless = {
      resourceType: 'Observation',
      id: 'no-status',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
      subject: { reference: 'Patient/r4-pos-icd' },
    };
    // An Observation with no code used to end the whole run. No rule can read it, so it is passed
    // over unread, as a resource of a type no rule reads is.
    const codeless = {
      resourceType: 'Observation',
      id: 'no-code',
      status: 'final',
      subject: { reference: 'Patient/r4-pos-icd' },
    };
    writeFileSync(
      join(dir, 'x.ndjson'),
      [...mine, statusless, codeless].map((r) => JSON.stringify(r)).join('\n'),
    );
    const r = await cli(['--date', EVALUATION_DATE, dir]);
    expect(r.exitCode).toBe(0);
    expect(r.err).toEqual(['r4-pos-icd: left out Observation/no-status: missing or malformed status']);
    expect(r.lines).toContainEqual(expect.objectContaining({ patient: 'r4-pos-icd', rule: 'R4' }));
  });

  it('exits non-zero only on usage errors', async () => {
    expect((await cli([])).exitCode).toBe(2);
    expect((await cli(['--date', '30/06/2026', RULES])).exitCode).toBe(2);
    expect((await cli(['--bogus', RULES])).exitCode).toBe(2);
  });

  it('runs the Synthea bundles without error', async () => {
    const files = readdirSync(SYNTHEA).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const r = await cli(['--as-of-last-encounter', SYNTHEA]);
    expect(r.exitCode).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.patientsEvaluated).toBe(files.length);
  });
});
