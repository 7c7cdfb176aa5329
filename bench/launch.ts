/**
 * The launch path in Chromium, from the launch URL to the first screen, counted in bare FHIR round
 * trips measured from the same page in the same run (issue 14's definitions). Each request the
 * browser made on the way is kept with its timing, so the breakdown shows what waited for what.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { preview } from 'vite';
import { startSandbox } from '../sandbox/index';
// @ts-expect-error -- plain .mjs helper shared with the test scripts; no type declarations.
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import {
  againstTarget,
  describeWaves,
  gzipOf,
  initialJs,
  median,
  readTwice,
  settleWindow,
  type LoggedRequest,
} from './measure';

const RUNS = 5;
const BARE_READS = 7;
const LAUNCH_TARGET = 8;
const REDIRECT_TARGET = 3;
export const INITIAL_JS_TARGET_KB = 100;
const APP = 'http://localhost:5173';
const ON_SCREEN = 'cg-bench:on-screen';

export interface LaunchRun {
  /** From the request for the launch URL until the patient and problems are on screen, ms. */
  launchToScreen: number;
  /** From the request for the app page (the redirect back from the server) to the same moment, ms. */
  redirectToScreen: number;
  bareMs: number;
  requests: LoggedRequest[];
  /** Where in `requests` the app page's own request is: what follows is after the redirect. */
  redirectAt: number;
  /** The app's scripts the app page fetched before its first screen, by path on the site. */
  scripts: string[];
}

export interface RoleFigures {
  role: 'clinician' | 'patient';
  patient: string;
  runs: LaunchRun[];
}

/** Names without the build's hashes or the query, prefixed with which server answered. */
function requestName(url: URL): string {
  const path = url.pathname.replace(/-[\w-]{8}\.(js|css)$/, '-*.$1');
  return `${url.origin === APP ? 'app' : 'ehr'} ${path}`;
}

/**
 * Every request the page made, each with whether the browser answered it from its own caches.
 * Chromium's memory cache answers with no connection and no time between asking and answer. Its
 * HTTP cache (where the launch page's prefetches land) takes milliseconds, like loopback, so time
 * cannot tell it apart; what it moved can: nothing came over the wire, and Playwright's body size
 * (bytes on the wire less the headers) comes out below zero. `settled` waits for those sizes.
 */
function record(page: Page): { requests: (LoggedRequest & { url: URL })[]; settled: () => Promise<void> } {
  const requests: (LoggedRequest & { url: URL })[] = [];
  const sizes: Promise<void>[] = [];
  page.on('requestfinished', (r) => {
    const t = r.timing();
    const url = new URL(r.url());
    if (url.protocol === 'data:') return;
    const end = t.responseEnd >= 0 ? t.responseEnd : t.responseStart;
    const request = {
      method: r.method(),
      path: requestName(url),
      exact: `${url.origin === APP ? 'app' : 'ehr'} ${url.pathname}`,
      cached: t.connectStart === -1 && t.requestStart >= 0 && t.responseEnd === t.requestStart,
      url,
      start: t.startTime,
      end: t.startTime + end,
      status: 0,
    };
    requests.push(request);
    sizes.push(
      r.sizes().then(
        (z) => void (request.cached ||= z.responseBodySize < 0),
        () => undefined,
      ),
    );
  });
  return { requests, settled: async () => void (await Promise.all(sizes)) };
}

/**
 * On the app page, the moment the first screen is drawn: the app's `cg:first-screen` mark is set
 * and a problem of the record is on the page. Epoch ms, so it compares with the requests' times.
 * The page says so on its console rather than being polled: Playwright's `waitForFunction` compiles
 * its injected script into each new document, tens of milliseconds of the app page's main thread
 * right on the path being timed (seen in a Chromium trace while the token was in flight).
 * Plain source, not a function: tsx's name helpers would not exist in the page.
 */
const WATCH_FIRST_SCREEN = `
if (location.port === '5173' && location.pathname === '/') {
  const check = () => {
    const marked = performance.getEntriesByName('cg:first-screen').length > 0;
    if (marked && document.querySelector('[data-testid="problems-current"] li')) {
      console.debug('${ON_SCREEN} ' + (performance.timeOrigin + performance.now()));
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}`;

/** The epoch ms the page reported its first screen at (WATCH_FIRST_SCREEN). */
function onScreenReported(page: Page, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no first screen within ${timeoutMs} ms`)), timeoutMs);
    page.on('console', (m) => {
      const text = m.text();
      if (!text.startsWith(`${ON_SCREEN} `)) return;
      clearTimeout(timer);
      resolve(Number(text.slice(ON_SCREEN.length + 1)));
    });
  });
}

/** Small authorized reads of the patient, one after another, from the page, with the page's own token. */
async function bareReads(page: Page, n: number): Promise<number[]> {
  // fhirclient's state in this tab; the token stays inside the page.
  return page.evaluate(`(async () => {
    const state = JSON.parse(sessionStorage.getItem(JSON.parse(sessionStorage.getItem('SMART_KEY'))));
    const url = state.serverUrl + '/Patient/' + encodeURIComponent(state.tokenResponse.patient);
    const headers = { authorization: 'Bearer ' + state.tokenResponse.access_token, accept: 'application/fhir+json' };
    const times = [];
    for (let i = 0; i < ${n}; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { headers, cache: 'no-store' });
      await res.arrayBuffer();
      if (!res.ok) throw new Error('Patient read answered ' + res.status);
      times.push(performance.now() - t0);
    }
    return times;
  })()`);
}

async function launchOnce(
  browser: Browser,
  sandboxUrl: string,
  role: string,
  patient: string,
): Promise<LaunchRun> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await settleWindow(page);
    await page.addInitScript({ content: WATCH_FIRST_SCREEN });
    const { requests, settled } = record(page);
    const reported = onScreenReported(page, 60_000);
    // Awaited below; a failed navigation throws first, and its timeout must not go unhandled then.
    reported.catch(() => undefined);
    await page.goto(
      `${sandboxUrl}/launcher?role=${role}&patient=${encodeURIComponent(patient)}` +
        `&launch_uri=${encodeURIComponent(`${APP}/launch/`)}`,
    );
    const onScreen = await reported;
    // The rest of the record is read right after the first screen; bare reads wait for quiet.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const bare = await bareReads(page, BARE_READS);
    await settled();
    const onTheWay = requests.filter((r) => r.start <= onScreen).sort((a, b) => a.start - b.start);
    const launchAt = onTheWay.find((r) => r.path === 'app /launch/');
    const redirectAt = onTheWay.findIndex((r) => r.path === 'app /');
    if (!launchAt || redirectAt < 0)
      throw new Error(`${role} launch: no launch page or app page request seen.`);
    const kept = onTheWay.filter((r) => r.start >= launchAt.start);
    return {
      launchToScreen: onScreen - launchAt.start,
      redirectToScreen: onScreen - onTheWay[redirectAt]!.start,
      bareMs: median(bare),
      requests: kept,
      redirectAt: kept.findIndex((r) => r.path === 'app /'),
      scripts: [
        ...new Set(
          onTheWay
            .slice(redirectAt)
            .filter((r) => r.url.origin === APP && r.url.pathname.endsWith('.js'))
            .map((r) => r.url.pathname),
        ),
      ],
    };
  } finally {
    await context.close();
  }
}

export async function benchLaunch(browser: Browser, sandboxUrl: string): Promise<RoleFigures[]> {
  const patients = (await (await fetch(`${sandboxUrl}/sandbox/patients`)).json()) as { id: string }[];
  // A patient with a problem list, so "problems on screen" has something to show.
  const patient =
    patients.find((p) => p.id === 'cg-maria')?.id ?? patients.find((p) => p.id.startsWith('cg-'))?.id;
  if (!patient) throw new Error('The sandbox has no fixture patients.');
  const out: RoleFigures[] = [];
  for (const role of ['clinician', 'patient'] as const) {
    const runs: LaunchRun[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await launchOnce(browser, sandboxUrl, role, patient));
    out.push({ role, patient, runs });
  }
  return out;
}

/**
 * `jsKb` sizes scripts (gzipped kB). The initial JavaScript compared with its target is what the app
 * page fetched before its first screen, whichever role needed more: an entry that fetches its React
 * half at once would otherwise look light by the definition (entry + modulepreloads), which is
 * printed beside it.
 */
export function describeLaunch(
  figures: RoleFigures[],
  latencyMs: number,
  jsKb: (scripts: string[]) => number,
  byDefinition: { files: string[]; gzipBytes: number },
): string[] {
  const lines: string[] = [];
  let heaviest = { kb: 0, role: '' };
  for (const { role, patient, runs } of figures) {
    const bare = median(runs.map((r) => r.bareMs));
    const launch = median(runs.map((r) => r.launchToScreen));
    const redirect = median(runs.map((r) => r.redirectToScreen));
    // The breakdown of the run closest to the median, so the waves add up to the figure printed.
    const typical = [...runs].sort(
      (a, b) => Math.abs(a.launchToScreen - launch) - Math.abs(b.launchToScreen - launch),
    )[0]!;
    const twice = readTwice(typical.requests);
    const fetchedKb = median(runs.map((r) => jsKb(r.scripts)));
    if (fetchedKb > heaviest.kb) heaviest = { kb: fetchedKb, role };
    lines.push(
      `${role} launch (${patient}), ${latencyMs} ms added latency, median of ${runs.length}; bare round trip ` +
        `(GET Patient/<id> from the page) ${bare.toFixed(0)} ms`,
      `  launch URL → patient and problems on screen: ${launch.toFixed(0)} ms = ` +
        againstTarget(launch / bare, LAUNCH_TARGET, 'bare round trips'),
      `  redirect → first screen: ${redirect.toFixed(0)} ms = ` +
        againstTarget(redirect / bare, REDIRECT_TARGET, 'bare round trips'),
      `  read twice on the way: ${twice.length ? twice.join(', ') : 'nothing'}`,
      `  JavaScript the app page fetched before this first screen: ${fetchedKb.toFixed(1)} kB gzipped ` +
        `(${typical.scripts.length} files: ${typical.scripts.map((s) => s.replace(/^\/assets\//, '')).join(', ')})`,
      '  before the redirect:',
      ...describeWaves(typical.requests.slice(0, typical.redirectAt)).map((l) => `    ${l}`),
      '  after the redirect:',
      ...describeWaves(typical.requests.slice(typical.redirectAt)).map((l) => `    ${l}`),
    );
  }
  lines.push(
    `initial JavaScript of the app page, fetched before its first screen (${heaviest.role}): ` +
      `${againstTarget(heaviest.kb, INITIAL_JS_TARGET_KB, 'kB')} gzipped; by the definition (entry + ` +
      `modulepreloads) ${(byDefinition.gzipBytes / 1024).toFixed(1)} kB (${byDefinition.files.join(', ')})`,
  );
  return lines;
}

/** The launch figures alone: `flock /tmp/e2e.lock npx tsx bench/launch.ts` (ports 8080 and 5173). */
async function main(): Promise<void> {
  const latencyMs = 100;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  const sandbox = await startSandbox({ port: 8080, knobs: { latencyMs } });
  const server = await preview({ preview: { port: 5173, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const figures = await benchLaunch(browser, sandbox.url);
    const jsKb = (scripts: string[]) => gzipOf('dist', scripts).gzipBytes / 1024;
    for (const line of describeLaunch(figures, latencyMs, jsKb, initialJs('dist'))) console.log(line);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await sandbox.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
