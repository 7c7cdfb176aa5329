/**
 * View-runner benchmark (prints figures; tests never assert timings).
 *   npx tsx bench/views.ts            # 10,000 patients (BENCH_VIEWS_PATIENTS overrides)
 *   BENCH_EXPORT_DIR=dir npx tsx bench/views.ts   # an existing bulk export, e.g. `npm run population`
 * Rows per second of the SQL-on-FHIR views over a bulk export, against the floor: DuckDB's own
 * read_json_auto of the same files (parsing every line, no FHIR logic).
 */
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bundle, Resource } from 'fhir/r4';
import {
  loadResources,
  ndjsonFilesIn,
  openDatabase,
  runViews,
  type ViewDefinition,
} from '../analytics/views/runner';
import { quoteString } from '../src/core/views/compile';

const SYNTHEA = fileURLToPath(new URL('../fhir-fixtures/synthea/', import.meta.url));
const RESOURCES_PER_PATIENT = 150;
const MARK = '@@n@@';

/** The shipped Synthea records cut to ~150 resources each, every id made patient-specific. */
function templates(): string[] {
  return readdirSync(SYNTHEA)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const bundle = JSON.parse(readFileSync(join(SYNTHEA, f), 'utf8')) as Bundle;
      const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
      const chosen = resources.slice(0, RESOURCES_PER_PATIENT);
      let text = chosen.map((r) => JSON.stringify(r)).join('\n');
      // Every id and every reference to it (Synthea uses urn:uuid:<id> and Type/<id>) gets a mark
      // that becomes the patient's number.
      for (const id of new Set(chosen.map((r) => r.id).filter((x): x is string => !!x))) {
        text = text.split(id).join(`${id}-${MARK}`);
      }
      return text;
    });
}

/** Writes `patients` patients as one NDJSON file per resource type; returns the folder. */
export async function writeExport(patients: number, dir: string): Promise<string> {
  const streams = new Map<string, ReturnType<typeof createWriteStream>>();
  const tpl = templates();
  for (let i = 0; i < patients; i++) {
    const text = tpl[i % tpl.length]!.split(MARK).join(String(i));
    for (const line of text.split('\n')) {
      const type = (JSON.parse(line) as Resource).resourceType;
      let s = streams.get(type);
      if (!s) {
        s = createWriteStream(join(dir, `${type}.ndjson`));
        streams.set(type, s);
      }
      if (!s.write(`${line}\n`)) await once(s, 'drain');
    }
  }
  await Promise.all([...streams.values()].map((s) => new Promise((resolve) => s.end(resolve))));
  return dir;
}

/** Views like the metrics' own: demographics from extensions, forEach over codings, references. */
export const BENCH_VIEWS: ViewDefinition[] = [
  {
    name: 'bench_patients',
    resource: 'Patient',
    select: [
      {
        column: [
          { name: 'patient_key', path: 'getResourceKey()', type: 'string' },
          { name: 'gender', path: 'gender', type: 'code' },
          { name: 'birth_date', path: 'birthDate', type: 'date' },
          {
            name: 'race',
            path: "extension('http://hl7.org/fhir/us/core/StructureDefinition/us-core-race').extension('ombCategory').value.ofType(Coding).code.first()",
            type: 'code',
          },
          { name: 'language', path: 'communication.language.coding.code.first()', type: 'code' },
        ],
      },
    ],
  },
  {
    name: 'bench_encounters',
    resource: 'Encounter',
    select: [
      {
        column: [
          { name: 'encounter_key', path: 'getResourceKey()', type: 'string' },
          { name: 'patient_key', path: 'subject.getReferenceKey(Patient)', type: 'string' },
          { name: 'start', path: 'period.start', type: 'dateTime' },
          { name: 'class', path: 'class.code', type: 'code' },
        ],
      },
    ],
  },
  {
    name: 'bench_observation_codes',
    resource: 'Observation',
    select: [
      {
        column: [
          { name: 'id', path: 'id', type: 'id' },
          { name: 'patient_key', path: 'subject.getReferenceKey(Patient)', type: 'string' },
          { name: 'value', path: 'value.ofType(Quantity).value', type: 'decimal' },
        ],
      },
      {
        forEach: 'code.coding',
        column: [
          { name: 'system', path: 'system', type: 'uri' },
          { name: 'code', path: 'code', type: 'code' },
        ],
      },
    ],
  },
  {
    name: 'bench_conditions',
    resource: 'Condition',
    select: [
      {
        column: [
          { name: 'id', path: 'id', type: 'id' },
          { name: 'patient_key', path: 'subject.getReferenceKey(Patient)', type: 'string' },
          {
            name: 'code',
            path: "code.coding.where(system = 'http://snomed.info/sct').code.first()",
            type: 'code',
          },
          { name: 'onset', path: 'onset.ofType(dateTime)', type: 'dateTime' },
        ],
      },
    ],
  },
];

export interface ViewsBench {
  patients: number;
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
  const patients = given ? NaN : Number(process.env.BENCH_VIEWS_PATIENTS ?? 10_000);
  const dir = given ?? mkdtempSync(join(tmpdir(), 'bench-views-'));
  try {
    if (!given) await writeExport(patients, dir);
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
      const tables = await runViews(db, BENCH_VIEWS);
      const viewsMs = performance.now() - t0;
      const rows = tables.reduce((n, t) => n + t.rows, 0);
      return {
        patients,
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
    `${b.rowsPerSecond.toLocaleString('en')} view rows/s (${b.rows.toLocaleString('en')} rows of ${BENCH_VIEWS.length} views; ` +
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
