/**
 * Prompt-engine benchmark (prints figures; tests never assert timings).
 *   npx tsx bench/prompts.ts
 *   BENCH_CLI_PATIENTS=1000 npx tsx bench/prompts.ts   # the export figures at 1,000 patients only
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Resource } from 'fhir/r4';
import { nodeCodeSets, run } from '../src/cli/prompts';
import { addJsonDocument, PatientCollector, readPaths } from '../src/cli/input';
import { evaluatePrompts } from '../src/core/prompts';
import { generatePopulation } from '../analytics/population/generate';
import type { ChildFigures } from './prompts-child';

const FIXTURES = fileURLToPath(new URL('../fhir-fixtures/', import.meta.url));
const SYNTHEA = join(FIXTURES, 'synthea');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsonFiles(join(dir, e.name)) : /\.json$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

export interface PromptBench {
  medianMsLargestPatient: number;
  largestPatientObservations: number;
  /** JSON.parse time ÷ whole-CLI time (reading, parsing, grouping, evaluating): 1 would be the floor. */
  cliThroughputRatio: number;
  /** Evaluating every patient, as a share of parsing the same bytes (target ≤ 25 %). */
  evaluationAddsToParsePercent: number;
  parseMs: number;
  evaluateMs: number;
  cliMs: number;
  cliMBps: number;
  jsonParseMBps: number;
  codesGzipBytes: number;
  codesRawBytes: number;
}

export async function benchPrompts(): Promise<PromptBench> {
  const codes = nodeCodeSets();

  // Largest patient (by Observation count) across fhir-fixtures/.
  const collector = new PatientCollector();
  await readPaths(collector, [FIXTURES]);
  let largest: Resource[] = [];
  let largestObs = -1;
  for (const id of collector.patients.keys()) {
    const rs = collector.resourcesOf(id);
    const obs = rs.filter((r) => r.resourceType === 'Observation').length;
    if (obs > largestObs) [largest, largestObs] = [rs, obs];
  }
  const date = '2021-06-01';
  for (let i = 0; i < 20; i++) evaluatePrompts({ resources: largest, date }, codes);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    evaluatePrompts({ resources: largest, date }, codes);
    times.push(performance.now() - t0);
  }

  // CLI pipeline over fhir-fixtures/synthea vs plain JSON.parse of the same bytes, same run.
  // Interleaved so that machine noise hits all three measures alike.
  const files = jsonFiles(SYNTHEA);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const synthea = new PatientCollector();
  texts.forEach((text, i) => addJsonDocument(synthea, files[i] as string, text));
  const parseRuns: number[] = [];
  const evalRuns: number[] = [];
  const cliRuns: number[] = [];
  for (let i = 0; i < 15; i++) {
    let t0 = performance.now();
    for (const t of texts) JSON.parse(t);
    parseRuns.push(performance.now() - t0);
    t0 = performance.now();
    for (const id of synthea.patients.keys())
      evaluatePrompts({ resources: synthea.resourcesOf(id), date }, codes);
    evalRuns.push(performance.now() - t0);
    t0 = performance.now();
    await run(
      ['--date', date, SYNTHEA],
      () => undefined,
      () => undefined,
    );
    cliRuns.push(performance.now() - t0);
  }
  const mb = bytes / 1e6;
  const parseMs = median(parseRuns);
  const evalMs = median(evalRuns);
  const cliMs = median(cliRuns);

  const raw = readFileSync(new URL('../src/core/prompts/codes.generated.json', import.meta.url));
  return {
    medianMsLargestPatient: Math.round(median(times) * 1000) / 1000,
    largestPatientObservations: largestObs,
    cliThroughputRatio: Math.round((parseMs / cliMs) * 1000) / 1000,
    evaluationAddsToParsePercent: Math.round((evalMs / parseMs) * 1000) / 10,
    parseMs: Math.round(parseMs * 10) / 10,
    evaluateMs: Math.round(evalMs * 10) / 10,
    cliMs: Math.round(cliMs * 10) / 10,
    cliMBps: Math.round((mb / (cliMs / 1000)) * 10) / 10,
    jsonParseMBps: Math.round((mb / (parseMs / 1000)) * 10) / 10,
    codesGzipBytes: gzipSync(raw, { level: 9 }).length,
    codesRawBytes: raw.length,
  };
}

export interface ExportFigures {
  patients: number;
  megabytes: number;
  cliSeconds: number;
  cliCpuSeconds: number;
  parseSeconds: number;
  /** JSON.parse time ÷ whole-CLI time over the same export, each in a process of its own on one core. */
  ratio: number;
  peakRssMb: number;
}

function child(mode: 'cli' | 'parse', dir: string): ChildFigures {
  const script = fileURLToPath(new URL('./prompts-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, mode, dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildFigures;
}

/**
 * The CLI over generated bulk exports (npm run population: one NDJSON file per type), at each size in
 * BENCH_CLI_PATIENTS (default 1,000 and 10,000): throughput against JSON.parse of the same lines, and
 * the CLI's peak RSS, each measured in a child process.
 */
export async function benchPromptsExport(): Promise<ExportFigures[]> {
  const sizes = (process.env['BENCH_CLI_PATIENTS'] ?? '1000,10000').split(',').map(Number);
  const rows: ExportFigures[] = [];
  for (const patients of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'cg-bench-cli-'));
    try {
      await generatePopulation({ patients, out: dir, seed: 'bench', date: '2026-12-01' });
      const parse = child('parse', dir);
      const cli = child('cli', dir);
      rows.push({
        patients,
        megabytes: cli.bytes / 1e6,
        cliSeconds: cli.ms / 1000,
        cliCpuSeconds: cli.cpuMs / 1000,
        parseSeconds: parse.ms / 1000,
        ratio: parse.ms / cli.ms,
        peakRssMb: cli.maxRssMb,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function formatPromptsExport(rows: readonly ExportFigures[]): string[] {
  return rows.map(
    (r) =>
      `prompts CLI over a generated ${r.patients.toLocaleString('en')}-patient NDJSON export ` +
      `(${r.megabytes.toFixed(0)} MB): ${r.cliSeconds.toFixed(1)} s (CPU ${r.cliCpuSeconds.toFixed(1)} s) vs ` +
      `JSON.parse alone ${r.parseSeconds.toFixed(1)} s (throughput ratio ${r.ratio.toFixed(2)}; target ≥ 0.6); ` +
      `peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void (async () => {
    console.log(JSON.stringify(await benchPrompts(), null, 2));
    for (const line of formatPromptsExport(await benchPromptsExport())) console.log(line);
  })();
}
