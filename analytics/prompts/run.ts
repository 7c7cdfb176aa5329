/**
 * Prompt results over a bulk export: the export is split by resource type, so DuckDB regroups what
 * the rules read by patient (an ORDER BY it can spill to disk, never a map of the whole export in
 * memory), and the patients go in batches to worker threads on every core, each batch evaluated by
 * the same engine as the app and the prompts CLI. At most two batches per worker are in flight and
 * output is written as it comes, so memory stays bounded whatever the export's size. The result is
 * NDJSON of GuidanceResponse (src/core/prompts/results.ts), 15 per patient.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Resource } from 'fhir/r4';
import { RULE_INPUTS } from '../../src/core/prompts/inputs';
import { RESOURCE_TABLE } from '../views/runner';
import { evaluateBatch, type PatientBatchItem } from './evaluate';

export interface PromptRunOptions {
  /** The GuidanceResponse NDJSON file to write. */
  out: string;
  /** Last day of the report: each patient is evaluated on their newest visit up to it. */
  until: string;
  /** Worker threads; 0 evaluates in this thread (default: every core). */
  workers?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  table?: string;
}

export interface PromptRunResult {
  patients: number;
  results: number;
  problems: string[];
}

const KEPT = [...new Set(RULE_INPUTS.map((i) => i.resourceType))];

interface Pool {
  run(batch: PatientBatchItem[]): Promise<{ lines: string[]; problems: string[] }>;
  close(): Promise<void>;
}

function inlinePool(until: string, shared: Resource[]): Pool {
  return {
    run: async (batch) => evaluateBatch(batch, until, shared),
    close: async () => undefined,
  };
}

function threadPool(size: number, until: string, shared: Resource[]): Pool {
  const workers = Array.from(
    { length: size },
    () => new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { until, shared } }),
  );
  let next = 0;
  let seq = 0;
  let dead: Error | undefined;
  let closing = false;
  const pending = new Map<
    number,
    { resolve: (v: { lines: string[]; problems: string[] }) => void; reject: (e: unknown) => void }
  >();
  for (const w of workers) {
    w.on('message', (m: { id: number; lines: string[]; problems: string[] }) => {
      pending.get(m.id)?.resolve(m);
      pending.delete(m.id);
    });
    const fail = (e: unknown) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      dead = e instanceof Error ? e : new Error(String(e));
    };
    w.on('error', fail);
    w.on('exit', (code) => {
      if (code !== 0 && !closing) fail(new Error(`a prompt worker stopped (exit code ${code})`));
    });
  }
  return {
    run: (batch) =>
      new Promise((resolve, reject) => {
        if (dead) {
          reject(dead);
          return;
        }
        const id = seq++;
        pending.set(id, { resolve, reject });
        (workers[next++ % workers.length] as Worker).postMessage({ id, batch });
      }),
    close: async () => {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Writes the prompt results of every patient in `table` (fhir_resources) to `options.out`. */
export async function writePromptResults(
  db: DuckDBConnection,
  options: PromptRunOptions,
): Promise<PromptRunResult> {
  const table = options.table ?? RESOURCE_TABLE;
  const types = KEPT.map((t) => `'${t}'`).join(', ');
  // Medications are shared (no patient); an order may point at one.
  const meds = await db.runAndReadAll(
    `SELECT resource::VARCHAR FROM "${table}" WHERE resource_type = 'Medication'`,
  );
  const shared = meds.getRows().map((r) => JSON.parse(String(r[0])) as Resource);
  const count = await db.runAndReadAll(
    `SELECT count(*)::INTEGER FROM "${table}" WHERE resource_type = 'Patient'`,
  );
  const total = Number(count.getRows()[0]?.[0] ?? 0);

  const size = options.workers ?? availableParallelism();
  const pool = size > 0 ? threadPool(size, options.until, shared) : inlinePool(options.until, shared);
  const inFlightLimit = Math.max(1, size) * 2;
  const batchSize = options.batchSize ?? 100;
  const out = createWriteStream(options.out);
  const problems: string[] = [];
  let results = 0;
  let patients = 0;
  const inFlight = new Set<Promise<void>>();

  const dispatch = async (batch: PatientBatchItem[]) => {
    const job: Promise<void> = pool.run(batch).then(async (r) => {
      problems.push(...r.problems);
      results += r.lines.length;
      patients += batch.length;
      options.onProgress?.(patients, total);
      if (r.lines.length && !out.write(`${r.lines.join('\n')}\n`)) await once(out, 'drain');
      inFlight.delete(job);
    });
    inFlight.add(job);
    if (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
  };

  try {
    const result = await db.stream(`
      WITH keyed AS (
        SELECT CASE WHEN resource_type = 'Patient' THEN resource ->> 'id'
               ELSE regexp_extract(coalesce(resource -> 'subject' ->> 'reference', resource -> 'patient' ->> 'reference'),
                                   '(?:^|/)Patient/([^/]+)(?:/_history/[^/]+)?$', 1) END AS pid,
               resource
        FROM "${table}" WHERE resource_type IN (${types})
      )
      SELECT pid, resource::VARCHAR FROM keyed WHERE pid IS NOT NULL AND pid <> '' ORDER BY pid`);
    let current: string | undefined;
    let own: string[] = [];
    let batch: PatientBatchItem[] = [];
    const close = async () => {
      if (current === undefined) return;
      batch.push({ patient: current, resources: `[${own.join(',')}]` });
      own = [];
      if (batch.length >= batchSize) {
        const full = batch;
        batch = [];
        await dispatch(full);
      }
    };
    for await (const rows of result.yieldRows()) {
      for (const [pid, resource] of rows) {
        const id = String(pid);
        if (id !== current) {
          await close();
          current = id;
        }
        own.push(String(resource));
      }
    }
    await close();
    if (batch.length) await dispatch(batch);
    await Promise.all(inFlight);
  } finally {
    await pool.close();
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  return { patients, results, problems };
}
