/** One metrics run in its own process, so its peak memory (DuckDB and worker threads included) is its own. */
import { metricsOfExport } from '../analytics/metrics/pipeline';

const [dir, from, to] = process.argv.slice(2);
if (!dir || !from || !to) throw new Error('usage: metrics-child <export dir> <from> <to>');
const started = performance.now();
const report = await metricsOfExport(dir, { from, to });
process.stdout.write(
  `${JSON.stringify({ ms: performance.now() - started, maxRssMB: process.resourceUsage().maxRSS / 1024, metrics: report.metrics.length })}\n`,
);
