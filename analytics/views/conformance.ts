// Runs the official SQL-on-FHIR v2 conformance suite (test/sql-on-fhir/tests/*.json) through the
// DuckDB runner and reports in the suite's own format (test/sql-on-fhir/test-report.schema.json):
// `{"<file>.json": {"tests": [{"name", "result": {"passed", "error"?}}]}}`.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { compileView, type ViewDefinition } from '../../src/core/views/compile';
import { loadResources, openDatabase, viewRowsAsJson } from './runner';

interface SuiteTest {
  title: string;
  tags?: string[];
  view: ViewDefinition;
  expect?: Record<string, unknown>[];
  expectError?: boolean;
  expectColumns?: string[];
}

interface SuiteFile {
  title: string;
  resources: Record<string, unknown>[];
  tests: SuiteTest[];
}

export interface TestResult {
  name: string;
  result: { passed: boolean; error?: string };
}

export type SuiteReport = Record<string, { tests: TestResult[] }>;

export interface SuiteSummary {
  report: SuiteReport;
  /** Counts per tag (a test with two tags counts under both); `all` counts every test. */
  byTag: Record<string, { passed: number; total: number }>;
  /** "<file>: <test>" of every failed test tagged shareable. */
  shareableFailures: string[];
}

/** A stable text for a JSON value with object keys sorted, so rows compare regardless of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Rows match as multisets; a missing key equals null (a null column value may be left out). */
function sameRows(
  expected: Record<string, unknown>[],
  actual: Record<string, unknown>[],
  columns: string[],
): boolean {
  const norm = (r: Record<string, unknown>): string =>
    canonical(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
  const a = expected.map(norm).sort();
  const b = actual.map(norm).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function runOne(db: DuckDBConnection, test: SuiteTest): Promise<TestResult['result']> {
  try {
    if (test.expectError) {
      try {
        await viewRowsAsJson(db, test.view);
      } catch {
        return { passed: true };
      }
      return { passed: false, error: 'expected the view to be rejected, but it ran' };
    }
    const { columns } = compileView(test.view);
    const names = columns.map((c) => c.name);
    if (test.expectColumns) {
      const ok = canonical(names) === canonical(test.expectColumns);
      return ok
        ? { passed: true }
        : { passed: false, error: `columns ${canonical(names)}, expected ${canonical(test.expectColumns)}` };
    }
    const rows = await viewRowsAsJson(db, test.view);
    const expected = test.expect ?? [];
    const keys = [...new Set([...names, ...expected.flatMap((r) => Object.keys(r))])];
    if (sameRows(expected, rows, keys)) return { passed: true };
    return { passed: false, error: `rows ${canonical(rows)}, expected ${canonical(expected)}` };
  } catch (e) {
    return { passed: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export async function runConformanceSuite(testsDir: string): Promise<SuiteSummary> {
  const db = await openDatabase();
  const report: SuiteReport = {};
  const byTag: SuiteSummary['byTag'] = { all: { passed: 0, total: 0 } };
  const shareableFailures: string[] = [];
  try {
    const files = readdirSync(testsDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      const suite = JSON.parse(readFileSync(join(testsDir, file), 'utf8')) as SuiteFile;
      await loadResources(db, { resources: suite.resources });
      const tests: TestResult[] = [];
      for (const test of suite.tests) {
        const result = await runOne(db, test);
        tests.push({ name: test.title, result });
        for (const tag of ['all', ...(test.tags ?? [])]) {
          const t = (byTag[tag] ??= { passed: 0, total: 0 });
          t.total++;
          if (result.passed) t.passed++;
        }
        if (!result.passed && test.tags?.includes('shareable')) {
          shareableFailures.push(`${file}: ${test.title} — ${result.error ?? ''}`);
        }
      }
      report[basename(file)] = { tests };
    }
  } finally {
    db.closeSync();
  }
  return { report, byTag, shareableFailures };
}
