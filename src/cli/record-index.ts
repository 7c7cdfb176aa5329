/**
 * The prompts CLI's reader for inputs of any size: two passes, so memory stays flat as the input grows.
 *
 * A bulk export is one NDJSON file per type, so no patient is complete until the last file has been
 * read. Pass 1 reads every file once and keeps, per patient, only where its lines are (file, byte
 * range, line number); consecutive lines of one patient in a file, as exports list them, share one
 * range. Pass 2 reads each patient's ranges back, parses them and hands the patient over, so only one
 * patient's resources are in memory at a time. Bundles (JSON documents) are read in pass 1, entry by
 * entry from their bytes (./bundle-scan.ts: only the entries a rule may read are parsed), and their
 * resources kept until their patient's turn.
 *
 * Pass 1 parses no line it can place from its bytes: a line that starts `{"resourceType":"<Type>"` and
 * ends `}` is skipped unread when no rule reads the type, and a line of a type the rules read is placed
 * by its one `"subject":{"reference":"…Patient/<id>"` (or `"patient":…`, or a Patient's leading `"id"`)
 * when nothing else in the line could be read as one (no `"contained"`, no second such key). FHIR JSON
 * has no repeated keys, so that is the resource's own reference. Every other line is parsed in pass 1
 * only to place it, and read again in pass 2.
 *
 * Given the rules' narrowed searches (core/prompts/reads.ts), pass 1 also passes over each line (and
 * bundle entry) of a narrowed type (Observation, DiagnosticReport) that none of them could find, from
 * its bytes: no `"code"` value in it is a code the searches name, loosely compared. A line the bytes
 * do not settle (an escape, non-ASCII in a code) is read, and passed over in pass 2 if, parsed, it is
 * no better.
 * Most of a generated export's Observations are vital signs, labs and surveys no rule reads.
 *
 * What is printed is what reading everything into memory printed: patients in the order their first
 * resource was read, each one's resources in input order, diagnostics in file and line order before
 * the evaluation's (a syntax error in a line placed unparsed is found in pass 2, and merged into place).
 * One thing differs by design: a line no rule can read — of a type no rule reads, or of a narrowed
 * type that no search could find — is not checked, so it is not reported when it is broken past its
 * first key or malformed (a truncated one, not ending in `}`, still is).
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Resource } from 'fhir/r4';
import { looseCode, readableBy, type NarrowedCodes } from '../core/prompts/reads';
import type { ScannedEntry } from './bundle-scan';
import {
  addBundleDocument,
  type Diagnostic,
  forEachLine,
  isBlank,
  isReadType,
  listFiles,
  type Location,
  notJson,
  parseJsonBytes,
  patientIdOf,
  place,
  readInto,
  readWholeFile,
  referencedMedications,
  type ResourceSink,
  splitLines,
} from './input';

/** A position in the input, comparable across files: file ordinal × 2³² + line (or entry). */
function keyOf(file: number, position: number): number {
  return file * 0x1_0000_0000 + position;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACE = 0x7b;
const COLON = 0x3a;
const CODE_KEY = '"code"';
const TYPE_PREFIX = Buffer.from('{"resourceType":"', 'latin1');
const PATIENT_ID = Buffer.from(',"id":"', 'latin1');
const PATIENT_PREFIX = Buffer.from('Patient/', 'latin1');
const SLASH = 0x2f;
/** What follows the key `"subject"` / `"patient"` in the one shape placed from bytes. */
const REFERENCE_VALUE = Buffer.from(':{"reference":"', 'latin1');

/**
 * Occurrences of a string in one window's text, searched once per occurrence however many lines ask.
 * The text is a window of the bytes read as latin1 (see RecordIndex.windowOf), so an index in it is
 * an index in the bytes less the window's start; String#indexOf stays in JavaScript where
 * Buffer#indexOf crosses into C++ on every call, and a line asks for several.
 */
class Occurrences {
  private text: string | undefined;
  private at = -1;
  /** The needle less a leading quote, which is checked apart (see next). */
  private readonly searched: string;
  private readonly quoted: boolean;

  constructor(needle: string) {
    this.quoted = needle.length > 1 && needle.charCodeAt(0) === QUOTE;
    this.searched = this.quoted ? needle.slice(1) : needle;
  }

  /** The first occurrence at or after `from` (text.length when there is none). */
  next(text: string, from: number): number {
    if (text !== this.text) {
      this.text = text;
      this.at = -1;
    }
    if (this.at < from) this.at = this.quoted ? this.afterQuote(text, from) : this.find(text, from);
    return this.at;
  }

  private find(text: string, from: number): number {
    const i = text.indexOf(this.searched, from);
    return i === -1 ? text.length : i;
  }

  /**
   * A needle such as `"code"` searched as `code"`, then its quote checked: V8 looks for a needle's
   * first character first, and in JSON a quote is every few bytes (a third of the time, measured).
   */
  private afterQuote(text: string, from: number): number {
    for (let i = text.indexOf(this.searched, from + 1); i !== -1; i = text.indexOf(this.searched, i + 1))
      if (text.charCodeAt(i - 1) === QUOTE) return i - 1;
    return text.length;
  }

  /** How many times (0, 1, or 2 for "more") it occurs in [start, end), and where first. */
  within(text: string, start: number, end: number): { count: 0 | 1 | 2; at: number } {
    const first = this.next(text, start);
    if (first >= end) return { count: 0, at: -1 };
    return { count: this.next(text, first + 1) < end ? 2 : 1, at: first };
  }
}

/** Bytes pass 2 reads from a file at once; at most 64 files are open, so at most 16 MB are held. */
const READ_AHEAD = 1 << 18;

/** Bytes of text made at once for the needle searches (see RecordIndex.windowOf). */
const WINDOW = 1 << 16;

/** Plain ASCII needing no loosening: the code as `looseCode` leaves it. */
const LOOSE_ALREADY = /^[^a-z. \x80-\uffff]*$/;
const NON_ASCII = /[\x80-\uffff]/;

/** The last bytes seen of some field, to tell whether the next line repeats them. */
class RecentBytes {
  private bytes = Buffer.alloc(64);
  private length = -1;

  is(buf: Buffer, start: number, end: number): boolean {
    if (end - start !== this.length) return false;
    for (let i = 0; i < this.length; i++) if (buf[start + i] !== this.bytes[i]) return false;
    return true;
  }

  set(buf: Buffer, start: number, end: number): void {
    if (end - start > this.bytes.length) this.bytes = Buffer.alloc(end - start);
    buf.copy(this.bytes, 0, start, end);
    this.length = end - start;
  }
}

function includesByte(buf: Buffer, start: number, end: number, byte: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === byte) return true;
  return false;
}

function startsWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** End of a JSON string's ASCII, escape-free content starting at `from` (its closing quote), or -1. */
function plainStringEnd(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const b = buf[i] as number;
    if (b === QUOTE) return i;
    if (b === BACKSLASH || b >= 0x80) return -1;
  }
  return -1;
}

/** The first index at or after `from` (below `end`) that is not JSON whitespace. */
function skipBlanks(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function lastNonBlank(buf: Buffer, start: number, end: number): number {
  let i = end - 1;
  while (
    i >= start &&
    ((buf[i] as number) === 0x20 || ((buf[i] as number) >= 0x09 && (buf[i] as number) <= 0x0d))
  )
    i--;
  return i < start ? -1 : (buf[i] as number);
}

/** Growable columns of numbers: a range of lines, or a bundle resource, per entry. */
class Entries {
  file: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** File offset of the first line, or the index of a kept bundle resource. */
  start: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** File offset after the last line's bytes; -1 for a bundle resource. */
  end: Float64Array<ArrayBuffer> = new Float64Array(1024);
  /** Line (or entry) of the first resource. */
  position: Float64Array<ArrayBuffer> = new Float64Array(1024);
  next: Float64Array<ArrayBuffer> = new Float64Array(1024);
  length = 0;

  push(file: number, start: number, end: number, position: number): number {
    if (this.length === this.file.length) {
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.file = grow(this.file);
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.position = grow(this.position);
      this.next = grow(this.next);
    }
    const i = this.length++;
    this.file[i] = file;
    this.start[i] = start;
    this.end[i] = end;
    this.position[i] = position;
    this.next[i] = -1;
    return i;
  }
}

export interface IndexedPatient {
  patient: string;
  /** Own resources in input order, then the shared Medications their orders reference. */
  resources: Resource[];
}

export class RecordIndex implements ResourceSink {
  private readonly files: string[] = [];
  private readonly entries = new Entries();
  private readonly patientIds: string[] = [];
  private readonly patientOf = new Map<string, number>();
  private readonly head: number[] = [];
  private readonly tail: number[] = [];
  private readonly firstKey: number[] = [];
  private readonly bundleResources: (Resource | undefined)[] = [];
  private readonly shared = new Map<string, Resource>();
  private readonly reported: { key: number; diagnostic: Diagnostic }[] = [];
  private readonly open = new Map<number, number>();
  /** Per open file, the block of it pass 2 read last (see bytesOf). */
  private readonly blocks = new Map<number, { start: number; filled: number; buffer: Buffer }>();
  private currentFile = -1;
  private lines = 0;
  private parsedLines = 0;
  private bundleEntries = 0;
  private parsedEntries = 0;

  private readonly lastType = new RecentBytes();
  private lastTypeName = '';
  private lastTypeRead: ReturnType<typeof isReadType> = 'no';
  private readonly lastId = new RecentBytes();
  private lastIdText = '';
  private lastPatient = '';
  private lastPatientIndex = -1;

  private readonly subjectKeys = new Occurrences('"subject"');
  private readonly patientKeys = new Occurrences('"patient"');
  private readonly containedKeys = new Occurrences('"contained"');
  private readonly codeKeys = new Occurrences('"code"');
  private readonly backslashes = new Occurrences('\\');
  private readonly systemNeedles = new Map<string, Occurrences>();
  /** The window the searches look in: its bytes, where it starts and ends in them, its text. */
  private windowBytes: Buffer | undefined;
  private windowStart = 0;
  private windowEnd = 0;
  private windowText = '';

  /**
   * `narrowed`: per resource type, the codes of the rules' narrowed searches (core/prompts/reads.ts).
   * A resource of such a type that no search could find is passed over like one of a type no rule
   * reads: a 20-year record's Observations are mostly vital signs and surveys no rule looks at.
   * Without it, every resource of a type the rules read is read.
   */
  constructor(private readonly narrowed?: ReadonlyMap<string, NarrowedCodes>) {
    this.readable = narrowed ? readableBy(narrowed) : () => true;
  }

  /** False for a resource of a narrowed type that none of its type's searches could find. */
  private readonly readable: (resource: unknown) => boolean;

  /** A bundle entry no rule can read, from its bytes: of a type no rule reads, or found by no narrowed search. */
  private readonly passOver = (entry: ScannedEntry, bytes: Buffer): boolean => {
    const type = entry.type as string;
    const read = isReadType(type);
    if (read !== 'yes') return read === 'no';
    const narrowed = this.narrowed?.get(type);
    if (!narrowed) return false;
    // The entry alone: in a bundle the next entry the rules read is rarely near.
    const text = this.windowOf(bytes, entry.start, entry.end, 0);
    const base = this.windowStart;
    return !this.mayMatch(text, entry.start - base, entry.end - base, narrowed);
  };

  /** Pass 1: every path (file or folder); unreadable paths are reported, not thrown. */
  async read(paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      let files: string[];
      try {
        files = await listFiles(path);
      } catch (e) {
        this.currentFile = this.files.push(path) - 1;
        this.report({ file: path, message: `cannot read (${e instanceof Error ? e.message : String(e)})` });
        continue;
      }
      for (const file of files) {
        this.currentFile = this.files.push(file) - 1;
        if (/\.ndjson$/i.test(file)) await this.indexNdjson(file, this.currentFile);
        else {
          const read = addBundleDocument(this, file, readWholeFile(file), this.passOver);
          this.bundleEntries += read?.entries ?? 0;
          this.parsedEntries += read?.parsed ?? 0;
        }
      }
    }
  }

  /**
   * What pass 1 holds and did: NDJSON lines seen and parsed, bundle entries scanned from their bytes
   * and parsed of them, byte ranges, bundle resources kept, patients.
   */
  held(): {
    lines: number;
    parsedLines: number;
    bundleEntries: number;
    parsedEntries: number;
    ranges: number;
    resources: number;
    patients: number;
  } {
    return {
      lines: this.lines,
      parsedLines: this.parsedLines,
      bundleEntries: this.bundleEntries,
      parsedEntries: this.parsedEntries,
      ranges: this.entries.length - this.bundleResources.length,
      resources: this.bundleResources.length,
      patients: this.patientIds.length,
    };
  }

  /** Diagnostics in input order (file, then line or entry), whichever pass found them. */
  diagnostics(): Diagnostic[] {
    return this.reported
      .slice()
      .sort((a, b) => a.key - b.key)
      .map((r) => r.diagnostic);
  }

  report(d: Diagnostic): void {
    this.reported.push({ key: keyOf(this.currentFile, d.line ?? d.entry ?? 0), diagnostic: d });
  }

  /** A bundle's resource (pass 1). */
  add(resource: unknown, at: Location, fullUrls?: ReadonlyMap<string, string>): void {
    const placed = place(resource, fullUrls);
    if (placed.kind === 'bad') this.report({ ...at, message: placed.message });
    else if (placed.kind === 'shared') this.shared.set(placed.key, placed.resource);
    else if (placed.kind === 'patient' && this.readable(placed.resource)) {
      const index = this.bundleResources.push(placed.resource) - 1;
      this.append(placed.patient, this.entries.push(this.currentFile, index, -1, at.entry ?? 0));
    }
  }

  private append(patient: string, entry: number): void {
    let p = this.patientOf.get(patient);
    this.lastPatient = patient;
    if (p === undefined) {
      p = this.patientIds.push(patient) - 1;
      this.lastPatientIndex = p;
      this.patientOf.set(patient, p);
      this.head.push(entry);
      this.tail.push(entry);
      this.firstKey.push(keyOf(this.entries.file[entry] as number, this.entries.position[entry] as number));
      return;
    }
    this.lastPatientIndex = p;
    this.entries.next[this.tail[p] as number] = entry;
    this.tail[p] = entry;
  }

  private addLine(patient: string, file: number, offset: number, end: number, line: number): void {
    const p = patient === this.lastPatient ? this.lastPatientIndex : this.patientOf.get(patient);
    if (p !== undefined) {
      this.lastPatient = patient;
      this.lastPatientIndex = p;
      const t = this.tail[p] as number;
      const e = this.entries;
      // The line right after this patient's last one (only line breaks between): one range for both.
      if (e.file[t] === file && (e.end[t] as number) >= 0 && offset - (e.end[t] as number) <= 2) {
        e.end[t] = end;
        return;
      }
    }
    this.append(patient, this.entries.push(file, offset, end, line));
  }

  private async indexNdjson(file: string, ordinal: number): Promise<void> {
    await forEachLine(file, (buf, start, end, line, offset) => {
      if (isBlank(buf, start, end)) return;
      this.lines++;
      const fast = this.placeFromBytes(buf, start, end);
      if (fast === null) return;
      if (fast !== undefined) {
        this.addLine(fast, ordinal, offset, offset + end - start, line);
        return;
      }
      this.parsedLines++;
      const parsed = parseJsonBytes(buf.subarray(start, end));
      if (!parsed.ok) {
        this.report({ file, line, message: notJson(parsed.error) });
        return;
      }
      const placed = place(parsed.value);
      if (placed.kind === 'bad') this.report({ file, line, message: placed.message });
      else if (placed.kind === 'shared') this.shared.set(placed.key, placed.resource);
      // Parsed only to learn its patient: read again in pass 2, so memory does not hold it meanwhile.
      else if (placed.kind === 'patient' && this.readable(placed.resource))
        this.addLine(placed.patient, ordinal, offset, offset + end - start, line);
    });
  }

  /**
   * A line's patient read from its bytes: the id, null for a type no rule reads, undefined when the
   * bytes alone do not settle it (the line is then parsed).
   */
  private placeFromBytes(buf: Buffer, start: number, end: number): string | null | undefined {
    if (!startsWith(buf, start, end, TYPE_PREFIX) || lastNonBlank(buf, start, end) !== CLOSE_BRACE)
      return undefined;
    const typeStart = start + TYPE_PREFIX.length;
    const typeEnd = plainStringEnd(buf, typeStart, end);
    if (typeEnd <= typeStart) return undefined;
    // Lines of a file are mostly of one type: decoded again only when the bytes change.
    if (!this.lastType.is(buf, typeStart, typeEnd)) {
      this.lastType.set(buf, typeStart, typeEnd);
      this.lastTypeName = buf.toString('latin1', typeStart, typeEnd);
      this.lastTypeRead = isReadType(this.lastTypeName);
    }
    const type = this.lastTypeName;
    const read = this.lastTypeRead;
    if (read === 'no') return null;
    if (read === 'shared') return undefined;
    const narrowed = this.narrowed?.get(type);
    const text = this.windowOf(buf, start, end, WINDOW);
    const base = this.windowStart;
    if (narrowed && !this.mayMatch(text, start - base, end - base, narrowed)) return null;
    if (type === 'Patient') {
      if (!startsWith(buf, typeEnd + 1, end, PATIENT_ID)) return undefined;
      const idStart = typeEnd + 1 + PATIENT_ID.length;
      const idEnd = plainStringEnd(buf, idStart, end);
      return idEnd > idStart ? this.idOf(buf, idStart, idEnd) : undefined;
    }
    const from = start - base;
    const to = end - base;
    if (this.containedKeys.within(text, from, to).count) return undefined;
    const subject = this.subjectKeys.within(text, from, to);
    if (subject.count === 2) return undefined;
    if (subject.count === 1) return this.referencedPatient(buf, base + subject.at + 9, end);
    const patient = this.patientKeys.within(text, from, to);
    return patient.count === 1 ? this.referencedPatient(buf, base + patient.at + 9, end) : undefined;
  }

  /**
   * The latin1 text of a window of `buf` that holds [start, end): the current one while it does,
   * else a new one from `start`, `ahead` bytes long or to `end`. Windows are small because V8 makes
   * a string over about 128 kB in its large-object space, about thirty times slower per byte than a
   * small one (measured: 0.33 against 13 GB/s; a 4 MB chunk's text cost more than parsing the lines
   * read from it). One window serves many lines, so the needle searches still carry over.
   */
  private windowOf(buf: Buffer, start: number, end: number, ahead: number): string {
    if (buf !== this.windowBytes || start < this.windowStart || end > this.windowEnd) {
      this.windowBytes = buf;
      this.windowStart = start;
      this.windowEnd = Math.min(buf.length, Math.max(end, start + ahead));
      this.windowText = buf.toString('latin1', this.windowStart, this.windowEnd);
    }
    return this.windowText;
  }

  /**
   * False only when the text of a line or bundle entry shows that `mayBeRead` of its resource is
   * false: no `"code"` key in [start, end) has a string value with a loose form among the codes, and
   * no system searched whole occurs in it. Anything the text does not settle keeps the resource: a
   * backslash (an escape can spell a key or value any way), a `"code"` followed by anything but `:`
   * and an object or a plain ASCII string (whitespace between them allowed, as pretty-printed).
   */
  private mayMatch(text: string, start: number, end: number, narrowed: NarrowedCodes): boolean {
    if (this.backslashes.next(text, start) < end) return true;
    for (const system of narrowed.systems) {
      let needle = this.systemNeedles.get(system);
      if (!needle) this.systemNeedles.set(system, (needle = new Occurrences(system)));
      // A system of non-ASCII characters would be other bytes: compared as written, it only keeps more.
      if (needle.next(text, start) < end) return true;
    }
    for (let at = this.codeKeys.next(text, start); at < end; at = this.codeKeys.next(text, at + 1)) {
      const colon = skipBlanks(text, at + CODE_KEY.length, end);
      if (text.charCodeAt(colon) !== COLON) return true;
      const valueAt = skipBlanks(text, colon + 1, end);
      const value = text.charCodeAt(valueAt);
      if (value === OPEN_BRACE) continue;
      if (value !== QUOTE) return true;
      const close = text.indexOf('"', valueAt + 1);
      if (close < 0 || close >= end) return true;
      const code = text.slice(valueAt + 1, close);
      if (LOOSE_ALREADY.test(code)) {
        if (narrowed.codes.has(code)) return true;
        continue;
      }
      // Non-ASCII is other characters once decoded as UTF-8, and trim() may drop some of them.
      if (NON_ASCII.test(code) || narrowed.codes.has(looseCode(code))) return true;
    }
    return false;
  }

  /** `:{"reference":"…Patient/<id>"` at `at` (just after a key) → the id. */
  private referencedPatient(buf: Buffer, at: number, end: number): string | undefined {
    const before = buf[at - 10];
    if ((before !== 0x2c && before !== 0x7b) || !startsWith(buf, at, end, REFERENCE_VALUE)) return undefined;
    const valueStart = at + REFERENCE_VALUE.length;
    const valueEnd = plainStringEnd(buf, valueStart, end);
    // The reference is the object's first key; a display may follow (no key repeats in FHIR JSON).
    if (valueEnd < 0) return undefined;
    if (
      startsWith(buf, valueStart, valueEnd, PATIENT_PREFIX) &&
      !includesByte(buf, valueStart + 8, valueEnd, SLASH)
    )
      return valueEnd > valueStart + 8 ? this.idOf(buf, valueStart + 8, valueEnd) : undefined;
    return patientIdOf(buf.toString('latin1', valueStart, valueEnd));
  }

  /** A patient id from its bytes; consecutive lines mostly name the same patient, decoded once. */
  private idOf(buf: Buffer, start: number, end: number): string {
    if (!this.lastId.is(buf, start, end)) {
      this.lastId.set(buf, start, end);
      this.lastIdText = buf.toString('latin1', start, end);
    }
    return this.lastIdText;
  }

  private fd(file: number): number {
    let fd = this.open.get(file);
    if (fd === undefined) {
      // A folder of many small files: keep a bounded number open.
      if (this.open.size >= 64) {
        const [oldest, oldFd] = this.open.entries().next().value as [number, number];
        closeSync(oldFd);
        this.open.delete(oldest);
        this.blocks.delete(oldest);
      }
      fd = openSync(this.files[file] as string, 'r');
      this.open.set(file, fd);
    }
    return fd;
  }

  /**
   * The bytes [offset, end) of a file in pass 2, from the block of it read last when that holds
   * them. An export lists each file's patients in the order pass 2 takes them, so the next patient's
   * range mostly follows this one's: one read per block instead of one per range (about 14 a patient).
   */
  private bytesOf(file: number, offset: number, end: number): Buffer {
    if (end - offset > READ_AHEAD) return readInto(this.fd(file), offset, end - offset);
    let block = this.blocks.get(file);
    if (!block || offset < block.start || end > block.start + block.filled) {
      const fd = this.fd(file);
      const buffer = block?.buffer ?? Buffer.allocUnsafe(READ_AHEAD);
      let filled = 0;
      while (filled < buffer.length) {
        const read = readSync(fd, buffer, filled, buffer.length - filled, offset + filled);
        if (read === 0) break;
        filled += read;
      }
      block = { start: offset, filled, buffer };
      this.blocks.set(file, block);
    }
    return block.buffer.subarray(
      offset - block.start,
      Math.min(end, block.start + block.filled) - block.start,
    );
  }

  /** One patient's resources read back, and the key of the first that could be read. */
  private load(p: number): { resources: Resource[]; firstKey: number } {
    const e = this.entries;
    const resources: Resource[] = [];
    let firstKey = -1;
    for (let i = this.head[p] as number; i !== -1; i = e.next[i] as number) {
      const file = e.file[i] as number;
      const end = e.end[i] as number;
      if (end < 0) {
        const index = e.start[i] as number;
        resources.push(this.bundleResources[index] as Resource);
        this.bundleResources[index] = undefined;
        if (firstKey < 0) firstKey = keyOf(file, e.position[i] as number);
        continue;
      }
      const offset = e.start[i] as number;
      const bytes = this.bytesOf(file, offset, end);
      // Each line's own text: a whole range's would be a large string (see windowOf).
      const ascii = isAscii(bytes);
      const name = this.files[file] as string;
      splitLines(bytes, 0, bytes.length, e.position[i] as number, offset, (buf, start, stop, line) => {
        if (isBlank(buf, start, stop)) return;
        let value: unknown;
        if (ascii) {
          try {
            value = JSON.parse(buf.toString('latin1', start, stop));
          } catch (error) {
            this.reported.push({
              key: keyOf(file, line),
              diagnostic: { file: name, line, message: notJson(error) },
            });
            return;
          }
        } else {
          const parsed = parseJsonBytes(buf.subarray(start, stop));
          if (!parsed.ok) {
            this.reported.push({
              key: keyOf(file, line),
              diagnostic: { file: name, line, message: notJson(parsed.error) },
            });
            return;
          }
          value = parsed.value;
        }
        // Kept by its bytes, but no narrowed search finds it: passed over, as pass 1 would have.
        if (!this.readable(value)) return;
        resources.push(value as Resource);
        if (firstKey < 0) firstKey = keyOf(file, line);
      });
    }
    return { resources, firstKey };
  }

  /**
   * Pass 2: each patient with its resources, in the order of its first readable resource. A patient
   * whose first line turned out not to be JSON comes later than pass 1 placed it: it waits (the only
   * patients ever held) until the patients before its real place are through.
   */
  *patients(): Generator<IndexedPatient> {
    const waiting: { key: number; patient: IndexedPatient }[] = [];
    const withMedications = (p: number, own: Resource[]): IndexedPatient => {
      const meds = referencedMedications(own, this.shared);
      return { patient: this.patientIds[p] as string, resources: meds.length ? own.concat(meds) : own };
    };
    try {
      for (let p = 0; p < this.patientIds.length; p++) {
        const { resources, firstKey } = this.load(p);
        if (!resources.length) continue;
        if (firstKey > (this.firstKey[p] as number)) {
          let at = waiting.length;
          while (at > 0 && (waiting[at - 1] as { key: number }).key > firstKey) at--;
          waiting.splice(at, 0, { key: firstKey, patient: withMedications(p, resources) });
          continue;
        }
        while (waiting.length && (waiting[0] as { key: number }).key < firstKey)
          yield (waiting.shift() as { patient: IndexedPatient }).patient;
        yield withMedications(p, resources);
      }
      for (const w of waiting) yield w.patient;
    } finally {
      this.close();
    }
  }

  close(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
    this.blocks.clear();
  }
}
