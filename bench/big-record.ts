/**
 * Big records (issue 14): the same chart with and without 20,000 Observations and 2,000
 * MedicationRequests (bench/big-patient.ts), launched in Chromium side by side in one run, as a
 * clinician and as the patient, under the sandbox's default profile with 100 ms added latency:
 * - redirect → first screen (`cg:first-screen`: banner, problems, goals), big / small (target ≤ 2×);
 * - redirect → workspace usable (`cg:workspace-usable`: prompts shown, plan form taking input),
 *   big / small (target ≤ 2×), and → the whole record read (`cg:record-read`), for the record;
 * - the longest main-thread task from the redirect until the record is read and on screen
 *   (PerformanceObserver 'longtask'; target ≤ 200 ms);
 * - what one page of the big record's Observations costs the sandbox itself (1,000 per page, its
 *   cap), read from Node with no added latency: the server's share of reading the record.
 *
 * `npm run bench` calls it after the other launches; `npx tsx bench/big-record.ts` runs it alone
 * (building the app first).
 */
import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { preview } from 'vite';
import { startSandbox } from '../sandbox/index';
// @ts-expect-error -- plain .mjs helper shared with the test scripts; no type declarations.
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import { BIG_PATIENT_ID, bigRecordFixtures } from './big-patient';
import { median, settleWindow } from './measure';
import { benchToken } from './sandbox';
import narrowed from '../src/core/prompts/reads.generated.json';

const LATENCY_MS = 100;
const RUNS = Number(process.env.BENCH_BIG_RUNS ?? 3);
const SMALL_ID = 'cg-maria';
/** After the last mark, how long to keep watching for long tasks (the rendering that follows it). */
const SETTLE_MS = 1500;

type Role = 'clinician' | 'patient';

interface Launch {
  firstScreen: number;
  /** The clinician's `cg:workspace-usable`; undefined for the patient view, which has no such mark. */
  usable: number | undefined;
  recordRead: number;
  longestTask: number;
}

export interface BigRecordRow {
  role: Role;
  small: Launch;
  big: Launch;
}

export interface BigRecordFigures {
  observations: number;
  medicationRequests: number;
  runs: number;
  rows: BigRecordRow[];
  /** Median ms for one 1,000-Observation page of the big record, no added latency. */
  pageMs: number;
  pages: number;
  /** The rules' narrowed Observation searches of the big record, all pages, ms: before any launch, and after. */
  narrowedColdMs: number;
  narrowedWarmMs: number;
}

declare global {
  interface Window {
    cgLongTasks?: number[];
  }
}

async function launch(browser: Browser, origin: string, role: Role, patient: string): Promise<Launch> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Installed on every page before its scripts run, so the app page's own tasks are all seen.
  await context.addInitScript(`
    window.cgLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.cgLongTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  `);
  const page = await context.newPage();
  try {
    await settleWindow(page);
    await page.goto(
      `${origin}/launcher?role=${role}&patient=${encodeURIComponent(patient)}` +
        `&launch_uri=${encodeURIComponent('http://localhost:5173/launch/')}`,
    );
    const marks =
      role === 'clinician'
        ? ['cg:first-screen', 'cg:record-read', 'cg:workspace-usable']
        : ['cg:first-screen', 'cg:record-read'];
    await page.waitForFunction(
      (names) => names.every((n) => performance.getEntriesByName(n).length > 0),
      marks,
      { timeout: 180_000, polling: 100 },
    );
    await page.waitForTimeout(SETTLE_MS);
    // Mark times count from the app page's navigation start: the redirect back from the server.
    // No named helpers inside: tsx would wrap them in a `__name` call that does not exist in the page.
    return await page.evaluate(() => ({
      firstScreen: performance.getEntriesByName('cg:first-screen')[0]?.startTime ?? Number.NaN,
      usable: performance.getEntriesByName('cg:workspace-usable')[0]?.startTime,
      recordRead: performance.getEntriesByName('cg:record-read')[0]?.startTime ?? Number.NaN,
      longestTask: Math.max(0, ...(window.cgLongTasks ?? [])),
    }));
  } finally {
    await context.close();
  }
}

function medianLaunch(launches: Launch[]): Launch {
  const usable = launches.flatMap((l) => (l.usable === undefined ? [] : [l.usable]));
  return {
    firstScreen: median(launches.map((l) => l.firstScreen)),
    usable: usable.length ? median(usable) : undefined,
    recordRead: median(launches.map((l) => l.recordRead)),
    // The worst, not the median: one janky launch is one too many.
    longestTask: Math.max(...launches.map((l) => l.longestTask)),
  };
}

/**
 * Every page of the big record's Observation search, one after another, twice (the first pass
 * warms the sandbox's kept search), with the latency knob at 0 for the while: the sandbox's own
 * time per page, which is what bounds reading the record once the pages in flight cover latency.
 */
async function observationPages(
  url: string,
  fhirBaseUrl: string,
  knobs: { latencyMs: number },
): Promise<{ pageMs: number; pages: number }> {
  const latency = knobs.latencyMs;
  knobs.latencyMs = 0;
  try {
    const token = await benchToken(url, fhirBaseUrl, BIG_PATIENT_ID);
    const times: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      times.length = 0;
      let next: string | undefined = `${fhirBaseUrl}/Observation?patient=${BIG_PATIENT_ID}&_count=1000`;
      while (next) {
        const started = performance.now();
        const response = await fetch(next, { headers: { authorization: `Bearer ${token}` } });
        const text = await response.text();
        times.push(performance.now() - started);
        if (!response.ok)
          throw new Error(`an Observation page answered ${response.status}: ${text.slice(0, 200)}`);
        const bundle = JSON.parse(text) as { link?: { relation: string; url: string }[] };
        next = bundle.link?.find((l) => l.relation === 'next')?.url;
      }
    }
    return { pageMs: median(times), pages: times.length };
  } finally {
    knobs.latencyMs = latency;
  }
}

/**
 * The rules' narrowed Observation searches (src/core/prompts/reads.generated.json) of the big record,
 * every page, one after another, latency knob at 0: what the sandbox's token matching costs. Read
 * before any launch the sandbox works out each Observation's tokens for the first time.
 */
async function narrowedSearches(
  url: string,
  fhirBaseUrl: string,
  knobs: { latencyMs: number },
): Promise<number> {
  const latency = knobs.latencyMs;
  knobs.latencyMs = 0;
  try {
    const token = await benchToken(url, fhirBaseUrl, BIG_PATIENT_ID);
    const started = performance.now();
    for (const param of narrowed.observations) {
      let next: string | undefined =
        `${fhirBaseUrl}/Observation?patient=${BIG_PATIENT_ID}&${param}&_count=1000`;
      while (next) {
        const response: Response = await fetch(next, { headers: { authorization: `Bearer ${token}` } });
        const text: string = await response.text();
        if (!response.ok)
          throw new Error(`a narrowed search answered ${response.status}: ${text.slice(0, 200)}`);
        next = (JSON.parse(text) as { link?: { relation: string; url: string }[] }).link?.find(
          (l) => l.relation === 'next',
        )?.url;
      }
    }
    return performance.now() - started;
  } finally {
    knobs.latencyMs = latency;
  }
}

/** Expects the app built in dist/ and ports 8080 and 5173 free (bench/run.ts closes its own first). */
export async function benchBigRecord(): Promise<BigRecordFigures> {
  const observations = 20_000;
  const medicationRequests = 2_000;
  const fixturesDir = bigRecordFixtures({ observations, medicationRequests });
  // The folder is 25 MB: an interrupted run (Ctrl-C, a CI timeout) must not leave it in /tmp.
  const removeFixtures = () => rmSync(fixturesDir, { recursive: true, force: true });
  const interrupted = (signal: NodeJS.Signals) => {
    removeFixtures();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await measureBigRecord(fixturesDir, observations, medicationRequests);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    removeFixtures();
  }
}

async function measureBigRecord(
  fixturesDir: string,
  observations: number,
  medicationRequests: number,
): Promise<BigRecordFigures> {
  const sandbox = await startSandbox({ port: 8080, fixturesDir, knobs: { latencyMs: LATENCY_MS } });
  const server = await preview({ preview: { port: 5173, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const narrowedColdMs = await narrowedSearches(sandbox.url, sandbox.fhirBaseUrl, sandbox.knobs);
    const rows: BigRecordRow[] = [];
    for (const role of ['clinician', 'patient'] as const) {
      const small: Launch[] = [];
      const big: Launch[] = [];
      // Interleaved, so a slow moment of the machine falls on both alike.
      for (let i = 0; i < RUNS; i++) {
        small.push(await launch(browser, sandbox.url, role, SMALL_ID));
        big.push(await launch(browser, sandbox.url, role, BIG_PATIENT_ID));
      }
      rows.push({ role, small: medianLaunch(small), big: medianLaunch(big) });
    }
    const { pageMs, pages } = await observationPages(sandbox.url, sandbox.fhirBaseUrl, sandbox.knobs);
    const narrowedWarmMs = await narrowedSearches(sandbox.url, sandbox.fhirBaseUrl, sandbox.knobs);
    return {
      observations,
      medicationRequests,
      runs: RUNS,
      rows,
      pageMs,
      pages,
      narrowedColdMs,
      narrowedWarmMs,
    };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await sandbox.close();
  }
}

const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(0)} ms`);
const ratio = (big: number | undefined, small: number | undefined) =>
  big === undefined || small === undefined ? 'n/a' : (big / small).toFixed(2);

export function describeBigRecordFigures(f: BigRecordFigures): string[] {
  const lines = [
    `big record (${f.observations.toLocaleString('en-US')} Observations, ${f.medicationRequests.toLocaleString('en-US')} ` +
      `MedicationRequests) vs ${SMALL_ID}, ${LATENCY_MS} ms added latency, median of ${f.runs} interleaved launches:`,
  ];
  for (const { role, small, big } of f.rows) {
    lines.push(
      `  ${role}: redirect → first screen ${ms(big.firstScreen)} vs ${ms(small.firstScreen)} ` +
        `(ratio ${ratio(big.firstScreen, small.firstScreen)}, target ≤ 2)` +
        (role === 'clinician'
          ? `; → workspace usable ${ms(big.usable)} vs ${ms(small.usable)} (ratio ${ratio(big.usable, small.usable)}, target ≤ 2)`
          : '') +
        `; → whole record read ${ms(big.recordRead)} vs ${ms(small.recordRead)} (ratio ${ratio(big.recordRead, small.recordRead)}); ` +
        `longest main-thread task ${ms(big.longestTask)} vs ${ms(small.longestTask)} (target ≤ 200 ms)`,
    );
  }
  lines.push(
    `  sandbox: one page of the big record's Observations (1,000, its cap) ${f.pageMs.toFixed(1)} ms ` +
      `(median of ${f.pages} pages read one after another, no added latency)`,
  );
  lines.push(
    `  sandbox: the rules' narrowed Observation searches of the big record, every page, no added latency: ` +
      `${f.narrowedColdMs.toFixed(0)} ms before any launch, ${f.narrowedWarmMs.toFixed(0)} ms after`,
  );
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  benchBigRecord()
    .then((f) => {
      for (const line of describeBigRecordFigures(f)) console.log(line);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
