/**
 * A realistic FHIR bulk-export population for tests, the bench and demos:
 *
 *   npm run population -- --patients N --out dir [--seed S] [--date YYYY-MM-DD]
 *
 * Writes one NDJSON file per resource type (Patient.ndjson, Encounter.ndjson, …) as a bulk export
 * does. Each patient is a shipped Synthea record trimmed to a recent chart, for about half of them
 * with a hand-made patient (a screen fixture or a rule fixture) laid over it, all with new ids and
 * dates moved so the last visit falls in the year before `--date`; new demographics (US Core race
 * and ethnicity, sex, age band, preferred language); and, for those who used the app, what the app
 * writes (priorities, agreed goals, the shared plan with prompt decisions, the agenda, CollaboRATE,
 * goal follow-up). The same seed and date give the same files. Patients are written one at a time,
 * so memory stays flat whatever N is.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bundle, Resource } from 'fhir/r4';
import { nodeCodeSets } from '../../src/cli/prompts';
import { promptLanguage } from '../../src/core/prompts';
import { appRecords } from './app-records';
import { buildPatient, drawAge, drawGender } from './demographics';
import { seededRandom } from './random';
import { fill, loadTemplates, shiftedDay, type Template, type TemplateSet } from './template';

const DAY_MS = 86_400_000;
const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures/', import.meta.url));

export interface PopulationOptions {
  patients: number;
  out: string;
  seed: string;
  /** The population's "today" (YYYY-MM-DD): nothing is dated after it. */
  date: string;
  /** Share of patients who used the app at their last visit. */
  appShare?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PopulationSummary {
  patients: number;
  resources: number;
  byType: Record<string, number>;
}

/** Buffered NDJSON files, one per resource type, written with back-pressure. */
class ExportWriter {
  private readonly streams = new Map<string, WriteStream>();
  private readonly buffers = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  readonly counts: Record<string, number> = {};

  constructor(private readonly dir: string) {}

  async write(type: string, line: string): Promise<void> {
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    const buf = this.buffers.get(type) ?? [];
    buf.push(line);
    this.buffers.set(type, buf);
    const size = (this.sizes.get(type) ?? 0) + line.length + 1;
    this.sizes.set(type, size);
    if (size > 1 << 18) await this.flushType(type);
  }

  private async flushType(type: string): Promise<void> {
    const buf = this.buffers.get(type);
    if (!buf?.length) return;
    let stream = this.streams.get(type);
    if (!stream) {
      stream = createWriteStream(join(this.dir, `${type}.ndjson`));
      this.streams.set(type, stream);
    }
    this.buffers.set(type, []);
    this.sizes.set(type, 0);
    if (!stream.write(`${buf.join('\n')}\n`)) await once(stream, 'drain');
  }

  async close(): Promise<void> {
    for (const type of this.buffers.keys()) await this.flushType(type);
    await Promise.all(
      [...this.streams.values()].map(
        (s) =>
          new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve()))),
      ),
    );
  }
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function birthAt(lastVisit: number, age: number, rng: ReturnType<typeof seededRandom>): string {
  const d = new Date(lastVisit);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  return iso(d.getTime() - rng.int(1, 360) * DAY_MS);
}

function daysBetween(day: string, anchor: string): number {
  return Math.round(
    (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${anchor.slice(0, 10)}T00:00:00Z`)) / DAY_MS,
  );
}

/** The shipped practitioners and clinic, written once: plans and goals name them. */
function sharedResources(): Resource[] {
  const bundle = JSON.parse(readFileSync(join(FIXTURES, 'patients', 'practitioners.json'), 'utf8')) as Bundle;
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

export async function generatePopulation(
  options: PopulationOptions,
  templates: TemplateSet = loadTemplates(FIXTURES),
): Promise<PopulationSummary> {
  const { patients, out, seed, date } = options;
  const appShare = options.appShare ?? 0.45;
  mkdirSync(out, { recursive: true });
  const writer = new ExportWriter(out);
  const codes = nodeCodeSets();
  const today = Date.parse(`${date}T00:00:00Z`);
  let resources = 0;
  const emit = async (type: string, line: string) => {
    resources++;
    await writer.write(type, line);
  };
  for (const r of sharedResources()) await emit(r.resourceType, JSON.stringify(r));

  for (let i = 0; i < patients; i++) {
    // One stream per patient: patient i is the same whatever N, so a bigger population extends a smaller one.
    const rng = seededRandom(`${seed}/${i}`);
    const patientId = `pop${i.toString(36).padStart(5, '0')}${rng.hex().slice(0, 6)}`;
    // Most last visits fall in the reporting year; some patients were last seen before it.
    const lastVisit = today - (rng.chance(0.92) ? rng.int(1, 360) : rng.int(370, 700)) * DAY_MS;
    const visitDay = iso(lastVisit);
    const base: Template = rng.pick(templates.bases);
    const overlay: Template | undefined = rng.chance(0.5) ? rng.pick(templates.overlays) : undefined;

    const overlayDays = overlay ? daysBetween(visitDay, overlay.anchor) : 0;
    const overlayBirth = overlay?.patient.birthDate;
    const gender = overlay?.patient.gender ?? drawGender(rng);
    const birthDate =
      overlay && overlayBirth
        ? iso(Date.parse(`${overlayBirth}T00:00:00Z`) + overlayDays * DAY_MS)
        : birthAt(lastVisit, drawAge(rng), rng);
    const spanish = overlay?.patient.communication?.some((c) =>
      c.language.coding?.some((x) => x.code?.startsWith('es')),
    );
    const { patient, language } = buildPatient(patientId, rng, { gender, birthDate, spanishLikely: spanish });
    const birth = Date.parse(`${birthDate}T00:00:00Z`);

    const lines: { type: string; line: string }[] = [{ type: 'Patient', line: JSON.stringify(patient) }];
    const layer = (t: Template, days: number, prefix: string) => {
      for (const r of t.resources) {
        const day = shiftedDay(r, days);
        // A record older than the new birth date would be a visit before the patient was born.
        if (day !== undefined && day < birth) continue;
        lines.push({ type: r.resourceType, line: fill(r, { patient: patientId, prefix }, days) });
      }
    };
    layer(base, daysBetween(visitDay, base.anchor), `${patientId}-b`);
    if (overlay) layer(overlay, overlayDays, `${patientId}-o`);

    if (rng.chance(appShare)) {
      const record = lines.map((l) => JSON.parse(l.line) as Resource);
      const encounterId =
        base.lastEncounter !== undefined ? `${patientId}-b${base.lastEncounter.toString(36)}` : undefined;
      for (const r of appRecords(
        {
          patientId,
          prefix: `${patientId}-a`,
          gender,
          lang: promptLanguage(language),
          visitDay,
          encounterId,
          lastDay: date,
          record,
        },
        rng,
        codes,
      ))
        lines.push({ type: r.resourceType, line: JSON.stringify(r) });
    }
    for (const l of lines) await emit(l.type, l.line);
    options.onProgress?.(i + 1, patients);
  }
  await writer.close();
  return { patients, resources, byType: { ...writer.counts } };
}

const USAGE = `Usage: population --patients N --out <dir> [--seed S] [--date YYYY-MM-DD]

  --patients N   how many patients (about 150 resources each)
  --out dir      folder for the NDJSON files (one per resource type)
  --seed S       any text; the same seed and date give the same files (default: common-ground)
  --date D       the population's today: last visits fall in the year before it (default: today)`;

export function parsePopulationArgs(argv: readonly string[]): PopulationOptions | string {
  let patients: number | undefined;
  let out: string | undefined;
  let seed = 'common-ground';
  let date = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--patients') {
      if (!v || !/^\d+$/.test(v) || Number(v) < 1)
        return `--patients needs a whole number above 0, got "${v ?? ''}"`;
      patients = Number(v);
      i++;
    } else if (a === '--out') {
      if (!v) return '--out needs a folder';
      out = v;
      i++;
    } else if (a === '--seed') {
      if (v === undefined) return '--seed needs a value';
      seed = v;
      i++;
    } else if (a === '--date') {
      if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
        return `--date needs YYYY-MM-DD, got "${v ?? ''}"`;
      date = v;
      i++;
    } else if (a === '--help' || a === '-h') return '';
    else return `unknown argument ${a ?? ''}`;
  }
  if (patients === undefined) return '--patients is required';
  if (out === undefined) return '--out is required';
  return { patients, out, seed, date };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const parsed = parsePopulationArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    if (parsed) process.stderr.write(`population: ${parsed}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = parsed ? 2 : 0;
  } else {
    const started = Date.now();
    let shown = -1;
    generatePopulation({
      ...parsed,
      onProgress: (done, total) => {
        const pct = Math.floor((done / total) * 100);
        if (pct === shown || !process.stderr.isTTY) return;
        shown = pct;
        process.stderr.write(`\rpopulation: ${done}/${total} patients (${pct} %)`);
      },
    }).then(
      (s) => {
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stderr.write(
          `population: ${s.patients} patients, ${s.resources} resources (${Math.round(s.resources / s.patients)} per patient) in ${parsed.out} — ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
        );
      },
      (e: unknown) => {
        process.stderr.write(`population: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exitCode = 1;
      },
    );
  }
}
