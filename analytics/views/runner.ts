// SQL-on-FHIR v2 views on embedded DuckDB: resources are loaded once into a table of JSON
// (`fhir_resources`), and each ViewDefinition, compiled to one SELECT by src/core/views/compile.ts,
// becomes a table named by the view's `name`.
//
// API for the metrics (analytics/metrics/) and the CLI:
//   const db = await openDatabase();                       // in memory, nothing downloaded
//   await loadResources(db, { ndjsonDir: 'export/' });     // or { resources: [...] } or { ndjsonFiles }
//   const tables = await runViews(db, views);              // CREATE TABLE "<view.name>" AS …
//   await db.runAndReadAll('SELECT count(*) FROM patients') // then plain SQL over the view tables
// `runViews(db, views, source)` does the load too. compileView(view) alone gives the SQL.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Resource } from 'fhir/r4';
import {
  compileView,
  quoteIdent,
  quoteString,
  ViewDefinitionError,
  type CompiledColumn,
  type CompileOptions,
  type ViewDefinition,
} from '../../src/core/views/compile';

export { compileView, ViewDefinitionError, type ViewDefinition, type CompiledColumn };

export const RESOURCE_TABLE = 'fhir_resources';

/**
 * An embedded DuckDB that never fetches an extension: the json extension this runner needs is
 * statically linked in @duckdb/node-api, and with auto-install and auto-load off a query that
 * would need another one fails with an error instead of downloading it.
 */
export async function openDatabase(path = ':memory:'): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(path, {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
  });
  const connection = await instance.connect();
  const json = await connection.runAndReadAll(
    "SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'json'",
  );
  if (json.getRows()[0]?.[0] !== true) {
    throw new Error('This DuckDB build has no built-in json extension; the view runner cannot read FHIR.');
  }
  return connection;
}

export type ResourceSource =
  | { ndjsonDir: string }
  | { ndjsonFiles: string[] }
  | { resources: readonly Resource[] | readonly Record<string, unknown>[] };

const NDJSON = /\.(ndjson|jsonl)(\.gz)?$/i;

/** Every NDJSON file under a folder (a bulk export is one or more files per resource type). */
export function ndjsonFilesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (NDJSON.test(name)) out.push(resolve(p));
    }
  };
  walk(dir);
  return out;
}

/** (Re)creates `fhir_resources(resource_type, resource)` from the source. */
export async function loadResources(
  db: DuckDBConnection,
  source: ResourceSource,
  table = RESOURCE_TABLE,
): Promise<void> {
  const t = quoteIdent(table);
  await db.run(`CREATE OR REPLACE TABLE ${t} (resource_type VARCHAR, resource JSON)`);
  if ('resources' in source) {
    if (source.resources.length === 0) return;
    await db.run(
      `INSERT INTO ${t} SELECT r ->> 'resourceType', r FROM (SELECT unnest(json_extract($1::JSON, '$[*]')) AS r)`,
      [JSON.stringify(source.resources)],
    );
    return;
  }
  const files = 'ndjsonDir' in source ? ndjsonFilesIn(source.ndjsonDir) : source.ndjsonFiles;
  if (files.length === 0) {
    throw new Error(
      'ndjsonDir' in source ? `No .ndjson files in ${source.ndjsonDir}` : 'No NDJSON files were given',
    );
  }
  const list = `[${files.map(quoteString).join(', ')}]`;
  await db.run(
    `INSERT INTO ${t} SELECT json ->> 'resourceType', json FROM read_ndjson_objects(${list}, maximum_object_size = 67108864)`,
  );
}

export interface ViewTable {
  /** The table's name: the ViewDefinition's `name`. */
  name: string;
  columns: CompiledColumn[];
  rows: number;
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The table a view becomes: its `name`, which must be a plain SQL identifier. */
export function tableNameOf(view: ViewDefinition): string {
  if (typeof view.name !== 'string' || !TABLE_NAME.test(view.name)) {
    throw new ViewDefinitionError(
      `the view needs a "name" made of letters, digits and _ (it names the table): ${JSON.stringify(view.name)}`,
    );
  }
  return view.name;
}

/** Creates (or replaces) one table per view; loads `source` first when given. */
export async function runViews(
  db: DuckDBConnection,
  views: readonly ViewDefinition[],
  source?: ResourceSource,
  options: Pick<CompileOptions, 'from'> = {},
): Promise<ViewTable[]> {
  if (source) await loadResources(db, source, options.from ?? RESOURCE_TABLE);
  const out: ViewTable[] = [];
  for (const view of views) {
    const name = tableNameOf(view);
    const { sql, columns } = compileView(view, { from: quoteIdent(options.from ?? RESOURCE_TABLE) });
    await db.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} AS ${sql}`);
    const typed = await inferUndeclaredTypes(db, name, columns);
    const count = await db.runAndReadAll(`SELECT count(*)::INTEGER FROM ${quoteIdent(name)}`);
    out.push({ name, columns: typed, rows: Number(count.getRows()[0]?.[0] ?? 0) });
  }
  return out;
}

const JSON_KIND_TYPES: Record<string, string> = {
  VARCHAR: 'VARCHAR',
  BOOLEAN: 'BOOLEAN',
  BIGINT: 'BIGINT',
  UBIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
};

/**
 * A column the view gives no `type` comes out as JSON; when all its values are of one JSON kind
 * (all strings, all booleans, …) it becomes that SQL type, so SQL over it need not unwrap JSON.
 */
async function inferUndeclaredTypes(
  db: DuckDBConnection,
  table: string,
  columns: CompiledColumn[],
): Promise<CompiledColumn[]> {
  const out: CompiledColumn[] = [];
  for (const col of columns) {
    if (col.sqlType !== 'JSON' || col.collection) {
      out.push(col);
      continue;
    }
    const c = quoteIdent(col.name);
    const kinds = await db.runAndReadAll(
      `SELECT DISTINCT json_type(${c}) FROM ${quoteIdent(table)} WHERE ${c} IS NOT NULL AND json_type(${c}) <> 'NULL'`,
    );
    const found = kinds.getRows().map((r) => JSON_KIND_TYPES[String(r[0])]);
    const types = new Set(found);
    // Integers and decimals mixed in one column are decimals.
    if (types.size === 2 && types.has('BIGINT') && types.has('DOUBLE')) types.delete('BIGINT');
    const [sqlType] = [...types];
    if (types.size !== 1 || sqlType === undefined) {
      out.push(col);
      continue;
    }
    const using = sqlType === 'VARCHAR' ? `${c} ->> '$'` : `${c}::${sqlType}`;
    await db.run(`ALTER TABLE ${quoteIdent(table)} ALTER ${c} SET DATA TYPE ${sqlType} USING (${using})`);
    out.push({ ...col, sqlType });
  }
  return out;
}

/** A view's rows as plain JSON values (the shape the conformance suite compares). */
export async function viewRowsAsJson(
  db: DuckDBConnection,
  view: ViewDefinition,
  from = RESOURCE_TABLE,
): Promise<Record<string, unknown>[]> {
  const { sql } = compileView(view, { from: quoteIdent(from), output: 'json' });
  const reader = await db.runAndReadAll(sql);
  return reader.getRows().map((r) => JSON.parse(String(r[0])) as Record<string, unknown>);
}
