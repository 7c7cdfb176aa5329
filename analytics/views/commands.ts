// The commands behind `npm run views` (analytics/views/main.ts runs them as a program).
// `npm run views -- test <tests folder> [--report test_report.json]`: the SQL-on-FHIR v2
// conformance suite, written in the suite's own report format.
// `npm run views -- run <viewdef.json> <ndjson folder> [--format csv|json]`: one view's rows on stdout.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { runConformanceSuite } from './conformance';
import { openDatabase, runViews, tableNameOf, type ViewDefinition } from './runner';
import { quoteIdent } from '../../src/core/views/compile';

const USAGE = `Usage:
  npm run views -- test <tests folder> [--report test_report.json]
  npm run views -- run <viewdefinition.json> <ndjson folder> [--format csv|json]`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value\n\n${USAGE}`);
  args.splice(i, 2);
  return value;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Write = (text: string) => void;

async function printTable(
  db: DuckDBConnection,
  table: string,
  format: 'csv' | 'json',
  write: Write,
): Promise<void> {
  const names = (await db.runAndReadAll(`SELECT * FROM ${quoteIdent(table)} LIMIT 0`)).columnNames();
  // DuckDB writes each row as JSON itself, so integers stay numbers and JSON columns stay JSON.
  const reader = await db.runAndReadAll(`SELECT to_json(t)::VARCHAR FROM ${quoteIdent(table)} t`);
  if (format === 'json') {
    for (const [line] of reader.getRows()) write(`${String(line)}\n`);
    return;
  }
  write(`${names.map(csvCell).join(',')}\n`);
  for (const [line] of reader.getRows()) {
    const row = JSON.parse(String(line)) as Record<string, unknown>;
    write(`${names.map((n) => csvCell(row[n])).join(',')}\n`);
  }
}

/** Runs one command; returns the exit code. Output goes to `write`, a usage error is thrown. */
export async function viewsCommand(argv: string[], write: Write): Promise<number> {
  const log = (line: string): void => write(`${line}\n`);
  const args = [...argv];
  const command = args.shift();
  if (command === 'test') {
    const reportPath = option(args, '--report');
    const dir = args[0];
    if (!dir || args.length > 1) throw new Error(USAGE);
    const { report, byTag, shareableFailures } = await runConformanceSuite(dir);
    if (reportPath) {
      mkdirSync(dirname(reportPath), { recursive: true });
      writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    }
    for (const [tag, { passed, total }] of Object.entries(byTag)) {
      log(`${tag}: ${passed} of ${total} passed`);
    }
    for (const f of shareableFailures) log(`FAILED (shareable) ${f}`);
    if (reportPath) log(`Report written to ${reportPath}`);
    return shareableFailures.length === 0 ? 0 : 1;
  }
  if (command === 'run') {
    const format = option(args, '--format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new Error(`--format is csv or json\n\n${USAGE}`);
    const [viewFile, dir] = args;
    if (!viewFile || !dir || args.length > 2) throw new Error(USAGE);
    const view = JSON.parse(readFileSync(viewFile, 'utf8')) as ViewDefinition;
    const db = await openDatabase();
    try {
      const named = { ...view, name: view.name ?? 'view' };
      await runViews(db, [named], { ndjsonDir: dir });
      await printTable(db, tableNameOf(named), format, write);
    } finally {
      db.closeSync();
    }
    return 0;
  }
  throw new Error(USAGE);
}
