/**
 * Reading FHIR input for the prompts CLI: Bundle JSON files (any Bundle type, one or many patients),
 * folders of them (recursive), and bulk-export NDJSON (one resource per line, streamed). Resources are
 * grouped per patient by their subject/patient reference; `urn:uuid:` references are resolved to
 * `Type/id` through the Bundle's fullUrls. Only the resource types the engine reads are kept, so a
 * large export (Claims, ExplanationOfBenefits …) does not sit in memory.
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * The bytes of a JSON document as a string JSON.parse reads into the same value as from the UTF-8
 * text, but faster: ASCII bytes become a one-byte string by a copy (Node's UTF-8 decoder is several
 * times slower than JSON.parse itself), and each run of non-ASCII bytes — which valid JSON holds only
 * inside strings — becomes its `\uXXXX` escapes, so even a file with one non-ASCII character avoids
 * the two-byte string UTF-8 decoding would make of all of it. Undefined when a run follows a
 * backslash (an escape would then read differently); the caller decodes as UTF-8 instead, and does so
 * too whenever this text fails to parse, so error messages and positions are those of the real text.
 */
export function asciiJsonText(bytes: Buffer): string | undefined {
  const n = bytes.length;
  if (isAscii(bytes)) return bytes.toString('latin1');
  const pieces: Buffer[] = [];
  let asciiFrom = 0;
  let i = 0;
  while (i < n) {
    const end = Math.min(n, i + ASCII_PROBE);
    if (isAscii(bytes.subarray(i, end))) {
      i = end;
      continue;
    }
    while (i < end) {
      if ((bytes[i] as number) < 0x80) {
        i++;
        continue;
      }
      if (i > 0 && bytes[i - 1] === BACKSLASH) return undefined;
      let j = i + 1;
      while (j < n && (bytes[j] as number) >= 0x80) j++;
      pieces.push(bytes.subarray(asciiFrom, i), unicodeEscapes(bytes.toString('utf8', i, j)));
      asciiFrom = j;
      i = j;
    }
  }
  pieces.push(bytes.subarray(asciiFrom, n));
  return Buffer.concat(pieces).toString('latin1');
}

/** Bytes checked for ASCII at once: large enough for isAscii's SIMD, small enough to skip most of a file. */
const ASCII_PROBE = 1 << 16;
const BACKSLASH = 0x5c;

function unicodeEscapes(text: string): Buffer {
  let out = '';
  for (let k = 0; k < text.length; k++) out += `\\u${text.charCodeAt(k).toString(16).padStart(4, '0')}`;
  return Buffer.from(out, 'latin1');
}

type Parsed = { ok: true; value: unknown } | { ok: false; text: string; error: unknown };

/** JSON.parse of UTF-8 bytes (see asciiJsonText); on failure, the UTF-8 text and its own error. */
function parseJsonBytes(bytes: Buffer): Parsed {
  const fast = asciiJsonText(bytes);
  if (fast !== undefined) {
    try {
      return { ok: true, value: JSON.parse(fast) as unknown };
    } catch {
      // Parsed again below from the real text, for the message and line it gives.
    }
  }
  const text = bytes.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, text, error };
  }
}

/** A Bundle (or a single resource) from one JSON document, as text or as its UTF-8 bytes. */
export function addJsonDocument(collector: PatientCollector, file: string, input: string | Buffer): void {
  const parsed: Parsed = typeof input === 'string' ? parseJsonText(input) : parseJsonBytes(input);
  if (!parsed.ok) {
    const e = parsed.error;
    collector.report({
      file,
      line: syntaxErrorLine(parsed.text, e),
      message: `not JSON (${e instanceof Error ? e.message : String(e)})`,
    });
    return;
  }
  const doc = parsed.value;
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

function parseJsonText(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, text, error };
  }
}

/**
 * One reusable buffer for reading: a fresh multi-megabyte allocation per file costs more in page
 * faults than reading it. What `readInto` returns is valid only until its next call.
 */
let scratch = Buffer.allocUnsafe(1 << 20);

function readInto(fd: number, offset: number, length: number): Buffer {
  if (length > scratch.length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
  let filled = 0;
  while (filled < length) {
    const read = readSync(fd, scratch, filled, length - filled, offset + filled);
    if (read === 0) break;
    filled += read;
  }
  return scratch.subarray(0, filled);
}

function readWholeFile(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    return readInto(fd, 0, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** Bytes of NDJSON read at a time; lines are cut from them without copying. */
const NDJSON_CHUNK = 4 << 20;
const LF = 0x0a;
const CR = 0x0d;

/** True when the line (bytes without its line break) is empty or only whitespace, as `String.trim` has it. */
function isBlank(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) {
    const b = line[i] as number;
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    // Non-ASCII may still be whitespace to trim() (a BOM, a no-break space): decode to ask it.
    return b < 0x80 ? false : line.toString('utf8').trim() === '';
  }
  return true;
}

/**
 * Bulk-export NDJSON, streamed in chunks: one resource per line, lines broken at LF, CRLF or a lone CR
 * (as readline breaks them, so line numbers in diagnostics are the editor's).
 */
export async function addNdjsonFile(collector: PatientCollector, file: string): Promise<void> {
  const fd = openSync(file, 'r');
  try {
    let line = 0;
    const report = (e: unknown): void =>
      collector.report({ file, line, message: `not JSON (${e instanceof Error ? e.message : String(e)})` });
    const take = (bytes: Buffer): void => {
      line++;
      if (isBlank(bytes)) return;
      const parsed = parseJsonBytes(bytes);
      if (parsed.ok) collector.add(parsed.value, { file, line });
      else report(parsed.error);
    };
    /** One LF-terminated segment (or the last one): split further at lone CRs, a CRLF's CR dropped. */
    const segment = (bytes: Buffer): void => {
      let from = 0;
      let cr = bytes.indexOf(CR);
      while (cr !== -1) {
        take(bytes.subarray(from, cr));
        from = cr + 1;
        cr = bytes.indexOf(CR, from);
      }
      if (from < bytes.length || from === 0) take(bytes.subarray(from));
    };
    /** `take` and `segment` for ASCII text, which is its own UTF-8 decoding: lines are slices of one string. */
    const takeText = (text: string): void => {
      line++;
      if (text.trim() === '') return;
      try {
        collector.add(JSON.parse(text) as unknown, { file, line });
      } catch (e) {
        report(e);
      }
    };
    const asciiSegment = (text: string): void => {
      let from = 0;
      let cr = text.indexOf('\r');
      while (cr !== -1) {
        takeText(text.slice(from, cr));
        from = cr + 1;
        cr = text.indexOf('\r', from);
      }
      if (from < text.length || from === 0) takeText(text.slice(from));
    };
    const size = fstatSync(fd).size;
    let carry: Buffer | undefined;
    for (let offset = 0; offset < size; offset += NDJSON_CHUNK) {
      const read = readInto(fd, offset, Math.min(NDJSON_CHUNK, size - offset));
      let from = 0;
      if (carry) {
        // The line cut by the last chunk boundary, completed (copied: the scratch buffer is reused).
        const lf = read.indexOf(LF);
        if (lf === -1) {
          carry = Buffer.concat([carry, read]);
          continue;
        }
        segment(Buffer.concat([carry, read.subarray(0, lf)]));
        carry = undefined;
        from = lf + 1;
      }
      const last = read.lastIndexOf(LF);
      if (last >= from) {
        const whole = read.subarray(from, last);
        if (isAscii(whole)) {
          const text = whole.toString('latin1');
          let start = 0;
          for (let lf = text.indexOf('\n'); ; lf = text.indexOf('\n', start)) {
            asciiSegment(text.slice(start, lf === -1 ? text.length : lf));
            if (lf === -1) break;
            start = lf + 1;
          }
        } else {
          let start = 0;
          for (let lf = whole.indexOf(LF); ; lf = whole.indexOf(LF, start)) {
            segment(whole.subarray(start, lf === -1 ? whole.length : lf));
            if (lf === -1) break;
            start = lf + 1;
          }
        }
        from = last + 1;
      }
      if (from < read.length) carry = Buffer.from(read.subarray(from));
      // Other work (a caller's timers, stdout) gets a turn between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (carry) segment(carry);
  } finally {
    closeSync(fd);
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
      else addJsonDocument(collector, file, readWholeFile(file));
    }
  }
}
