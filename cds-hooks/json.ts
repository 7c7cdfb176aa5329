/**
 * JSON.parse for a large request body without ever making the body one string.
 *
 * A prefetch for a long record is hundreds of kB. Decoding it into one string puts that string in
 * V8's large-object space, which maps fresh memory for it on every request; on this project's VMs
 * that allocation alone costs more than the whole rule engine (bench/cds-hooks.ts). So the body is
 * parsed piece by piece: the containers that are large are walked here, byte by byte, and every
 * stretch of at most `pieceBytes` (a small value, or a run of small array elements) is decoded and
 * handed to JSON.parse, which does the real work and checks everything inside it.
 *
 * The result is what `JSON.parse(buffer.toString('utf8'))` returns — the same values, key order,
 * duplicate keys (the last one wins) and `__proto__` as an own key — and the same inputs are refused,
 * with a SyntaxError.
 */
import { isAscii } from 'node:buffer';

/** Small enough that a piece's string (2 bytes a character at worst) stays out of large-object space. */
export const PIECE_BYTES = 32 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * How deep large containers are walked. A CDS Hooks request's large ones nest a handful deep
 * (request, prefetch, Bundle, entry); a body nested deeper is parsed whole instead, so a pathological
 * one costs no more than one JSON.parse plus this many rescans of a piece.
 */
const MAX_WALK_DEPTH = 32;

/** Thrown inside the walk when it is nested deeper than MAX_WALK_DEPTH; never escapes. */
class TooDeep extends Error {}

const isWhitespace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function fail(at: number): never {
  throw new SyntaxError(`Unexpected JSON at byte ${at}`);
}

function text(bytes: Buffer, from: number, to: number): string {
  const piece = bytes.subarray(from, to);
  return piece.toString(isAscii(piece) ? 'latin1' : 'utf8');
}

function skipWhitespace(bytes: Buffer, i: number): number {
  while (i < bytes.length && isWhitespace(bytes[i])) i++;
  return i;
}

/** Just past the string that opens at `i`. */
function stringEnd(bytes: Buffer, i: number): number {
  const end = bytes.length;
  for (let j = i + 1; j < end; j++) {
    const c = bytes[j];
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  return fail(i);
}

/**
 * Just past the value that starts at `i`, or -1 for an object or array longer than `pieceBytes`
 * (then it is walked member by member instead). Only the bounds are found here: JSON.parse of the
 * piece checks what lies between them.
 */
function valueEnd(bytes: Buffer, i: number, pieceBytes: number): number {
  const end = bytes.length;
  const first = bytes[i];
  if (first === QUOTE) return stringEnd(bytes, i);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let j = i;
    while (j < end) {
      const c = bytes[j];
      if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isWhitespace(c)) break;
      j++;
    }
    return j === i ? fail(i) : j;
  }
  const limit = Math.min(end, i + pieceBytes);
  let depth = 0;
  for (let j = i; j < limit; j++) {
    const c = bytes[j];
    if (c === QUOTE) {
      // Skip the string in place (a call per string costs more than the scan).
      for (j++; ; j++) {
        if (j >= end) return fail(i);
        const d = bytes[j];
        if (d === QUOTE) break;
        if (d === BACKSLASH) j++;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (--depth === 0) return j + 1;
    }
  }
  return limit === end ? fail(i) : -1;
}

/** The value at `i` (no whitespace before it) and the index just past it. */
function value(bytes: Buffer, i: number, pieceBytes: number, depth: number): [unknown, number] {
  const e = valueEnd(bytes, i, pieceBytes);
  if (e >= 0) return [JSON.parse(text(bytes, i, e)), e];
  return bytes[i] === OPEN_OBJECT
    ? object(bytes, i, pieceBytes, depth + 1)
    : array(bytes, i, pieceBytes, depth + 1);
}

function object(
  bytes: Buffer,
  i: number,
  pieceBytes: number,
  depth: number,
): [Record<string, unknown>, number] {
  if (depth > MAX_WALK_DEPTH) throw new TooDeep();
  const out: Record<string, unknown> = {};
  let j = skipWhitespace(bytes, i + 1);
  if (bytes[j] === CLOSE_OBJECT) return [out, j + 1];
  for (;;) {
    if (bytes[j] !== QUOTE) fail(j);
    const keyEnd = stringEnd(bytes, j);
    const key = JSON.parse(text(bytes, j, keyEnd)) as string;
    j = skipWhitespace(bytes, keyEnd);
    if (bytes[j] !== COLON) fail(j);
    const [v, next] = value(bytes, skipWhitespace(bytes, j + 1), pieceBytes, depth);
    // As JSON.parse does: an own property even for "__proto__", never a prototype change.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
    else out[key] = v;
    j = skipWhitespace(bytes, next);
    if (bytes[j] === CLOSE_OBJECT) return [out, j + 1];
    if (bytes[j] !== COMMA) fail(j);
    j = skipWhitespace(bytes, j + 1);
  }
}

function array(bytes: Buffer, i: number, pieceBytes: number, depth: number): [unknown[], number] {
  if (depth > MAX_WALK_DEPTH) throw new TooDeep();
  const out: unknown[] = [];
  let j = skipWhitespace(bytes, i + 1);
  if (bytes[j] === CLOSE_ARRAY) return [out, j + 1];
  // A run of small elements, with the commas between them, is parsed as one array.
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart < 0) return;
    for (const v of JSON.parse(`[${text(bytes, runStart, runEnd)}]`) as unknown[]) out.push(v);
    runStart = -1;
  };
  for (;;) {
    const e = valueEnd(bytes, j, pieceBytes);
    if (e < 0) {
      flush();
      const [v, next] =
        bytes[j] === OPEN_OBJECT
          ? object(bytes, j, pieceBytes, depth + 1)
          : array(bytes, j, pieceBytes, depth + 1);
      out.push(v);
      j = next;
    } else {
      if (runStart >= 0 && e - runStart > pieceBytes) flush();
      if (runStart < 0) runStart = j;
      runEnd = e;
      j = e;
    }
    j = skipWhitespace(bytes, j);
    if (bytes[j] === CLOSE_ARRAY) {
      flush();
      return [out, j + 1];
    }
    if (bytes[j] !== COMMA) fail(j);
    j = skipWhitespace(bytes, j + 1);
  }
}

export function parseJsonBytes(bytes: Buffer, pieceBytes = PIECE_BYTES): unknown {
  const start = skipWhitespace(bytes, 0);
  if (start === bytes.length) fail(start);
  try {
    const [result, next] = value(bytes, start, pieceBytes, 0);
    if (skipWhitespace(bytes, next) !== bytes.length) fail(next);
    return result;
  } catch (err) {
    if (err instanceof TooDeep) return JSON.parse(text(bytes, 0, bytes.length));
    throw err;
  }
}
