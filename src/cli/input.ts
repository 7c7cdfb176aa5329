/**
 * Reading FHIR input for the prompts CLI: Bundle JSON files (any Bundle type, one or many patients),
 * folders of them (recursive), and bulk-export NDJSON (one resource per line, streamed). Resources are
 * grouped per patient by their subject/patient reference; `urn:uuid:` references are resolved to
 * `Type/id` through the Bundle's fullUrls. Only the resource types the engine reads are kept, so a
 * large export (Claims, ExplanationOfBenefits …) does not sit in memory.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Bundle, Resource } from 'fhir/r4';
import { RULE_INPUTS } from '../core/prompts/inputs';

export interface Diagnostic {
  file: string;
  /** 1-based line (NDJSON line, or the line of a JSON syntax error). */
  line?: number;
  /** 0-based Bundle.entry index. */
  entry?: number;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `:${d.line}` : d.entry !== undefined ? ` entry[${d.entry}]` : '';
  return `${d.file}${where}: ${d.message}`;
}

/** Types the engine reads; Medication comes in through a medicationReference. */
const KEPT: ReadonlySet<string> = new Set(RULE_INPUTS.map((i) => i.resourceType));
/** Kept types that must belong to a patient; one without is reported as bad input. */
const SHARED = new Set(['Medication']);

interface Location {
  file: string;
  line?: number;
  entry?: number;
}

/** `Patient/x`, `.../Patient/x`, `Patient/x/_history/1` → x. */
function patientIdOf(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const m = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(ref);
  return m?.[1];
}

/**
 * The reference elements the engine follows (grouping by patient, an order's encounter, a
 * medicationReference, a preference's focus, who stated a goal). Rewriting only these, rather than
 * walking every element of every resource, keeps reading close to the cost of JSON.parse.
 */
const FOLLOWED = [
  'subject',
  'patient',
  'encounter',
  'medicationReference',
  'focus',
  'expressedBy',
  'reasonReference',
];

/** Replace `urn:uuid:` references in the followed elements with `Type/id` (fullUrl map), in place. */
function rewriteReferences(resource: Record<string, unknown>, map: ReadonlyMap<string, string>): void {
  for (const field of FOLLOWED) {
    const value = resource[field];
    for (const ref of Array.isArray(value) ? value : [value]) {
      if (typeof ref !== 'object' || ref === null) continue;
      const r = ref as { reference?: unknown };
      if (typeof r.reference !== 'string') continue;
      const mapped = map.get(r.reference);
      if (mapped) r.reference = mapped;
    }
  }
}

function isResource(value: unknown): value is Resource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}

export class PatientCollector {
  /** Patient id → resources, in first-seen order. */
  readonly patients = new Map<string, Resource[]>();
  private readonly shared = new Map<string, Resource>();
  readonly diagnostics: Diagnostic[] = [];
  resourcesRead = 0;

  constructor(private readonly onDiagnostic: (d: Diagnostic) => void = () => undefined) {}

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
    this.onDiagnostic(d);
  }

  add(resource: unknown, at: Location, fullUrls?: ReadonlyMap<string, string>): void {
    if (!isResource(resource)) {
      this.report({ ...at, message: 'not a FHIR resource (no resourceType)' });
      return;
    }
    this.resourcesRead++;
    if (!KEPT.has(resource.resourceType) && !SHARED.has(resource.resourceType)) return;
    // The engine works on plain JSON; references are rewritten in place before grouping.
    if (fullUrls && fullUrls.size)
      rewriteReferences(resource as unknown as Record<string, unknown>, fullUrls);
    if (SHARED.has(resource.resourceType)) {
      if (resource.id) this.shared.set(`${resource.resourceType}/${resource.id}`, resource);
      return;
    }
    let patient: string | undefined;
    if (resource.resourceType === 'Patient') patient = resource.id;
    else {
      const r = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
      patient = patientIdOf(r.subject?.reference) ?? patientIdOf(r.patient?.reference);
    }
    if (!patient) {
      this.report({
        ...at,
        message: `${resource.resourceType}${resource.id ? `/${resource.id}` : ''} has no patient (subject/patient reference)`,
      });
      return;
    }
    const list = this.patients.get(patient);
    if (list) list.push(resource);
    else this.patients.set(patient, [resource]);
  }

  /** A patient's resources, with the shared Medications their orders reference. */
  resourcesOf(patient: string): Resource[] {
    const own = this.patients.get(patient) ?? [];
    const meds: Resource[] = [];
    for (const r of own) {
      const ref = (r as { medicationReference?: { reference?: string } }).medicationReference?.reference;
      const med = ref ? this.shared.get(/Medication\/[^/]+$/.exec(ref)?.[0] ?? '') : undefined;
      if (med) meds.push(med);
    }
    return meds.length ? [...own, ...meds] : own;
  }
}

/** Line number of a JSON.parse error ("… at position 123" / "(line 4 column 2)"). */
function syntaxErrorLine(text: string, error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(message);
  if (!pos) return undefined;
  let n = 1;
  const end = Math.min(Number(pos[1]), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** A Bundle (or a single resource) from one JSON document. */
export function addJsonDocument(collector: PatientCollector, file: string, text: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    collector.report({
      file,
      line: syntaxErrorLine(text, e),
      message: `not JSON (${e instanceof Error ? e.message : String(e)})`,
    });
    return;
  }
  if (!isResource(doc)) {
    collector.report({ file, message: 'not a FHIR resource or Bundle (no resourceType)' });
    return;
  }
  if (doc.resourceType !== 'Bundle') {
    collector.add(doc, { file });
    return;
  }
  const bundle = doc as Bundle;
  const fullUrls = new Map<string, string>();
  const entries = bundle.entry ?? [];
  entries.forEach((e) => {
    const r = e.resource;
    if (!r || !isResource(r) || !e.fullUrl) return;
    // Transaction bundles may omit ids: the urn:uuid is then the id, as a server would not keep it either.
    if (!r.id && e.fullUrl.startsWith('urn:uuid:')) r.id = e.fullUrl.slice('urn:uuid:'.length);
    if (r.id) fullUrls.set(e.fullUrl, `${r.resourceType}/${r.id}`);
  });
  entries.forEach((e, entry) => {
    if (e.resource === undefined) {
      if (!e.request || e.request.method !== 'DELETE')
        collector.report({ file, entry, message: 'entry without a resource' });
      return;
    }
    collector.add(e.resource, { file, entry }, fullUrls);
  });
}

/** Bulk-export NDJSON, streamed line by line. */
export async function addNdjsonFile(collector: PatientCollector, file: string): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      collector.report({ file, line, message: `not JSON (${e instanceof Error ? e.message : String(e)})` });
      continue;
    }
    collector.add(value, { file, line });
  }
}

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = join(path, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (/\.(ndjson|json)$/i.test(e.name)) out.push(full);
  }
  return out;
}

/** Read every path (file or folder) into `collector`; unreadable paths are reported, not thrown. */
export async function readPaths(collector: PatientCollector, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    let files: string[];
    try {
      files = await listFiles(path);
    } catch (e) {
      collector.report({
        file: path,
        message: `cannot read (${e instanceof Error ? e.message : String(e)})`,
      });
      continue;
    }
    for (const file of files) {
      if (/\.ndjson$/i.test(file)) await addNdjsonFile(collector, file);
      // A whole-file synchronous read is several times faster than fs/promises' chunked readFile
      // for multi-megabyte bundles, and this batch tool has nothing else to do meanwhile.
      else addJsonDocument(collector, file, readFileSync(file, 'utf8'));
    }
  }
}
