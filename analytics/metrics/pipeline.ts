/**
 * From a bulk export to the metrics: load the NDJSON into DuckDB (a database file in the temp
 * folder, so DuckDB can keep memory bounded and spill), write the prompt results as FHIR and load
 * them beside the export, run the project's ViewDefinitions, then the metric queries.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { writePromptResults } from '../prompts/run';
import { loadResources, openDatabase, RESOURCE_TABLE, runViews, type ViewDefinition } from '../views/runner';
import { computeMetrics, type FeedbackLine, type MetricsReport } from './engine';

const DEFINITIONS = new URL('../views/definitions/', import.meta.url);

export function projectViews(): ViewDefinition[] {
  return readdirSync(DEFINITIONS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, DEFINITIONS), 'utf8')) as ViewDefinition);
}

export type Stage = 'load' | 'prompts' | 'views' | 'metrics';

export interface PipelineOptions {
  from: string;
  to: string;
  feedback?: readonly FeedbackLine[];
  workers?: number;
  onProgress?: (stage: Stage, done: number, total: number) => void;
  /** Problems that do not stop the run (a patient the engine could not evaluate). */
  onProblem?: (message: string) => void;
}

/** Reads CDS Hooks feedback NDJSON; a bad line is reported with its number and skipped. */
export function parseFeedback(
  text: string,
  onProblem: (m: string) => void = () => undefined,
): FeedbackLine[] {
  const out: FeedbackLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v = JSON.parse(line) as Partial<FeedbackLine>;
      if (
        (v.kind !== 'card' && v.kind !== 'feedback') ||
        typeof v.rule !== 'string' ||
        typeof v.patient !== 'string'
      )
        throw new Error('needs "kind" (card or feedback), "rule" and "patient"');
      if (v.kind === 'feedback' && v.outcome !== 'accepted' && v.outcome !== 'overridden')
        throw new Error('feedback needs "outcome": "accepted" or "overridden"');
      out.push(v as FeedbackLine);
    } catch (e) {
      onProblem(`feedback line ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return out;
}

async function withDatabase<T>(run: (db: DuckDBConnection, work: string) => Promise<T>): Promise<T> {
  const work = mkdtempSync(join(tmpdir(), 'cg-metrics-'));
  try {
    const db = await openDatabase(join(work, 'metrics.duckdb'));
    try {
      await db.run(`SET temp_directory = '${join(work, 'spill').replace(/'/g, "''")}'`);
      // DuckDB otherwise takes up to 80 % of RAM; a fixed cap (spilling past it) keeps memory flat.
      await db.run(`SET memory_limit = '${process.env.CG_METRICS_MEMORY ?? '512MB'}'`);
      return await run(db, work);
    } finally {
      db.closeSync();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function metricsOfExport(folder: string, options: PipelineOptions): Promise<MetricsReport> {
  return withDatabase(async (db, work) => {
    const progress = options.onProgress ?? (() => undefined);
    progress('load', 0, 1);
    await loadResources(db, { ndjsonDir: folder });
    progress('load', 1, 1);
    const results = join(work, 'GuidanceResponse.prompt-results.ndjson');
    const run = await writePromptResults(db, {
      out: results,
      until: options.to,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      onProgress: (done, total) => progress('prompts', done, total),
    });
    for (const p of run.problems) options.onProblem?.(p);
    if (run.results > 0)
      await db.run(
        `INSERT INTO ${RESOURCE_TABLE} SELECT json ->> 'resourceType', json FROM read_ndjson_objects('${results.replace(/'/g, "''")}')`,
      );
    const views = projectViews();
    progress('views', 0, views.length);
    await runViews(db, views);
    progress('views', views.length, views.length);
    return computeMetrics(db, { from: options.from, to: options.to }, options.feedback ?? [], (d, t) =>
      progress('metrics', d, t),
    );
  });
}
