/**
 * Bundles read entry by entry from their bytes (issue 14, "CLI" over the Synthea fixtures): the scan
 * must find exactly the entries JSON.parse finds, in any formatting and whatever the strings hold,
 * and give up on anything it cannot follow; the reader built on it must keep exactly the resources,
 * references and diagnostics reading the whole document kept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanBundle } from '../../src/cli/bundle-scan';
import { formatDiagnostic, PatientCollector, readPaths } from '../../src/cli/input';
import { nodeNarrowedCodes } from '../../src/cli/prompts';
import { RecordIndex } from '../../src/cli/record-index';
import { readableBy } from '../../src/core/prompts/reads';

const SYNTHEA = fileURLToPath(new URL('../../fhir-fixtures/synthea/', import.meta.url));
const synthea = readdirSync(SYNTHEA).map((f) => JSON.parse(readFileSync(join(SYNTHEA, f), 'utf8')) as Bundle);

/** The same value written four ways: compact, two spaces with CRLF, tabs, and Synthea's four spaces. */
function formats(value: unknown): string[] {
  return [
    JSON.stringify(value),
    JSON.stringify(value, null, 2).replace(/\n/g, '\r\n'),
    JSON.stringify(value, null, '\t'),
    JSON.stringify(value, null, 4),
  ];
}

function scan(text: string) {
  return scanBundle(Buffer.from(text, 'utf8'));
}

/** Entries whose strings hold every character the scan turns on. */
const TRICKY: Bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      fullUrl: 'urn:uuid:claim-1',
      resource: {
        resourceType: 'Claim',
        id: 'c1',
        text: { status: 'generated', div: '<div>} ] { [ "quoted" \\ back\\slash \\" end</div>' },
        contained: [{ resourceType: 'Observation', id: 'inner' }],
      } as never,
    },
    {
      fullUrl: 'urn:uuid:obs-1',
      resource: {
        resourceType: 'Observation',
        id: 'o1',
        status: 'final',
        code: { text: 'ends in a backslash \\', coding: [{ code: '4548-4' }] },
        note: [{ text: '{"entry":[{"resource":{"resourceType":"Claim"}}]}' }],
      } as never,
    },
    { request: { method: 'DELETE', url: 'Observation/gone' } },
    { fullUrl: 'urn:uuid:né', resource: { resourceType: 'Patient', id: 'p-ñ', name: [{ text: 'Zoë' }] } },
  ],
};

describe('scanBundle', () => {
  it('finds each entry JSON.parse finds, with its fullUrl, type and id, in every formatting', () => {
    let entries = 0;
    for (const bundle of [...synthea, TRICKY])
      for (const text of formats(bundle)) {
        // Raw UTF-8, as read from a file: the scan needs no ASCII copy of it.
        const bytes = Buffer.from(text, 'utf8');
        const scanned = scanBundle(bytes);
        expect(scanned).toBeDefined();
        const parsed = JSON.parse(text) as Bundle;
        expect(scanned!.entries).toHaveLength(parsed.entry!.length);
        scanned!.entries.forEach((e, i) => {
          const entry = parsed.entry![i]!;
          expect(JSON.parse(bytes.toString('utf8', e.start, e.end))).toEqual(entry);
          // A value written with an escape is left to parsing; raw non-ASCII characters are not.
          const escaped = /\\/.test(JSON.stringify([entry.fullUrl, entry.resource?.id]));
          expect(e.plain).toBe(!escaped);
          if (!escaped) {
            expect(e.fullUrl).toBe(entry.fullUrl);
            expect(e.type).toBe(entry.resource?.resourceType);
            expect(e.id).toBe(entry.resource?.id);
          }
          entries++;
        });
        expect(JSON.parse(scanned!.frame)).toEqual({ ...parsed, entry: [] });
      }
    expect(entries).toBeGreaterThan(4 * 3000);
  });

  it('leaves what an entry is to parsing when its keys repeat, are escaped, or hold other values', () => {
    const entries = (...texts: string[]) =>
      scan(`{"resourceType":"Bundle","entry":[${texts.join(',')}]}`)?.entries.map((e) => e.plain);
    expect(entries('{"resource":{"resourceType":"Claim","id":"a","id":"b"}}')).toEqual([false]);
    expect(
      entries('{"resource":{"resourceType":"Claim"},"resource":{"resourceType":"Observation"}}'),
    ).toEqual([false]);
    expect(entries('{"resource":{"resourceType":"Claim","resource\\u0054ype":"Observation"}}')).toEqual([
      false,
    ]);
    expect(entries('{"re\\u0073ource":{"resourceType":"Observation"}}')).toEqual([false]);
    expect(entries('{"resource":{"resourceType":"Cl\\u0061im"}}')).toEqual([false]);
    expect(entries('{"resource":null}', '{"resource":"x"}', '{"resource":[{}]}')).toEqual([
      false,
      false,
      false,
    ]);
    expect(entries('{"resource":{"resourceType":null}}', '{"resource":{"resourceType":{}}}')).toEqual([
      false,
      false,
    ]);
    expect(entries('{"fullUrl":7,"resource":{"resourceType":"Claim"}}')).toEqual([false]);
    // The resource's own keys only: a contained resource's come one level deeper.
    const nested = scan(
      '{"resourceType":"Bundle","entry":[{"resource":{"contained":[{"resourceType":"Observation","id":"x"}],"resourceType":"Claim","id":"c"}}]}',
    );
    expect(nested?.entries[0]).toMatchObject({ type: 'Claim', id: 'c', plain: true });
  });

  it('gives up on what it cannot follow, so the whole document is parsed and its error reported', () => {
    for (const text of [
      '[{"resourceType":"Bundle"}]',
      '{"resourceType":"Bundle","entry":[{"resource":{}}',
      '{"resourceType":"Bundle","entry":[{"resource":{"id":"unterminated}}]}',
      '{"resourceType":"Bundle","entry":[{"resource":{]}]}',
      '{"resourceType":"Bundle","entry":[null,{"resource":{}}]}',
      '{"resourceType":"Bundle","entry":[{},,{}]}',
      '{"resourceType":"Bundle","entry":[{},]}',
      '{"resourceType":"Bundle","entry":[{} {}]}',
      '{"resourceType":"Bundle","entry":[{"resource":{"x":nope}}]}',
      '{"resourceType":"Bundle","entry":{"resource":{}}}',
      '{"resourceType":"Bundle","entry":[],"entry":[{}]}',
      '{"resourceType":"Bundle","\\u0065ntry":[{}]}',
      '{"resourceType":"Bundle"} {}',
      // The same inside a resource's nested values, which the scan passes over on their own.
      '{"resourceType":"Bundle","entry":[{"resource":{"code":{"coding":[{"code":"x"}}]}}]}',
      '{"resourceType":"Bundle","entry":[{"resource":{"code":{"coding":[{"code":"x}]}}]}',
      '{"resourceType":"Bundle","entry":[{"resource":{"code":{"coding":[{"code":nope}]}}]}',
      '{"resourceType":"Bundle","entry":[{"resource":{"code":{"coding":[{"code":"x"}]}]}',
    ])
      expect(scan(text), text).toBeUndefined();
  });
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-bundle-scan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundles read from their bytes', () => {
  it('keeps, per patient, exactly the resources a narrowed search could find, in every formatting', async () => {
    const out = join(dir, 'formats');
    await mkdir(out);
    for (const [i, bundle] of synthea.entries())
      for (const [j, text] of formats(bundle).entries()) await writeFile(join(out, `${i}-${j}.json`), text);
    const narrowed = nodeNarrowedCodes();
    const readable = readableBy(narrowed);
    const collector = new PatientCollector();
    await readPaths(collector, [out]);
    const index = new RecordIndex(narrowed);
    await index.read([out]);
    const held = index.held();
    let patients = 0;
    for (const { patient, resources } of index.patients()) {
      expect(resources, patient).toEqual(collector.resourcesOf(patient).filter(readable));
      patients++;
    }
    expect(patients).toBe(synthea.length);
    expect(index.diagnostics()).toEqual([]);
    // Three quarters of a Synthea bundle's entries are never parsed.
    expect(held.bundleEntries).toBe(synthea.reduce((n, b) => n + b.entry!.length, 0) * 4);
    expect(held.parsedEntries).toBeLessThan(held.bundleEntries / 3);
  });

  it('resolves references to entries it passed over, and reports what it read as before', async () => {
    const out = join(dir, 'refs');
    await mkdir(out);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        // Passed over unparsed, but its fullUrl still names Practitioner/dr (and its id comes from
        // the urn:uuid, as a transaction's does).
        { fullUrl: 'urn:uuid:dr', resource: { resourceType: 'Practitioner' } },
        { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', id: 'p' } },
        {
          fullUrl: 'urn:uuid:g',
          resource: {
            resourceType: 'Goal',
            id: 'g',
            lifecycleStatus: 'active',
            description: { text: 'Walk' },
            subject: { reference: 'urn:uuid:p' },
            expressedBy: { reference: 'urn:uuid:dr' },
          },
        },
        // A Claim no rule reads, broken past its first keys: passed over, as a broken Claim line is.
        { fullUrl: 'urn:uuid:c', resource: { resourceType: 'Claim', id: 'c', total: '@BROKEN@' } },
        { request: { method: 'POST', url: 'Observation' } },
        // Read (no narrowed search for Conditions), so what is wrong with it is reported.
        { fullUrl: 'urn:uuid:x', resource: { resourceType: 'Condition', id: 'x', code: { text: 'Gout' } } },
      ],
    };
    await writeFile(
      join(out, 'b.json'),
      JSON.stringify(bundle, null, 2).replace('"@BROKEN@"', '{"value": 1 2}'),
    );
    const index = new RecordIndex(nodeNarrowedCodes());
    await index.read([out]);
    const [only] = [...index.patients()];
    expect(only?.resources.find((r) => r.id === 'g')).toMatchObject({
      subject: { reference: 'Patient/p' },
      expressedBy: { reference: 'Practitioner/dr' },
    });
    expect(index.diagnostics().map(formatDiagnostic)).toEqual([
      `${join(out, 'b.json')} entry[4]: entry without a resource`,
      `${join(out, 'b.json')} entry[5]: Condition/x has no patient (subject/patient reference)`,
    ]);
    expect(index.held()).toMatchObject({ bundleEntries: 6, parsedEntries: 4 });

    // A broken entry a rule reads: the whole document is parsed, for the error JSON.parse gives.
    await writeFile(
      join(out, 'b.json'),
      JSON.stringify(bundle, null, 2).replace('"lifecycleStatus": "active"', '"lifecycleStatus": active'),
    );
    const broken = new RecordIndex(nodeNarrowedCodes());
    await broken.read([out]);
    const whole = new PatientCollector();
    await readPaths(whole, [out]);
    expect(broken.diagnostics()).toEqual(whole.diagnostics);
    expect(broken.diagnostics()).toHaveLength(1);
    expect(broken.held()).toMatchObject({ bundleEntries: 0, parsedEntries: 0 });
  });

  it('reports a Bundle.entry that is not an array, or an entry that is not an object, and reads on', async () => {
    const out = join(dir, 'shapes');
    await mkdir(out);
    await writeFile(join(out, 'a.json'), '{"resourceType":"Bundle","entry":"x"}');
    await writeFile(
      join(out, 'b.json'),
      '{"resourceType":"Bundle","entry":[null,{"resource":{"resourceType":"Patient","id":"p"}}]}',
    );
    const index = new RecordIndex(nodeNarrowedCodes());
    await index.read([out]);
    expect(index.diagnostics().map(formatDiagnostic)).toEqual([
      `${join(out, 'a.json')}: Bundle.entry is not an array`,
      `${join(out, 'b.json')} entry[0]: entry is not an object`,
    ]);
    expect([...index.patients()].map((p) => p.patient)).toEqual(['p']);
  });
});
