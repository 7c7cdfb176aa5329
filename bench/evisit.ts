/**
 * The e-visit figures of issue 11's Performance section, printed by `npm run bench`:
 *
 * - **Chunk weight.** What opening the e-visit screens fetches on top of the initial page, gzipped
 *   (budget 60 kB), read from the build in dist/: for every lazily imported chunk built from
 *   src/evisit/ (found through its source map), the files Vite preloads with it (the chunk, its
 *   shared chunks and its CSS), less what the app page already loaded: its entry and what the entry
 *   fetches at once before any screen (the React half and the first screen's words, `isPageStart`). The patient's screens and the
 *   clinician's (queue, review, the inline stewardship card) are counted apart. What those chunks
 *   import later still (the rule engine and its code sets, run when a stewardship check runs, and
 *   shared with the workspace's prompts) is printed beside, not inside, the figure.
 * - **Answering a question.** A patient launch through the sandbox in Chromium opens the URI e-visit
 *   and answers ~30 questions. For each click on an answer the page records the time from the
 *   event to the end of its handlers (the re-render: React renders a click synchronously) and to the
 *   next paint (a message posted from requestAnimationFrame runs after the frame is drawn), so the
 *   second figure includes the wait for the frame boundary. Median and p95, beside the 16.7 ms frame.
 *
 * `npx tsx bench/evisit.ts` runs it alone, against a build already in dist/.
 */
import { chromium } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { startSandbox } from '../sandbox/index';
// @ts-expect-error -- plain .mjs helper shared with the test scripts; no type declarations.
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import { median } from './measure';

const FRAME_MS = 1000 / 60;
const ANSWERS = 30;
const BUDGET_KB = 60;
const PATIENT = 'cg-theo';

// ------------------------------------------------------------------ chunk weight (pure, tested)

export type EvisitSide = 'patient' | 'clinician';

export interface SideWeight {
  /** Files fetched on top of the initial page when the side's screens open (`assets/…`). */
  files: string[];
  gzipBytes: number;
  /** Of those, the ones the app's other screens (patient home, workspace) load too, and their weight. */
  shared: string[];
  sharedGzipBytes: number;
  /** Files their chunks import later still (the rule engine, its code sets), and their weight. */
  deferred: string[];
  deferredGzipBytes: number;
}

/** The page's own files: its entry script, modulepreloads and stylesheets. */
export function initialFiles(indexHtml: string): Set<string> {
  const refs = indexHtml.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/?(assets\/[^"]+)"/g);
  return new Set([...refs].map((m) => m[1]!));
}

/**
 * Every dynamic import in a built chunk, with what Vite preloads alongside it. A chunk's
 * `__vite__mapDeps` table names files; each `import("./x.js")` that has preloads is followed by the
 * indexes of its own, the imported chunk first. An import without preloads fetches the chunk alone
 * (its static imports are then already on the page).
 */
export function dynamicImports(code: string): Map<string, string[]> {
  const table = /m\.f=\[([^\]]*)\]/.exec(code)?.[1];
  const names = table ? [...table.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : [];
  const out = new Map<string, string[]>();
  for (const m of code.matchAll(/import\("\.\/([^"]+\.js)"\)(?:,__vite__mapDeps\(\[([\d,]*)\]\))?/g)) {
    const target = `assets/${m[1]!}`;
    const deps = m[2] ? m[2].split(',').map((i) => names[Number(i)]!) : [target];
    out.set(target, [...new Set([...(out.get(target) ?? []), ...deps])]);
  }
  return out;
}

/** Which e-visit screens a chunk is built from, by the sources its map lists; none for others. */
export function sideOf(sources: readonly string[]): EvisitSide | undefined {
  const evisit = sources.filter((s) => /(^|\/)src\/evisit\//.test(s));
  if (evisit.length === 0) return undefined;
  return evisit.some((s) => /(^|\/)src\/evisit\/clinician\//.test(s)) ? 'clinician' : 'patient';
}

export interface BuiltFiles {
  indexHtml: string;
  /** `assets/x.js` → its code. */
  code: Map<string, string>;
  /** `assets/x.js` → the sources its map lists. */
  sources: Map<string, string[]>;
  /** Gzipped size of any file under dist/. */
  gzipBytes(file: string): number;
}

/**
 * Chunks the app page's entry fetches at once, before any screen (src/app/main.tsx: the React half
 * and the first screen's words, started while the token exchange is under way). They are the page's
 * start, not a screen's weight, though they are dynamic imports and so outside "initial JavaScript".
 */
export function isPageStart(sources: readonly string[]): boolean {
  return sources.some((s) => /(^|\/)src\/(app\/render\.tsx|i18n\/(en|es)\.json)/.test(s));
}

export function evisitWeight(built: BuiltFiles): Record<EvisitSide, SideWeight> {
  const imports = new Map<string, string[]>();
  const importedFrom = new Map<string, Set<string>>();
  for (const [file, code] of built.code)
    for (const [target, deps] of dynamicImports(code)) {
      imports.set(target, [...new Set([...(imports.get(target) ?? []), ...deps])]);
      importedFrom.set(file, new Set([...(importedFrom.get(file) ?? []), target]));
    }
  const entryFiles = initialFiles(built.indexHtml);
  const initial = new Set([
    ...entryFiles,
    ...[...entryFiles]
      .flatMap((f) => [...(importedFrom.get(f) ?? [])])
      .filter((t) => isPageStart(built.sources.get(t) ?? []))
      .flatMap((t) => imports.get(t) ?? []),
  ]);
  const weigh = (files: Iterable<string>) => [...files].reduce((n, f) => n + built.gzipBytes(f), 0);
  // The other screens: what the page's start lazily imports that is not built from src/evisit/.
  const others = new Set(
    [...initial]
      .flatMap((f) => [...(importedFrom.get(f) ?? [])])
      .filter((t) => sideOf(built.sources.get(t) ?? []) === undefined)
      .flatMap((t) => imports.get(t) ?? []),
  );
  const result = {} as Record<EvisitSide, SideWeight>;
  for (const side of ['patient', 'clinician'] as const) {
    const screens = [...imports.keys()].filter((t) => sideOf(built.sources.get(t) ?? []) === side);
    const files = new Set(screens.flatMap((t) => imports.get(t) ?? []).filter((f) => !initial.has(f)));
    const deferred = new Set<string>();
    for (const f of files)
      for (const target of importedFrom.get(f) ?? [])
        if (sideOf(built.sources.get(target) ?? []) === undefined)
          for (const d of imports.get(target) ?? []) if (!initial.has(d) && !files.has(d)) deferred.add(d);
    const shared = [...files].filter((f) => others.has(f)).sort();
    result[side] = {
      files: [...files].sort(),
      gzipBytes: weigh(files),
      shared,
      sharedGzipBytes: weigh(shared),
      deferred: [...deferred].sort(),
      deferredGzipBytes: weigh(deferred),
    };
  }
  return result;
}

/** The build in `dist` as evisitWeight reads it. */
export function readBuild(dist: string): BuiltFiles {
  const code = new Map<string, string>();
  const sources = new Map<string, string[]>();
  for (const name of readdirSync(join(dist, 'assets'))) {
    if (!name.endsWith('.js')) continue;
    const file = `assets/${name}`;
    code.set(file, readFileSync(join(dist, file), 'utf8'));
    const map = join(dist, `${file}.map`);
    if (existsSync(map))
      sources.set(file, (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources);
  }
  return {
    indexHtml: readFileSync(join(dist, 'index.html'), 'utf8'),
    code,
    sources,
    gzipBytes: (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
  };
}

/** The p-th percentile by nearest rank (p95 of 30 is the 29th smallest). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

// ------------------------------------------------------------------ answering in Chromium

export interface AnswerTimes {
  /** From the click event to the end of its handlers, ms. */
  handled: number[];
  /** From the click event to just after the next frame was drawn, ms. */
  painted: number[];
}

/** Installed in the page: times every click on an answer button of the current question. */
function recordAnswerTimes(): void {
  const w = window as unknown as { __answers: { handled: number[]; painted: number[] } };
  w.__answers = { handled: [], painted: [] };
  // Capture on window: first to see the click. Bubble on window: after React's root listener.
  let start: number | undefined;
  window.addEventListener(
    'click',
    (e) => {
      const t = e.target as Element | null;
      start = t?.closest('.evisit-question button[aria-pressed]') ? e.timeStamp : undefined;
    },
    true,
  );
  window.addEventListener('click', () => {
    if (start === undefined) return;
    const t0 = start;
    w.__answers.handled.push(performance.now() - t0);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => w.__answers.painted.push(performance.now() - t0);
      channel.port2.postMessage(undefined);
    });
  });
}

export async function benchAnswering(appUrl = 'http://localhost:5173'): Promise<AnswerTimes> {
  const sandbox = await startSandbox({ port: 8080, knobs: { latencyMs: 0 } });
  const server = await preview({ preview: { port: 5173, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(recordAnswerTimes);
    await page.goto(
      `${sandbox.url}/launcher?role=patient&patient=${PATIENT}&launch_uri=${encodeURIComponent(`${appUrl}/launch/`)}`,
    );
    const section = page.locator('#new-problem');
    await section.waitFor({ timeout: 60_000 });
    await section.getByRole('button', { name: 'A cold, sore throat or cough' }).click();
    const question = page.locator('.evisit-question');
    let answered = 0;
    while (answered < ANSWERS) {
      await question.waitFor();
      const at = await question.getAttribute('data-link-id');
      const no = question.getByRole('button', { name: 'No', exact: true });
      if ((await no.count()) === 0) {
        // Past the yes/no questions (or at the oxygen question): step back and answer again.
        if (at === 'uri-2') await question.getByRole('button', { name: "I don't know" }).click();
        else await question.getByRole('button', { name: 'Back' }).click();
        await page.waitForFunction(
          (id) => document.querySelector('.evisit-question')?.getAttribute('data-link-id') !== id,
          at,
        );
        continue;
      }
      await no.click();
      answered++;
      await page.waitForFunction(
        ([id, n]) =>
          document.querySelector('.evisit-question')?.getAttribute('data-link-id') !== id &&
          (window as unknown as { __answers: { painted: number[] } }).__answers.painted.length >= n,
        [at, answered] as const,
      );
    }
    return await page.evaluate(() => (window as unknown as { __answers: AnswerTimes }).__answers);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await sandbox.close();
  }
}

// ------------------------------------------------------------------ the figures

export function describeEvisitFigures(weight: Record<EvisitSide, SideWeight>, times: AnswerTimes): string[] {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;
  const side = (name: string, w: SideWeight) =>
    `  ${name}: ${kb(w.gzipBytes)} (${w.files.length} files; ratio ${(w.gzipBytes / (BUDGET_KB * 1024)).toFixed(2)}), ` +
    `of which ${kb(w.sharedGzipBytes)} the app's other screens load too (${w.shared.length} files)` +
    (w.deferred.length
      ? `; later, on demand: ${kb(w.deferredGzipBytes)} (${w.deferred.length} files: the rule engine and ` +
        'code sets when a stewardship check first runs, decision aids when opened; shared with the workspace)'
      : '');
  const ms = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;
  return [
    `e-visit screens on top of the initial page, gzipped (budget ${BUDGET_KB} kB):`,
    side('patient (Ask about a new problem)', weight.patient),
    side('clinician (queue, review, stewardship card)', weight.clinician),
    `e-visit answering, Chromium, ${times.handled.length} answers (${PATIENT}, URI e-visit): click → re-rendered ` +
      `${ms(times.handled)}; click → next paint ${ms(times.painted)} (one frame ${FRAME_MS.toFixed(1)} ms; ` +
      'the paint figure includes waiting for the frame boundary)',
  ];
}

export async function benchEvisit(dist = 'dist'): Promise<string[]> {
  const weight = evisitWeight(readBuild(dist));
  return describeEvisitFigures(weight, await benchAnswering());
}

if (process.argv[1]?.endsWith('evisit.ts')) {
  benchEvisit()
    .then((lines) => console.log(lines.join('\n')))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
