/**
 * One measurement of bench/prompts.ts in a process of its own, so its peak memory is its own:
 *   cli <path>     the whole prompts CLI over <path>: wall and CPU time, peak RSS
 *   parse <path>   JSON.parse alone of every NDJSON line under <path> (lines cut beforehand, untimed)
 * Prints one JSON object.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../src/cli/prompts';

export interface ChildFigures {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  bytes: number;
}

const DATE = '2026-12-01';

function ndjsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .map((f) => join(dir, f));
}

/** Time spent in JSON.parse only, over each file's lines, read and cut 8 MB at a time outside the clock. */
function parseOnly(dir: string): number {
  let parseMs = 0;
  const chunk = Buffer.allocUnsafe(8 << 20);
  for (const file of ndjsonFiles(dir)) {
    const fd = openSync(file, 'r');
    let carry = '';
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      const text = carry + chunk.toString('utf8', 0, read);
      const lines = text.split('\n');
      carry = read === 0 ? '' : (lines.pop() ?? '');
      const started = performance.now();
      for (const line of lines) if (line.trim()) JSON.parse(line);
      parseMs += performance.now() - started;
      if (read === 0) break;
    }
    closeSync(fd);
  }
  return parseMs;
}

async function main(): Promise<void> {
  const [mode, path] = process.argv.slice(2);
  if (!path || (mode !== 'cli' && mode !== 'parse'))
    throw new Error('usage: prompts-child.ts cli|parse <path>');
  const bytes = ndjsonFiles(path).reduce((n, f) => n + statSync(f).size, 0);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let ms: number;
  if (mode === 'parse') {
    ms = parseOnly(path);
  } else {
    await run(
      ['--date', DATE, path],
      () => undefined,
      () => undefined,
    );
    ms = performance.now() - started;
  }
  const used = process.cpuUsage(cpu);
  const figures: ChildFigures = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    bytes,
  };
  console.log(JSON.stringify(figures));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
