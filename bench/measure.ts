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
}

/**
 * Sequential waves: a request belongs to wave 1 + the highest wave of any request that finished
 * before it started (it could have waited for that one). Concurrent requests share a wave.
 */
export function countWaves(requests: LoggedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const waves: number[] = [];
  sorted.forEach((r, i) => {
    let w = 1;
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= r.start) w = Math.max(w, waves[j]! + 1);
    waves.push(w);
  });
  return waves.length ? Math.max(...waves) : 0;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The JavaScript the app page loads before anything else: its entry script and modulepreloads. */
export function initialJs(dist: string): { files: string[]; rawBytes: number; gzipBytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dist, f.replace(/^\//, '')));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes };
}
