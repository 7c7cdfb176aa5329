/**
 * View-runner benchmark (prints figures; tests never assert timings).
 *   npx tsx bench/views.ts                      # 10,000 patients; BENCH_SCALE=100k for 100,000
 *   BENCH_EXPORT_DIR=dir npx tsx bench/views.ts # an export you already have
 * The population is `npm run population`'s (analytics/population/), the views the project's own
 * (analytics/views/definitions/). Figures: view rows per second, and the whole run's time as a
 * ratio to the floor, DuckDB's own read_json_auto of the same files (parsing every line, no FHIR).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePopulation } from '../analytics/population/generate';
import {
  loadResources,
  ndjsonFilesIn,
  openDatabase,
  runViews,
  type ViewDefinition,
} from '../analytics/views/runner';
import { quoteString } from '../src/core/views/compile';

const DEFINITIONS = fileURLToPath(new URL('../analytics/views/definitions/', import.meta.url));

function projectViews(): ViewDefinition[] {
  return readdirSync(DEFINITIONS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DEFINITIONS, f), 'utf8')) as ViewDefinition);
}

function patientsToGenerate(): number {
  if (process.env.BENCH_SCALE === '100k') return 100_000;
  return Number(process.env.BENCH_VIEWS_PATIENTS ?? 10_000);
}

export interface ViewsBench {
  patients: number;
  views: number;
  resources: number;
  megabytes: number;
  /** DuckDB's read_json_auto over the files: the floor. */
  floorMs: number;
  loadMs: number;
  viewsMs: number;
  rows: number;
  rowsPerSecond: number;
  resourcesPerSecond: number;
  /** (load + views) ÷ floor. */
  ratioToFloor: number;
}

export async function benchViews(): Promise<ViewsBench> {
  const given = process.env.BENCH_EXPORT_DIR;
  const patients = given ? NaN : patientsToGenerate();
  const dir = given ?? mkdtempSync(join(tmpdir(), 'bench-views-'));
  const views = projectViews();
  try {
    if (!given) await generatePopulation({ patients, out: dir, seed: 'bench', date: '2026-12-01' });
    const files = ndjsonFilesIn(dir);
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    const db = await openDatabase();
    try {
      // Each resource type has its own shape, so the floor reads each file with its own schema.
      let t0 = performance.now();
      let resources = 0;
      for (const f of files) {
        const r = await db.runAndReadAll(
          `SELECT count(*)::BIGINT FROM read_json_auto(${quoteString(f)}, format = 'newline_delimited', maximum_object_size = 67108864)`,
        );
        resources += Number(r.getRows()[0]?.[0] ?? 0);
      }
      const floorMs = performance.now() - t0;
      t0 = performance.now();
      await loadResources(db, { ndjsonFiles: files });
      const loadMs = performance.now() - t0;
      t0 = performance.now();
      const tables = await runViews(db, views);
      const viewsMs = performance.now() - t0;
      const rows = tables.reduce((n, t) => n + t.rows, 0);
      return {
        patients,
        views: views.length,
        resources,
        megabytes: Math.round(bytes / 1e6),
        floorMs: Math.round(floorMs),
        loadMs: Math.round(loadMs),
        viewsMs: Math.round(viewsMs),
        rows,
        rowsPerSecond: Math.round(rows / ((loadMs + viewsMs) / 1000)),
        resourcesPerSecond: Math.round(resources / ((loadMs + viewsMs) / 1000)),
        ratioToFloor: Number(((loadMs + viewsMs) / floorMs).toFixed(2)),
      };
    } finally {
      db.closeSync();
    }
  } finally {
    if (!given) rmSync(dir, { recursive: true, force: true });
  }
}

export function formatViewsBench(b: ViewsBench): string {
  const what = Number.isNaN(b.patients) ? 'the given export' : `${b.patients.toLocaleString('en')} patients`;
  return (
    `SQL-on-FHIR views over ${what} (${b.resources.toLocaleString('en')} resources, ${b.megabytes} MB NDJSON): ` +
    `${b.rowsPerSecond.toLocaleString('en')} view rows/s (${b.rows.toLocaleString('en')} rows of ${b.views} views; ` +
    `load ${b.loadMs} ms + views ${b.viewsMs} ms) vs DuckDB read_json_auto of the same files ${b.floorMs} ms ` +
    `(ratio ${b.ratioToFloor} to the floor)`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchViews().then(
    (b) => console.log(formatViewsBench(b)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
