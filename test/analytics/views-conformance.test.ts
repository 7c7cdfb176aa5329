// The official SQL-on-FHIR v2 conformance suite (vendored in test/sql-on-fhir/, MIT) through the
// DuckDB view runner: every test tagged `shareable` must pass; the others are reported only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite, type SuiteSummary } from '../../analytics/views/conformance';

const TESTS = 'test/sql-on-fhir/tests';

describe('SQL-on-FHIR v2 conformance suite', () => {
  let summary: SuiteSummary;

  it('passes every shareable test', async () => {
    summary = await runConformanceSuite(TESTS);
    const { shareable, all } = summary.byTag;
    console.log(
      `SQL-on-FHIR conformance: ${shareable?.passed} of ${shareable?.total} shareable passed ` +
        `(${all?.passed} of ${all?.total} in all)`,
    );
    expect(summary.shareableFailures).toEqual([]);
    // The vendored suite has 123 shareable tests; a smaller count would mean tests went missing.
    expect(shareable?.total).toBe(123);
    // The experimental ones (lowBoundary/highBoundary, join) pass too; a newer suite may add
    // experimental tests this runner does not pass, which is allowed: then relax this line.
    expect(all?.passed).toBe(all?.total);
  });

  it('writes a report in the shape of the suite report schema', () => {
    const schema = JSON.parse(readFileSync('test/sql-on-fhir/test-report.schema.json', 'utf8')) as {
      patternProperties: Record<
        string,
        { properties: { tests: { items: { properties: { result: { properties: object } } } } } }
      >;
    };
    const resultKeys = Object.keys(
      schema.patternProperties['.*']!.properties.tests.items.properties.result.properties,
    );
    expect(Object.keys(summary.report).length).toBe(22);
    for (const [file, entry] of Object.entries(summary.report)) {
      expect(file).toMatch(/\.json$/);
      expect(Object.keys(entry)).toEqual(['tests']);
      expect(entry.tests.length).toBeGreaterThan(0);
      for (const t of entry.tests) {
        expect(Object.keys(t).sort()).toEqual(['name', 'result']);
        expect(typeof t.name).toBe('string');
        expect(typeof t.result.passed).toBe('boolean');
        for (const k of Object.keys(t.result)) expect(resultKeys).toContain(k);
      }
    }
  });
});
