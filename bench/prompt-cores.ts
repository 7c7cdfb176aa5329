/**
 * Prompt results over a bulk export (analytics/prompts: DuckDB regroups by patient, worker threads
 * evaluate) on one worker thread and on every core, over the same generated population — the
 * throughput the issue asks for as "1 vs all cores". Figures only; no test asserts a time.
 *   npx tsx bench/prompt-cores.ts            # 2,000 patients
 *   BENCH_PROMPT_PATIENTS=10000 npx tsx bench/prompt-cores.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatePopulation } from '../analytics/population/generate';
import { writePromptResults } from '../analytics/prompts/run';
import { loadResources, openDatabase } from '../analytics/views/runner';

export interface PromptCoresRow {
  workers: number;
  patients: number;
  seconds: number;
  patientsPerSecond: number;
}

export async function benchPromptCores(
  patients = Number(process.env.BENCH_PROMPT_PATIENTS ?? 2000),
): Promise<PromptCoresRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-prompt-cores-'));
  try {
    const exportDir = join(dir, 'export');
    await generatePopulation({ patients, out: exportDir, seed: 'bench', date: '2026-12-01' });
    const db = await openDatabase(join(dir, 'bench.duckdb'));
    try {
      await loadResources(db, { ndjsonDir: exportDir });
      const rows: PromptCoresRow[] = [];
      for (const workers of [1, availableParallelism()]) {
        const started = performance.now();
        const run = await writePromptResults(db, {
          out: join(dir, `results-${workers}.ndjson`),
          until: '2026-12-01',
          workers,
        });
        const seconds = (performance.now() - started) / 1000;
        rows.push({ workers, patients: run.patients, seconds, patientsPerSecond: run.patients / seconds });
      }
      return rows;
    } finally {
      db.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatPromptCores(rows: readonly PromptCoresRow[]): string {
  const [one, all] = rows;
  if (!one || !all) return 'prompt results over a bulk export: no figures';
  return (
    `prompt results over a bulk export (${one.patients.toLocaleString('en')} generated patients): ` +
    `${one.patientsPerSecond.toFixed(0)} patients/s on 1 worker, ${all.patientsPerSecond.toFixed(0)} patients/s ` +
    `on ${all.workers} (all cores; speed-up ${(all.patientsPerSecond / one.patientsPerSecond).toFixed(2)}×)`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatPromptCores(await benchPromptCores()));
}
