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
import type { Bundle, BundleEntry, Resource } from 'fhir/r4';
import { RULE_INPUTS } from '../core/prompts/inputs';
import { scanBundle, type ScannedEntry } from './bundle-scan';

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

export interface Location {
  file: string;
  line?: number;
  entry?: number;
}

/** Whether the rules read a resource type: per patient, shared (referenced by orders), or not at all. */
export function isReadType(type: string): 'yes' | 'shared' | 'no' {
  return SHARED.has(type) ? 'shared' : KEPT.has(type) ? 'yes' : 'no';
}

/** `Patient/x`, `.../Patient/x`, `Patient/x/_history/1` → x. */
export function patientIdOf(ref: string | undefined): string | undefined {
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

/** Where a resource goes: to a patient, to the shared Medications, nowhere (a type no rule reads), or a diagnostic. */
export type Placement =
  | { kind: 'patient'; patient: string; resource: Resource }
  | { kind: 'shared'; key: string; resource: Resource }
  | { kind: 'skipped' }
  | { kind: 'bad'; message: string };

/** The one reading of which patient a resource belongs to (references rewritten first, in place). */
export function place(resource: unknown, fullUrls?: ReadonlyMap<string, string>): Placement {
  if (!isResource(resource)) return { kind: 'bad', message: 'not a FHIR resource (no resourceType)' };
  if (!KEPT.has(resource.resourceType) && !SHARED.has(resource.resourceType)) return { kind: 'skipped' };
  // The engine works on plain JSON; references are rewritten in place before grouping.
  if (fullUrls && fullUrls.size) rewriteReferences(resource as unknown as Record<string, unknown>, fullUrls);
  if (SHARED.has(resource.resourceType)) {
    return resource.id
      ? { kind: 'shared', key: `${resource.resourceType}/${resource.id}`, resource }
      : { kind: 'skipped' };
  }
  let patient: string | undefined;
  if (resource.resourceType === 'Patient') patient = resource.id;
  else {
    const r = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
    patient = patientIdOf(r.subject?.reference) ?? patientIdOf(r.patient?.reference);
  }
  if (!patient) {
    return {
      kind: 'bad',
      message: `${resource.resourceType}${resource.id ? `/${resource.id}` : ''} has no patient (subject/patient reference)`,
    };
  }
  return { kind: 'patient', patient, resource };
}

/** The shared Medications a patient's orders reference, in the order of the orders (as the engine gets them). */
export function referencedMedications(
  own: readonly Resource[],
  shared: ReadonlyMap<string, Resource>,
): Resource[] {
  const meds: Resource[] = [];
  for (const r of own) {
    const ref = (r as { medicationReference?: { reference?: string } }).medicationReference?.reference;
    const med = ref ? shared.get(/Medication\/[^/]+$/.exec(ref)?.[0] ?? '') : undefined;
    if (med) meds.push(med);
  }
  return meds;
}

/** What reading a document or line yields: resources with where they were read, and bad input. */
export interface ResourceSink {
  add(resource: unknown, at: Location, fullUrls?: ReadonlyMap<string, string>): void;
  report(d: Diagnostic): void;
}

/** Every patient's resources in memory (the benchmarks and tests read small inputs this way). */
export class PatientCollector implements ResourceSink {
  /** Patient id → resources, in first-seen order. */
  readonly patients = new Map<string, Resource[]>();
  private readonly shared = new Map<string, Resource>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly onDiagnostic: (d: Diagnostic) => void = () => undefined) {}

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
    this.onDiagnostic(d);
  }

  add(resource: unknown, at: Location, fullUrls?: ReadonlyMap<string, string>): void {
    const placed = place(resource, fullUrls);
    if (placed.kind === 'bad') this.report({ ...at, message: placed.message });
    else if (placed.kind === 'shared') this.shared.set(placed.key, placed.resource);
    else if (placed.kind === 'patient') {
      const list = this.patients.get(placed.patient);
      if (list) list.push(placed.resource);
      else this.patients.set(placed.patient, [placed.resource]);
    }
  }

  /** A patient's resources, with the shared Medications their orders reference. */
  resourcesOf(patient: string): Resource[] {
    const own = this.patients.get(patient) ?? [];
    const meds = referencedMedications(own, this.shared);
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
  return asciiJsonBytes(bytes)?.toString('latin1');
}

/** asciiJsonText's bytes: `bytes` itself when all ASCII, else a copy with the runs escaped. */
function asciiJsonBytes(bytes: Buffer): Buffer | undefined {
  const n = bytes.length;
  if (isAscii(bytes)) return bytes;
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
  return Buffer.concat(pieces);
}

/** Bytes checked for ASCII at once: large enough for isAscii's SIMD, small enough to skip most of a file. */
const ASCII_PROBE = 1 << 16;
const BACKSLASH = 0x5c;

function unicodeEscapes(text: string): Buffer {
  let out = '';
  for (let k = 0; k < text.length; k++) out += `\\u${text.charCodeAt(k).toString(16).padStart(4, '0')}`;
  return Buffer.from(out, 'latin1');
}

export type Parsed = { ok: true; value: unknown } | { ok: false; text: string; error: unknown };

/** JSON.parse of UTF-8 bytes (see asciiJsonText); on failure, the UTF-8 text and its own error. */
export function parseJsonBytes(bytes: Buffer): Parsed {
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
export function addJsonDocument(collector: ResourceSink, file: string, input: string | Buffer): void {
  const parsed: Parsed = typeof input === 'string' ? parseJsonText(input) : parseJsonBytes(input);
  if (!parsed.ok) {
    const e = parsed.error;
    collector.report({
      file,
      line: syntaxErrorLine(parsed.text, e),
      message: notJson(e),
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
  const entries: unknown = (doc as Bundle).entry ?? [];
  if (!Array.isArray(entries)) {
    collector.report({ file, message: 'Bundle.entry is not an array' });
    return;
  }
  const fullUrls = new Map<string, string>();
  for (const e of entries) mapFullUrl(e, fullUrls);
  entries.forEach((e, entry) => addEntry(collector, file, e, entry, fullUrls));
}

/**
 * A Bundle document as addJsonDocument reads it, but with the entries `passOver` turns down from
 * their bytes (./bundle-scan.ts; the bytes it gets are the document's own) left unparsed: they
 * still map their fullUrl, and are not checked.
 * Whatever the scan cannot follow, or any entry that does not parse, is read by addJsonDocument
 * (undefined is returned then); else how many entries there were, and how many were parsed.
 */
export function addBundleDocument(
  collector: ResourceSink,
  file: string,
  bytes: Buffer,
  passOver: (entry: ScannedEntry, bytes: Buffer) => boolean,
): { entries: number; parsed: number } | undefined {
  const scanned = scanBundle(bytes);
  const frame = scanned?.entries.length ? parseJsonText(scanned.frame) : undefined;
  if (!scanned || !frame?.ok || !isResource(frame.value) || frame.value.resourceType !== 'Bundle') {
    addJsonDocument(collector, file, bytes);
    return undefined;
  }
  let parsedEntries = 0;
  const fullUrls = new Map<string, string>();
  const entries: (BundleEntry | undefined)[] = [];
  for (const e of scanned.entries) {
    if (e.plain && e.type !== undefined && passOver(e, bytes)) {
      entries.push(undefined);
      if (e.fullUrl) mapFullUrlOf(e.fullUrl, e.type, e.id, fullUrls);
      continue;
    }
    // One small string per entry read: a whole document's is slow to make and to collect.
    const parsed = parseJsonText(entryText(bytes, e.start, e.end));
    if (!parsed.ok) {
      addJsonDocument(collector, file, bytes);
      return undefined;
    }
    parsedEntries++;
    const entry = parsed.value as BundleEntry;
    entries.push(entry);
    mapFullUrl(entry, fullUrls);
  }
  entries.forEach((e, entry) => {
    if (e) addEntry(collector, file, e, entry, fullUrls);
  });
  return { entries: entries.length, parsed: parsedEntries };
}

/**
 * The UTF-8 text of [start, end): copied byte for byte when all ASCII, as most entries are, since
 * Node's UTF-8 decoder is several times slower than that copy and than JSON.parse of its result.
 */
function entryText(bytes: Buffer, start: number, end: number): string {
  const range = bytes.subarray(start, end);
  return range.toString(isAscii(range) ? 'latin1' : 'utf8');
}

const URN_UUID = 'urn:uuid:';

function mapFullUrl(e: BundleEntry, fullUrls: Map<string, string>): void {
  if (typeof e !== 'object' || e === null) return;
  const r = e.resource;
  if (!r || !isResource(r) || !e.fullUrl) return;
  const id = mapFullUrlOf(e.fullUrl, r.resourceType, r.id, fullUrls);
  if (id) r.id = id;
}

/** Maps `fullUrl` to `Type/id`; returns the id, which may come from the fullUrl. */
function mapFullUrlOf(
  fullUrl: string,
  type: string,
  id: string | undefined,
  fullUrls: Map<string, string>,
): string | undefined {
  // Transaction bundles may omit ids: the urn:uuid is then the id, as a server would not keep it either.
  const own = id || (fullUrl.startsWith(URN_UUID) ? fullUrl.slice(URN_UUID.length) : undefined);
  if (own) fullUrls.set(fullUrl, `${type}/${own}`);
  return own;
}

function addEntry(
  collector: ResourceSink,
  file: string,
  e: BundleEntry,
  entry: number,
  fullUrls: ReadonlyMap<string, string>,
): void {
  if (typeof e !== 'object' || e === null) {
    collector.report({ file, entry, message: 'entry is not an object' });
    return;
  }
  if (e.resource === undefined) {
    if (!e.request || e.request.method !== 'DELETE')
      collector.report({ file, entry, message: 'entry without a resource' });
    return;
  }
  collector.add(e.resource, { file, entry }, fullUrls);
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

export function readInto(fd: number, offset: number, length: number): Buffer {
  if (length > scratch.length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
  let filled = 0;
  while (filled < length) {
    const read = readSync(fd, scratch, filled, length - filled, offset + filled);
    if (read === 0) break;
    filled += read;
  }
  return scratch.subarray(0, filled);
}

export function readWholeFile(file: string): Buffer {
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

/** True when bytes [start, end) are empty or only whitespace, as `String.trim` has it. */
export function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    // Non-ASCII may still be whitespace to trim() (a BOM, a no-break space): decode to ask it.
    return b < 0x80 ? false : buf.toString('utf8', start, end).trim() === '';
  }
  return true;
}

/** One line of a file: bytes [start, end) of `buf` (no line break), its 1-based number, its file offset. */
export type LineHandler = (buf: Buffer, start: number, end: number, line: number, offset: number) => void;

/**
 * The lines of bytes [from, to) of `buf`, broken at LF, CRLF or a lone CR as readline breaks them (so
 * line numbers in diagnostics are the editor's); `to` is the end of the last line, its break excluded.
 * `base` is the file offset of `buf[0]`. Returns the number of lines.
 */
export function splitLines(
  buf: Buffer,
  from: number,
  to: number,
  firstLine: number,
  base: number,
  take: LineHandler,
): number {
  let line = firstLine;
  // The next CR at or after the cursor (buf.length: none), found once per CR rather than once per line.
  const nextCr = (at: number): number => {
    const i = buf.indexOf(CR, at);
    return i === -1 ? buf.length : i;
  };
  let cr = -1;
  let start = from;
  for (;;) {
    let lf = buf.indexOf(LF, start);
    if (lf === -1 || lf > to) lf = to;
    // One LF-terminated segment: split further at lone CRs, a CRLF's CR dropped.
    let segStart = start;
    if (cr < segStart) cr = nextCr(segStart);
    while (cr < lf) {
      take(buf, segStart, cr, line++, base + segStart);
      segStart = cr + 1;
      cr = nextCr(segStart);
    }
    if (segStart < lf || segStart === start) take(buf, segStart, lf, line++, base + segStart);
    if (lf >= to) return line - firstLine;
    start = lf + 1;
  }
}

/**
 * Every line of an NDJSON file, streamed in chunks into one reused buffer (what `take` gets is valid
 * only during the call); a line cut by a chunk boundary is completed in a buffer of its own.
 */
export async function forEachLine(file: string, take: LineHandler): Promise<void> {
  const fd = openSync(file, 'r');
  try {
    let line = 1;
    const size = fstatSync(fd).size;
    let carry: Buffer | undefined;
    let carryOffset = 0;
    for (let offset = 0; offset < size; offset += NDJSON_CHUNK) {
      const read = readInto(fd, offset, Math.min(NDJSON_CHUNK, size - offset));
      let from = 0;
      if (carry) {
        const lf = read.indexOf(LF);
        if (lf === -1) {
          carry = Buffer.concat([carry, read]);
          continue;
        }
        const whole = Buffer.concat([carry, read.subarray(0, lf)]);
        line += splitLines(whole, 0, whole.length, line, carryOffset, take);
        carry = undefined;
        from = lf + 1;
      }
      const last = read.lastIndexOf(LF);
      if (last >= from) {
        line += splitLines(read, from, last, line, offset, take);
        from = last + 1;
      }
      if (from < read.length) {
        carry = Buffer.from(read.subarray(from));
        carryOffset = offset + from;
      }
      // Other work (a caller's timers, stdout) gets a turn between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (carry) splitLines(carry, 0, carry.length, line, carryOffset, take);
  } finally {
    closeSync(fd);
  }
}

/** Bulk-export NDJSON into a sink, each non-blank line parsed (the in-memory reader). */
export async function addNdjsonFile(sink: ResourceSink, file: string): Promise<void> {
  await forEachLine(file, (buf, start, end, line) => {
    if (isBlank(buf, start, end)) return;
    const parsed = parseJsonBytes(buf.subarray(start, end));
    if (parsed.ok) sink.add(parsed.value, { file, line });
    else sink.report({ file, line, message: notJson(parsed.error) });
  });
}

export function notJson(error: unknown): string {
  return `not JSON (${error instanceof Error ? error.message : String(error)})`;
}

export async function listFiles(path: string): Promise<string[]> {
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
