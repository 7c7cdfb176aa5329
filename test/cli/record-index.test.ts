/**
 * The prompts CLI's two-pass reader (issue 14, "CLI": memory flat as the input grows) must print
 * exactly what reading everything into memory printed — the same prompt lines in the same order, the
 * same diagnostics in the same order — over the fixtures, over a generated bulk export, and over
 * exports shaped to hit every branch (lines read from bytes or parsed, patients not grouped, a
 * patient whose first line is broken, line breaks of every kind, non-ASCII text).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation } from '../../analytics/population/generate';
import { formatDiagnostic, PatientCollector, readPaths } from '../../src/cli/input';
import { nodeCodeSets, nodeNarrowedCodes, patientOutput, run } from '../../src/cli/prompts';
import { RecordIndex } from '../../src/cli/record-index';
import { readableBy } from '../../src/core/prompts/reads';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures/', import.meta.url));
const DATE = '2026-12-01';

async function cli(args: string[]): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  await run(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { out, err };
}

/** What the CLI printed when it read every patient into memory first (its reader before issue 14). */
async function inMemory(
  paths: string[],
  asOfLastEncounter = false,
): Promise<{ out: string[]; err: string[] }> {
  const err: string[] = [];
  const collector = new PatientCollector((d) => err.push(formatDiagnostic(d)));
  await readPaths(collector, paths);
  const out: string[] = [];
  const warnings: string[] = [];
  for (const id of collector.patients.keys()) {
    const printed = patientOutput(
      id,
      collector.resourcesOf(id),
      asOfLastEncounter ? undefined : DATE,
      DATE,
      nodeCodeSets(),
    );
    out.push(...printed.lines);
    warnings.push(...printed.warnings);
  }
  return { out, err: [...err, ...warnings] };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-record-index-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('two-pass reader', () => {
  it('prints what the in-memory reader printed over the fixtures (bundles)', async () => {
    const got = await cli(['--as-of-last-encounter', FIXTURES]);
    expect(got.out.length).toBeGreaterThan(100);
    expect(got).toEqual(await inMemory([FIXTURES], true));
  });

  it('prints what the in-memory reader printed over a generated bulk export, holding only byte ranges', async () => {
    const out = join(dir, 'population');
    await generatePopulation({ patients: 40, out, seed: 'record-index', date: DATE });
    const got = await cli(['--date', DATE, out]);
    expect(got.out.length).toBeGreaterThan(20);
    expect(got).toEqual(await inMemory([out]));

    const index = new RecordIndex();
    await index.read([out]);
    const held = index.held();
    // A patient's lines in one file are one range; no resource is held between the passes.
    expect(held.patients).toBe(40);
    expect(held.ranges).toBeLessThanOrEqual(40 * 20);
    expect(held.resources).toBe(0);
    // Lines are placed from their bytes: only the odd one (not starting with resourceType) is parsed.
    expect(held.parsedLines).toBeLessThan(held.lines / 50);
    index.close();

    // With the rules' narrowed searches, each patient gets exactly the resources one of them could
    // find: the bytes never pass over a line that, parsed, could be found.
    const narrowed = nodeNarrowedCodes();
    const readable = readableBy(narrowed);
    const collector = new PatientCollector();
    await readPaths(collector, [out]);
    const narrowedIndex = new RecordIndex(narrowed);
    await narrowedIndex.read([out]);
    let passedOver = 0;
    for (const { patient, resources } of narrowedIndex.patients()) {
      const all = collector.resourcesOf(patient);
      passedOver += all.length - resources.length;
      expect(resources, patient).toEqual(all.filter(readable));
    }
    expect(passedOver).toBeGreaterThan(held.lines / 3);
  });

  it('keeps order, diagnostics and every resource on exports shaped to hit each branch', async () => {
    const out = join(dir, 'shaped');
    await mkdir(out);
    const obs = (id: string, patient: string, extra = ''): string =>
      `{"resourceType":"Observation","id":"${id}","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/${patient}"${extra}},"effectiveDateTime":"2026-05-01","valueQuantity":{"value":6.8,"unit":"%"}}`;
    const pat = (id: string, birth = '1950-01-01'): string =>
      `{"resourceType":"Patient","id":"${id}","gender":"female","birthDate":"${birth}","name":[{"text":"Zoë ${id}"}]}`;
    const cond = (id: string, patient: string): string =>
      `{"resourceType":"Condition","id":"${id}","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}]},"subject":{"reference":"Patient/${patient}"}}`;
    const med = (id: string, patient: string): string =>
      `{"resourceType":"MedicationRequest","id":"${id}","status":"active","intent":"order","medicationReference":{"reference":"Medication/m1"},"subject":{"reference":"Patient/${patient}"},"authoredOn":"2026-01-01"}`;
    await writeFile(
      join(out, 'A-Observation.ndjson'),
      [
        // b's first line is broken: b is first read (and so printed) after a0, whose line is next.
        // (Each line carries a code a rule reads: the CLI passes over, unread, one that carries none.)
        '{"resourceType":"Observation","id":"broken","subject":{"reference":"Patient/b"},"code":{"coding":[{"code":"4548-4"}],}}',
        obs('o1', 'a0', ',"display":"A"'),
        '',
        obs('o2', 'b'),
        // Patients interleaved, not grouped; CRLF and lone CR breaks; a blank line inside a run.
        `${obs('o3', 'a')}\r\n${obs('o4', 'a')}\r${obs('o5', 'c')}`,
        '   ',
        // Parsed in pass 1 (a contained resource, spaces, the patient key, a second subject key).
        `{"resourceType":"Observation","id":"o6","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"contained":[{"resourceType":"Observation","id":"x","subject":{"reference":"Patient/zz"}}],"subject":{"reference":"Patient/c"}}`,
        `{ "resourceType": "Observation", "id": "o7", "status": "final", "code": {"coding": [{"code": "4548-4"}]}, "subject": { "reference": "Patient/a" } }`,
        `{"resourceType":"Observation","id":"o8","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Group/g"},"patient":{"reference":"Patient/d"}}`,
        `{"resourceType":"Observation","id":"o9","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"note":[{"text":"\\"subject\\":{\\"reference\\":\\"Patient/zz\\"}"}],"subject":{"reference":"Patient/d"}}`,
        `{"resourceType":"Observation","id":"no-patient","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"status":"final"}`,
        // Only broken lines: e is never a patient.
        '{"resourceType":"Observation","id":"e1","subject":{"reference":"Patient/e"},"code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"valueQuantity":{,}}',
        obs('o10', 'ü'),
      ].join('\n'),
    );
    await writeFile(
      join(out, 'B-Claim.ndjson'),
      // A type no rule reads: skipped unread, unless truncated.
      '{"resourceType":"Claim","id":"c1","patient":{"reference":"Patient/f"}}\n{"resourceType":"Claim","id":"c2",\n',
    );
    await writeFile(
      join(out, 'C-Condition.ndjson'),
      [cond('c1', 'c'), cond('c2', 'f'), cond('c3', 'a'), 'not json', cond('c4', 'a')].join('\n') + '\n',
    );
    await writeFile(
      join(out, 'D-Medication.ndjson'),
      `{"resourceType":"Medication","id":"m1","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"310488"}],"text":"glipizide 10 MG Oral Tablet"}}\n`,
    );
    await writeFile(join(out, 'E-MedicationRequest.ndjson'), [med('r1', 'a'), med('r2', 'f')].join('\n'));
    await writeFile(join(out, 'F-Patient.ndjson'), [pat('a'), pat('c'), pat('ü')].join('\n'));

    const got = await cli(['--date', DATE, out, join(FIXTURES, 'rules', 'r4.json')]);
    const expected = await inMemory([out, join(FIXTURES, 'rules', 'r4.json')]);
    // A truncated line of a type no rule reads is still reported.
    expect(expected.err.filter((l) => l.includes('B-Claim.ndjson'))).toEqual([
      expect.stringMatching(/B-Claim\.ndjson:2: not JSON/),
    ]);
    expect(got).toEqual(expected);
    expect(got.err).toEqual([
      expect.stringMatching(/A-Observation\.ndjson:1: not JSON/),
      `${join(out, 'A-Observation.ndjson')}:13: Observation/no-patient has no patient (subject/patient reference)`,
      expect.stringMatching(/A-Observation\.ndjson:14: not JSON/),
      expect.stringMatching(/B-Claim\.ndjson:2: not JSON/),
      expect.stringMatching(/C-Condition\.ndjson:4: not JSON/),
      'a0: resources refer to Patient/a0, which is not in the input; evaluated without demographics',
      'b: resources refer to Patient/b, which is not in the input; evaluated without demographics',
      'd: resources refer to Patient/d, which is not in the input; evaluated without demographics',
      'f: resources refer to Patient/f, which is not in the input; evaluated without demographics',
    ]);
    expect(got.out.some((l) => l.includes('"patient":"r4-pos-icd"'))).toBe(true);
  });

  it('passes over, unparsed, the Observations and reports no narrowed search could find', async () => {
    const out = join(dir, 'narrowed');
    await mkdir(out);
    const line = (id: string, rest: string, type = 'Observation'): string =>
      `{"resourceType":"${type}","id":"${id}","status":"final",${rest},"subject":{"reference":"Patient/p"}}`;
    const coded = (code: string): string =>
      `"code":{"coding":[{"system":"http://loinc.org","code":"${code}"}]}`;
    await writeFile(
      join(out, 'Observation.ndjson'),
      [
        line('height', coded('8302-2')),
        // Broken, and no rule could read it: not reported, as a broken Claim is not.
        line('broken-height', `${coded('8302-2')},"valueQuantity":{,}`),
        line('a1c', coded('4548-4')),
        // Read whenever the bytes cannot rule it out: an escape, a looser spelling; spaces between
        // key and value are read through, as in a pretty-printed bundle.
        line('escaped', '"code":{"coding":[{"code":"\\u0034548-4"}]}'),
        line('escaped-height', '"code":{"coding":[{"code":"8302\\u002d2"}]}'),
        line('spaced', '"code" : {"coding":[{"code":"4548-4"}]}'),
        // Read for its escape, so its error is found; then, parsed, it is passed over as the height it is.
        line('escaped-broken-height', '"code":{"coding":[{"code":"8302\\u002d2"}]},"valueQuantity":{,}'),
        line('lower', coded('1123f')),
        line('non-ascii', coded('4548-4\u00a0').replace('\\u00a0', '\u00a0')),
        // Any code of a system searched whole (an e-visit's red flags).
        line(
          'flag',
          '"code":{"coding":[{"system":"https://common-ground.example/fhir/CodeSystem/evisit-red-flag","code":"new"}]}',
        ),
        // A code in a component or a category is found too.
        line('bp', `"code":{"text":"BP"},"component":[{${coded('8480-6')}}]`),
        // Pretty-printed spacing is read through: still a height.
        line('spaced-height', '"code" : { "coding" : [ {\t"code" :\t"8302-2" } ] }'),
      ].join('\n'),
    );
    await writeFile(
      join(out, 'DiagnosticReport.ndjson'),
      [
        line('cbc', coded('58410-2'), 'DiagnosticReport'),
        line('psa-report', coded('2857-1'), 'DiagnosticReport'),
      ].join('\n'),
    );
    await writeFile(
      join(out, 'Patient.ndjson'),
      '{"resourceType":"Patient","id":"p","birthDate":"1950-01-01"}\n',
    );
    const index = new RecordIndex(nodeNarrowedCodes());
    await index.read([out]);
    const [only] = [...index.patients()];
    expect(index.diagnostics().map((d) => `${d.line}: ${d.message.slice(0, 8)}`)).toEqual(['7: not JSON']);
    expect(only?.resources.map((r) => r.id)).toEqual([
      'psa-report',
      'a1c',
      'escaped',
      'spaced',
      'lower',
      'non-ascii',
      'flag',
      'bp',
      'p',
    ]);
    // Every line was placed from its bytes, the spaced ones too: none was parsed in pass 1.
    expect(index.held()).toMatchObject({ lines: 15, parsedLines: 0, patients: 1 });
  });

  it('places and reads back lines across the text windows and read blocks, and keys only whole keys', async () => {
    const out = join(dir, 'windows');
    await mkdir(out);
    const lines: string[] = [];
    const expected = new Map<string, string[]>();
    for (let i = 0; i < 400; i++) {
      const patient = `p${i % 7}`;
      // Lengths from tens of bytes to past a window (64 kB) and past what pass 2 reads at once
      // (256 kB), so lines straddle the ends of both.
      const pad = 'x'.repeat(i === 201 ? 300_000 : (i * 397) % 3000);
      // Keys that end like the ones searched for: not a subject, a code or a patient.
      const decoys = `"xsubject":{"reference":"Patient/nobody"},"xcode":"4548-4","xpatient":"p9"`;
      const code = i % 3 === 0 ? '4548-4' : '8302-2';
      lines.push(
        `{"resourceType":"Observation","id":"o${i}","status":"final","note":[{"text":"${pad}"}],${decoys},` +
          `"code":{"coding":[{"system":"http://loinc.org","code":"${code}"}]},"subject":{"reference":"Patient/${patient}"}}`,
      );
      if (code === '4548-4') expected.set(patient, [...(expected.get(patient) ?? []), `o${i}`]);
    }
    await writeFile(join(out, 'Observation.ndjson'), lines.join('\n'));
    const index = new RecordIndex(nodeNarrowedCodes());
    await index.read([out]);
    const got = new Map([...index.patients()].map((p) => [p.patient, p.resources.map((r) => r.id)]));
    expect(got).toEqual(expected);
    // All placed from bytes, and the heights (a code no search names) passed over from them too.
    expect(index.held()).toMatchObject({ lines: 400, parsedLines: 0, patients: 7 });
    expect(index.held().ranges).toBeLessThanOrEqual(134);
  });

  it('passes over a bundle’s resources no narrowed search could find, as it does lines', async () => {
    const out = join(dir, 'bundle');
    await mkdir(out);
    const obs = (id: string, code: string) => ({
      resource: {
        resourceType: 'Observation',
        id,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code }] },
        subject: { reference: 'Patient/p' },
      },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'p' } },
        obs('height', '8302-2'),
        obs('a1c', '4548-4'),
      ],
    };
    await writeFile(join(out, 'p.json'), JSON.stringify(bundle));
    const index = new RecordIndex(nodeNarrowedCodes());
    await index.read([out]);
    expect([...index.patients()].map((p) => p.resources.map((r) => r.id))).toEqual([['p', 'a1c']]);
  });

  it('reads a line of a type no rule reads without parsing it', async () => {
    const out = join(dir, 'skip');
    await mkdir(out);
    await writeFile(
      join(out, 'Claim.ndjson'),
      '{"resourceType":"Claim","id":"c1","total":{"value":1e999999999,"x":}}\n{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p"}}\n',
    );
    const index = new RecordIndex();
    await index.read([out]);
    expect(index.diagnostics()).toEqual([]);
    expect(index.held()).toMatchObject({ lines: 2, parsedLines: 0, patients: 1 });
    expect([...index.patients()].map((p) => p.resources.map((r) => r.id))).toEqual([['o']]);
  });
});
