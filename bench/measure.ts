/** The arithmetic behind the benchmark, kept apart so it can be tested. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface LoggedRequest {
  method: string;
  path: string;
  start: number;
  end: number;
  status: number;
  /** The exact path, where `path` names a family (`app-*.js` for every hashed app chunk). */
  exact?: string;
  /** Answered from the browser's cache: nothing went to the network. */
  cached?: boolean;
}

/**
 * Sequential waves: a request belongs to wave 1 + the highest wave of any request that finished
 * before it started (it could have waited for that one). Concurrent requests share a wave.
 * Returned in start order.
 */
export function assignWaves<R extends Pick<LoggedRequest, 'start' | 'end'>>(
  requests: readonly R[],
): { wave: number; request: R }[] {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const out: { wave: number; request: R }[] = [];
  sorted.forEach((r, i) => {
    let w = 1;
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= r.start) w = Math.max(w, out[j]!.wave + 1);
    out.push({ wave: w, request: r });
  });
  return out;
}

export function countWaves(requests: LoggedRequest[]): number {
  return assignWaves(requests).reduce((max, { wave }) => Math.max(max, wave), 0);
}

/**
 * One line per wave: when it ran (ms from the first request's start) and what was asked for in it
 * (the same name twice counted once, with ×n).
 */
export function describeWaves(requests: readonly LoggedRequest[]): string[] {
  const assigned = assignWaves(requests);
  const t0 = assigned[0]?.request.start ?? 0;
  const byWave = new Map<number, LoggedRequest[]>();
  for (const { wave, request } of assigned) byWave.set(wave, [...(byWave.get(wave) ?? []), request]);
  return [...byWave].map(([wave, rs]) => {
    const counts = new Map<string, number>();
    for (const r of rs) counts.set(`${r.method} ${r.path}`, (counts.get(`${r.method} ${r.path}`) ?? 0) + 1);
    const list = [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n));
    const from = Math.min(...rs.map((r) => r.start)) - t0;
    const to = Math.max(...rs.map((r) => r.end)) - t0;
    return `wave ${wave} (${from.toFixed(0)}–${to.toFixed(0)} ms): ${list.join(', ')}`;
  });
}

/**
 * Reads of the same thing more than once from the network (method and exact path, query ignored),
 * with how often. A copy the browser kept is not a read.
 */
export function readTwice(requests: readonly LoggedRequest[]): string[] {
  const counts = new Map<string, number>();
  for (const r of requests) {
    if (r.method !== 'GET' || r.cached) continue;
    const key = `${r.method} ${(r.exact ?? r.path).split('?')[0]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, c]) => c > 1).map(([k, c]) => `${k} ×${c}`);
}

/** A figure beside its target: "<value> <unit> (target ≤ <target>, ratio <value/target>)". */
export function againstTarget(value: number, target: number, unit: string, digits = 1): string {
  return `${value.toFixed(digits)} ${unit} (target ≤ ${target} ${unit}, ratio ${(value / target).toFixed(2)})`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Raw and gzipped (level 9) bytes of built files, by their path on the site. */
export function gzipOf(dist: string, files: readonly string[]): { rawBytes: number; gzipBytes: number } {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dist, f.replace(/^\//, '')));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { rawBytes, gzipBytes };
}

/** The JavaScript the app page loads before anything else: its entry script and modulepreloads. */
export function initialJs(dist: string): { files: string[]; rawBytes: number; gzipBytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  return { files, ...gzipOf(dist, files) };
}

/**
 * How long a new browser window is left open before a timed launch starts in it. Headless Chromium
 * 156 builds the address bar's popup (two chrome://omnibox-popup pages) in every new window, about
 * half a second of renderer work that ran alongside the launch on a 2-core machine (CDP target
 * discovery saw them created with each context; redirect → first screen took 4.8–6.0 round trips
 * beside it, 2.9–3.1 after it). A person's window is open before they launch an app, so the timed
 * path starts after that work. Waiting is used rather than `--disable-features`: Chromium keeps only
 * the last such switch, and ours would drop Playwright's own list.
 */
export const WINDOW_SETTLE_MS = 1500;

/** Lets a page's new window finish building its own browser UI (WINDOW_SETTLE_MS). */
export function settleWindow(page: { waitForTimeout(ms: number): Promise<void> }): Promise<void> {
  return page.waitForTimeout(WINDOW_SETTLE_MS);
}
