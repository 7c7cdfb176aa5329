/**
 * `npm run bench`: figures, not pass/fail. Starts the sandbox with 100 ms added latency, serves the
 * production build, launches the app in Chromium as a clinician and as a patient, and prints:
 * - time from the redirect back to the app until banner, problems and goals are on screen, and its
 *   ratio to one bare FHIR round trip measured from the same page in the same run (the floor);
 * - sequential FHIR round-trip waves after the token (target 1);
 * - the app's initial JavaScript, gzipped (budget 150 kB);
 * - the prompt engine's figures (bench/prompts.ts);
 * - the CDS Hooks service's latency against the engine's own, and a bounded load (bench/cds-hooks.ts);
 * - the SQL-on-FHIR view runner's rows per second vs DuckDB's read_json_auto (bench/views.ts).
 * - prompt results over a bulk export on 1 worker vs every core (bench/prompt-cores.ts);
 * - `npm run metrics`' total time and peak memory at 1k and 10k generated patients (bench/metrics.ts).
 */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { preview } from 'vite';
import { startSandbox } from '../sandbox/index';
// @ts-expect-error -- plain .mjs helper shared with the test scripts; no type declarations.
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import { countWaves, initialJs, median, type LoggedRequest } from './measure';

const LATENCY_MS = 100;
const RUNS = 5;

async function main(): Promise<void> {
  console.log('Building the app…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  const js = initialJs('dist');

  const sandbox = await startSandbox({ port: 8080, knobs: { latencyMs: LATENCY_MS } });
  const server = await preview({ preview: { port: 5173, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const patients = (await (await fetch(`${sandbox.url}/sandbox/patients`)).json()) as {
      id: string;
      name: string;
    }[];
    const chosen = patients.find((p) => p.id.startsWith('cg-')) ?? patients[0];
    if (!chosen) throw new Error('The sandbox has no patients.');
    for (const role of ['clinician', 'patient'] as const) {
      const times: number[] = [];
      const floors: number[] = [];
      const waves: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await fetch(`${sandbox.url}/sandbox/log`, { method: 'DELETE' });
        await page.goto(
          `${sandbox.url}/launcher?role=${role}&patient=${encodeURIComponent(chosen.id)}` +
            `&launch_uri=${encodeURIComponent('http://localhost:5173/launch/')}`,
        );
        await page.waitForFunction(() => performance.getEntriesByName('cg:first-screen').length > 0, null, {
          timeout: 60_000,
        });
        // The mark's time counts from the app page's navigation start: the redirect back from the server.
        times.push(await page.evaluate(() => performance.getEntriesByName('cg:first-screen')[0]!.startTime));
        const log = (await (await fetch(`${sandbox.url}/sandbox/log`)).json()) as LoggedRequest[];
        // Discovery happens on the launch page, before the token; only what follows the token counts.
        waves.push(countWaves(log.filter((r) => !/\.well-known|\/metadata/.test(r.path))));
        await context.close();
      }
      // The floor: one bare FHIR request with the same added latency, measured now, from this process.
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await (await fetch(`${sandbox.url}/fhir/metadata`)).arrayBuffer();
        floors.push(performance.now() - t0);
      }
      const t = median(times);
      const floor = median(floors);
      console.log(
        `${role} launch (${chosen.id}), ${LATENCY_MS} ms added latency, median of ${RUNS}: ` +
          `redirect → banner+problems+goals ${t.toFixed(0)} ms; one bare FHIR round trip ${floor.toFixed(0)} ms ` +
          `(ratio ${(t / floor).toFixed(2)}); FHIR round-trip waves after the token: ${Math.max(...waves)} (target 1)`,
      );
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await sandbox.close();
  }
  console.log(
    `initial JavaScript of the app page: ${(js.gzipBytes / 1024).toFixed(1)} kB gzipped ` +
      `(${(js.rawBytes / 1024).toFixed(1)} kB raw, ${js.files.length} files; budget 150 kB, ratio ${(js.gzipBytes / (150 * 1024)).toFixed(2)})`,
  );

  const { benchPrompts } = await import('./prompts');
  const p = await benchPrompts();
  console.log(
    `prompt engine, largest fixture patient (${p.largestPatientObservations} Observations): ` +
      `median ${p.medianMsLargestPatient.toFixed(2)} ms per evaluation, index included (target < 10 ms)`,
  );
  console.log(
    `prompts CLI over fhir-fixtures/synthea: ${p.cliMBps} MB/s vs JSON.parse ${p.jsonParseMBps} MB/s ` +
      `(throughput ratio ${p.cliThroughputRatio}); evaluation adds ${p.evaluationAddsToParsePercent} % to the ` +
      `parse time (${p.evaluateMs} ms vs ${p.parseMs} ms; target ≤ 25 %)`,
  );
  console.log(
    `value-care code sets: ${(p.codesGzipBytes / 1024).toFixed(1)} kB gzipped (${(p.codesRawBytes / 1024).toFixed(1)} kB raw), ` +
      'loaded after the first screen, outside the initial JavaScript',
  );

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
