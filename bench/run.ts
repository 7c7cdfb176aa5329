/**
 * `npm run bench`: figures, not pass/fail. Starts the sandbox with 100 ms added latency, serves the
 * production build, launches the app in Chromium as a clinician and as a patient, and prints:
 * - in bare FHIR round trips (the median of small authorized `Patient/<id>` reads from the same page in
 *   the same run): launch URL → patient and problems on screen (target ≤ 8) and the redirect back to
 *   the app → first screen (target ≤ 3), clinician and patient, with every request of the way in its
 *   sequential wave and anything read twice (bench/launch.ts);
 * - the app page's initial JavaScript: what it fetched before its first screen, gzipped (target ≤ 100 kB),
 *   beside the definition's entry script and modulepreloads (bench/launch.ts);
 * - the prompt engine's figures, and the prompts CLI against JSON.parse over the fixtures and over
 *   generated 1k / 10k-patient exports (bench/prompts.ts; target ≥ 0.6×, memory flat);
 * - the CDS Hooks service's latency against the engine's own, and a bounded load (bench/cds-hooks.ts);
 * - the SQL-on-FHIR view runner's rows per second vs DuckDB's read_json_auto (bench/views.ts).
 * - prompt results over a bulk export on 1 worker vs every core (bench/prompt-cores.ts);
 * - `npm run metrics`' total time and peak memory at 1k and 10k generated patients (bench/metrics.ts);
 * - the e-visit screens' weight on top of the initial page and a re-render per answer (bench/evisit.ts);
 * - a 20,000-Observation record against a small one: first screen, workspace usable, longest task
 *   (bench/big-record.ts).
 */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { preview } from 'vite';
import { startSandbox } from '../sandbox/index';
// @ts-expect-error -- plain .mjs helper shared with the test scripts; no type declarations.
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import { gzipOf, initialJs } from './measure';
import { benchLaunch, describeLaunch } from './launch';

const LATENCY_MS = 100;

async function main(): Promise<void> {
  console.log('Building the app…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  const js = initialJs('dist');

  const sandbox = await startSandbox({ port: 8080, knobs: { latencyMs: LATENCY_MS } });
  const server = await preview({ preview: { port: 5173, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    for (const line of describeLaunch(
      await benchLaunch(browser, sandbox.url),
      LATENCY_MS,
      (scripts) => gzipOf('dist', scripts).gzipBytes / 1024,
      js,
    ))
      console.log(line);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await sandbox.close();
  }

  const { benchPrompts } = await import('./prompts');
  const p = await benchPrompts();
  console.log(
    `prompt engine, largest fixture patient (${p.largestPatientObservations} Observations): ` +
      `median ${p.medianMsLargestPatient.toFixed(2)} ms per evaluation, index included (target < 10 ms)`,
  );
  console.log(
    `prompts CLI over fhir-fixtures/synthea: ${p.cliMBps} MB/s vs JSON.parse ${p.jsonParseMBps} MB/s ` +
      `(throughput ratio ${p.cliThroughputRatio}; target ≥ 0.6); evaluation adds ${p.evaluationAddsToParsePercent} % to the ` +
      `parse time (${p.evaluateMs} ms vs ${p.parseMs} ms; target ≤ 25 %)`,
  );
  console.log(
    `value-care code sets: ${(p.codesGzipBytes / 1024).toFixed(1)} kB gzipped (${(p.codesRawBytes / 1024).toFixed(1)} kB raw), ` +
      'loaded after the first screen, outside the initial JavaScript',
  );

  // The CLI over generated 1k / 10k-patient exports, each in its own process (peak RSS): ~7 minutes.
  const { benchPromptsExport, formatPromptsExport } = await import('./prompts');
  for (const line of formatPromptsExport(await benchPromptsExport())) console.log(line);

  const { benchSandbox, describeSandboxFigures } = await import('./sandbox');
  for (const line of describeSandboxFigures(await benchSandbox())) console.log(line);

  const { benchCdsHooks, describeCdsHooksFigures } = await import('./cds-hooks');
  for (const line of describeCdsHooksFigures(await benchCdsHooks())) console.log(line);

  const { benchViews, formatViewsBench } = await import('./views');
  console.log(formatViewsBench(await benchViews()));

  const { benchPromptCores, formatPromptCores } = await import('./prompt-cores');
  console.log(formatPromptCores(await benchPromptCores()));

  const { benchMetrics, formatMetricsBench } = await import('./metrics');
  console.log(formatMetricsBench(await benchMetrics()));

  // Against the build made above; starts its own sandbox and preview (the ones above are closed).
  const { benchEvisit } = await import('./evisit');
  for (const line of await benchEvisit()) console.log(line);

  // The same build, its own sandbox seeded with the big record (ports free again).
  const { benchBigRecord, describeBigRecordFigures } = await import('./big-record');
  for (const line of describeBigRecordFigures(await benchBigRecord())) console.log(line);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
