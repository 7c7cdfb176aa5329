/**
 * `npm run metrics` benchmark (figures only; no test asserts a time): total time and peak memory
 * (max RSS of the run's own process) over generated populations of 1,000 and 10,000 patients.
 * Memory should stay flat as patients grow: DuckDB works from a database file and spills, the
 * prompt rules see one batch of patients at a time.
 *   npx tsx bench/metrics.ts            # 1k and 10k
 *   BENCH_METRICS_SIZES=1000 npx tsx bench/metrics.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePopulation } from '../analytics/population/generate';

const DATE = '2026-12-01';
const FROM = '2025-12-02';

export interface MetricsBenchRow {
  patients: number;
  resources: number;
  seconds: number;
  maxRssMB: number;
}

export async function benchMetrics(
  sizes = (process.env.BENCH_METRICS_SIZES ?? '1000,10000').split(',').map(Number),
): Promise<MetricsBenchRow[]> {
  const rows: MetricsBenchRow[] = [];
  for (const patients of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `cg-bench-metrics-${patients}-`));
    try {
      const population = await generatePopulation({ patients, out: dir, seed: 'bench', date: DATE });
      const child = fileURLToPath(new URL('./metrics-child.ts', import.meta.url));
      const out = execFileSync('npx', ['tsx', child, dir, FROM, DATE], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { ms: number; maxRssMB: number };
      rows.push({ patients, resources: population.resources, seconds: r.ms / 1000, maxRssMB: r.maxRssMB });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function formatMetricsBench(rows: readonly MetricsBenchRow[]): string {
  return rows
    .map(
      (r) =>
        `npm run metrics over ${r.patients.toLocaleString('en')} generated patients (${r.resources.toLocaleString('en')} resources): ${r.seconds.toFixed(1)} s, peak memory ${Math.round(r.maxRssMB)} MB`,
    )
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchMetrics().then(
    (rows) => console.log(formatMetricsBench(rows)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
