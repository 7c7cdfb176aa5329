/**
 * Value-care prompts over FHIR files:
 *
 *   npx tsx src/cli/prompts.ts [--date YYYY-MM-DD | --as-of-last-encounter] <path>...
 *
 * Prints one JSON object per line per prompt that fires:
 *   {"patient":"…","rule":"R4","kind":"deintensify","summary":"…","evidence":["Observation/abc"],
 *    "why":[{"kind":"entry","reference":"Observation/abc","name":"HbA1c","value":"6.8 %","date":"2026-05-01",…}]}
 * `why` is the evidence as the app's cards show it (src/core/prompts/evidence.ts).
 * Bad input is reported on stderr (file and line/entry) and the rest is still evaluated; what no rule
 * can read (a Claim, a body-height Observation) is passed over unchecked. Exit code 0
 * when at least one patient was evaluated, 1 when nothing could be, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Encounter, Resource } from 'fhir/r4';
import { loadCodeSets, type CodeSets, type CompiledCodes } from '../core/prompts/codes';
import { evaluatePrompts } from '../core/prompts/engine';
import { narrowedCodes, type NarrowedCodes } from '../core/prompts/reads';
import { describeEvidence, evidenceLookup } from '../core/prompts/evidence';
import { promptText } from '../core/prompts/text';
import { problemWith } from '../core/record/validate';
import { formatDiagnostic } from './input';
import { RecordIndex } from './record-index';

const USAGE = `Usage: prompts [--date YYYY-MM-DD | --as-of-last-encounter] <bundle.json | folder | export.ndjson>...

  --date YYYY-MM-DD        evaluation date (default: today)
  --as-of-last-encounter   evaluate each patient on the date of their newest Encounter
                           (stale synthetic records; the rule fixtures use this relation too)`;

export interface CliOptions {
  date?: string;
  asOfLastEncounter: boolean;
  paths: string[];
}

export function parseArgs(argv: readonly string[]): CliOptions | string {
  const options: CliOptions = { asOfLastEncounter: false, paths: [] };
  const args = argv.flatMap((a) => (a.startsWith('--date=') ? ['--date', a.slice('--date='.length)] : [a]));
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--date') {
      const v = args[++i];
      if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
        return `--date needs YYYY-MM-DD, got "${v ?? ''}"`;
      options.date = v;
    } else if (a === '--as-of-last-encounter') options.asOfLastEncounter = true;
    else if (a === '--help' || a === '-h') return '';
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else options.paths.push(a);
  }
  if (options.date && options.asOfLastEncounter)
    return '--date and --as-of-last-encounter exclude each other';
  if (options.paths.length === 0) return 'no input paths';
  return options;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function lastEncounterDate(resources: readonly Resource[]): string | undefined {
  let best: string | undefined;
  for (const r of resources) {
    if (r.resourceType !== 'Encounter') continue;
    const start = (r as Encounter).period?.start?.slice(0, 10);
    if (start && /^\d{4}-\d{2}-\d{2}$/.test(start) && (!best || start > best)) best = start;
  }
  return best;
}

let cachedData: CompiledCodes | undefined;
let cachedCodes: CodeSets | undefined;
/** The compiled code-set data shipped with the app, read once per process (the CLI's and the CDS service's). */
export function nodeCompiledCodes(): CompiledCodes {
  cachedData ??= JSON.parse(
    readFileSync(new URL('../core/prompts/codes.generated.json', import.meta.url), 'utf8'),
  ) as CompiledCodes;
  return cachedData;
}

/** The compiled code sets shipped with the app (read once per process). */
export function nodeCodeSets(): CodeSets {
  cachedCodes ??= loadCodeSets(nodeCompiledCodes());
  return cachedCodes;
}

let cachedNarrowed: ReadonlyMap<string, NarrowedCodes> | undefined;
/** What the rules' narrowed searches look for, per resource type (core/prompts/reads.ts). */
export function nodeNarrowedCodes(): ReadonlyMap<string, NarrowedCodes> {
  cachedNarrowed ??= narrowedCodes(nodeCompiledCodes());
  return cachedNarrowed;
}

/**
 * What the CLI prints for one patient: a prompt per line, and warnings: a resource too malformed
 * for the rules to read (left out, as the app leaves it out of its panel, so one bad resource does
 * not stop the run), and no Patient resource for it. `date` undefined: as of the patient's newest
 * Encounter, else `fallbackDate`.
 */
export function patientOutput(
  patient: string,
  all: readonly Resource[],
  date: string | undefined,
  fallbackDate: string,
  codes: CodeSets,
): { lines: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const resources = all.filter((r) => {
    const problem = problemWith(r.resourceType, r);
    if (problem) warnings.push(`${patient}: left out ${problem}`);
    return !problem;
  });
  if (!resources.some((r) => r.resourceType === 'Patient'))
    warnings.push(
      `${patient}: resources refer to Patient/${patient}, which is not in the input; evaluated without demographics`,
    );
  const on = date ?? lastEncounterDate(resources) ?? fallbackDate;
  const result = evaluatePrompts({ resources, date: on }, codes);
  const find = result.prompts.length ? evidenceLookup(resources) : undefined;
  const lines = result.prompts.map((p) => {
    const summary = promptText(p).summary;
    const why = find ? p.evidence.map((ref) => describeEvidence(ref, find, { today: on, codes })) : [];
    return JSON.stringify({ patient, rule: p.rule, kind: p.kind, summary, evidence: p.evidence, why });
  });
  return { lines, warnings };
}

export interface RunResult {
  exitCode: number;
  patientsEvaluated: number;
  promptsPrinted: number;
}

/** The whole CLI, with output sinks injectable for tests and the benchmark. */
export async function run(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<RunResult> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    if (parsed) err(`prompts: ${parsed}`);
    err(USAGE);
    return { exitCode: parsed ? 2 : 0, patientsEvaluated: 0, promptsPrinted: 0 };
  }
  const codes = nodeCodeSets();
  // Two passes over the input (./record-index.ts): one patient's resources in memory at a time, and
  // none of the resources no rule can read.
  const index = new RecordIndex(nodeNarrowedCodes());
  await index.read(parsed.paths);

  let patientsEvaluated = 0;
  let promptsPrinted = 0;
  const fixedDate = parsed.date ?? today();
  // Printed after the input's diagnostics, which pass 2 may still add to, as when all was read first.
  const warnings: string[] = [];
  for (const { patient, resources } of index.patients()) {
    const printed = patientOutput(
      patient,
      resources,
      parsed.asOfLastEncounter ? undefined : fixedDate,
      fixedDate,
      codes,
    );
    warnings.push(...printed.warnings);
    for (const line of printed.lines) out(line);
    patientsEvaluated++;
    promptsPrinted += printed.lines.length;
  }
  for (const d of index.diagnostics()) err(formatDiagnostic(d));
  for (const w of warnings) err(w);
  return { exitCode: patientsEvaluated > 0 ? 0 : 1, patientsEvaluated, promptsPrinted };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines: string[] = [];
  const flush = () => {
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    lines.length = 0;
  };
  run(
    process.argv.slice(2),
    (line) => {
      lines.push(line);
      if (lines.length >= 1000) flush();
    },
    (line) => process.stderr.write(`${line}\n`),
  ).then(
    (r) => {
      flush();
      process.exitCode = r.exitCode;
    },
    (e: unknown) => {
      flush();
      process.stderr.write(`prompts: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
