/**
 * A Bundle document's entries found from its bytes without parsing it, so that the prompts CLI parses
 * only the entries a rule may read: in a Synthea bundle three quarters of the bytes are Claims,
 * ExplanationOfBenefits, DiagnosticReports and Observations no rule reads, and JSON.parse of them
 * was most of the CLI's time.
 *
 * The scan follows the JSON structure exactly (strings with their escapes, nesting, and only JSON's
 * characters between tokens), so an entry's range is the one JSON.parse would read. It gives up —
 * and the caller parses the whole document as before, for the same value or the same syntax error —
 * on anything it does not expect: a top level that is not one object, an `entry` that is not an array
 * of objects, an unterminated string or bracket, a character JSON does not allow, a repeated `entry`.
 * It does not check the grammar inside an entry (a missing comma, two values in a row): an entry the
 * caller passes over goes unchecked, as an NDJSON line passed over does, and one it reads is parsed.
 *
 * Its loop is written for speed on pretty-printed files (half of a Synthea bundle is indentation):
 * plain numbers rather than an enum, whitespace four bytes at a time, strings by a byte loop, and
 * a resource's nested values (most of its bytes, and none of them of interest) passed over by a
 * smaller loop that only follows brackets and strings.
 */

/** One element of `Bundle.entry`: where it is, and what its bytes say of it. */
export interface ScannedEntry {
  /** [start, end) of the entry's object in the bytes. */
  start: number;
  end: number;
  /**
   * The entry's `fullUrl`, and its resource's `resourceType` and `id`, as written, each when its key
   * occurs once with a string value free of escapes. `plain` is false when one of the three occurs
   * otherwise, or `resource` is not one object: what the entry is then needs it parsed.
   */
  fullUrl?: string;
  type?: string;
  id?: string;
  plain: boolean;
}

export interface ScannedBundle {
  /** The document with its entry array emptied: JSON.parse of it is the Bundle without entries. */
  frame: string;
  entries: ScannedEntry[];
}

const OTHER = 0;
const STRING = 1;
const OPEN = 2;
const CLOSE = 3;
const COMMA = 4;
const INVALID = 5;

/** What each ASCII character is between JSON tokens; any other byte there is not JSON. */
const CLASS = new Uint8Array(128).fill(INVALID);
for (const c of ' \t\n\r:0123456789+-.eEtrufalsn') CLASS[c.charCodeAt(0)] = OTHER;
CLASS[0x2c] = COMMA;
CLASS[0x22] = STRING;
CLASS[0x7b] = OPEN;
CLASS[0x5b] = OPEN;
CLASS[0x7d] = CLOSE;
CLASS[0x5d] = CLOSE;

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const FOUR_SPACES = 0x20202020;
const FOUR_QUOTES = 0x22222222;
const FOUR_BACKSLASHES = 0x5c5c5c5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

// The key whose value comes next, where it matters; each is also a bit of `seen`. Plain numbers, not
// a const enum: tsx compiles each file alone and makes an enum an object to look up in the loop.
const NO_KEY = 0;
const ENTRY = 1;
const FULL_URL = 2;
const RESOURCE = 3;
const TYPE = 4;
const ID = 5;

/**
 * The entries of the JSON document in the UTF-8 `bytes`. Undefined when it is not one
 * JSON object whose `entry` (if it has one) is an array of objects, or the scan cannot follow it.
 */
export function scanBundle(bytes: Buffer): ScannedBundle | undefined {
  const n = bytes.length;
  // The closing character of each open container, by depth.
  const closers: number[] = [];
  let depth = 0;
  let key: number = NO_KEY;
  let entryArrayOpen = -1;
  let entryArrayClose = -1;
  let inEntries = false;
  // In the entry array: whether an object came since it opened or since the last comma.
  let element = false;
  let inResource = false;
  let resources = 0;
  let current: ScannedEntry | undefined;
  let seen = 0;
  const entries: ScannedEntry[] = [];
  let topClosed = false;

  // The bytes as 32-bit words, to pass over indentation four spaces at a time.
  const words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
  const base = bytes.byteOffset;
  // Words wholly within the bytes.
  const lastWord = (base + n) >> 2;
  for (let i = 0; i < n; i++) {
    const c = bytes[i] as number;
    // Whitespace first: it is half of a pretty-printed document, most of it indentation.
    if (c === 0x20 || c === 0x0d || c === 0x09) continue;
    if (c === 0x0a) {
      let j = i + 1;
      while (j < n && ((base + j) & 3) !== 0 && bytes[j] === 0x20) j++;
      if (((base + j) & 3) === 0) {
        let w = (base + j) >> 2;
        while (w < lastWord && words[w] === FOUR_SPACES) w++;
        j = Math.min(n, (w << 2) - base);
      }
      i = j - 1;
      continue;
    }
    const kind = c < 128 ? (CLASS[c] as number) : INVALID;
    if (kind === OTHER) {
      // Between the entries only whitespace and commas may stand.
      if (depth === 2 && inEntries) return undefined;
      continue;
    }
    if (kind === INVALID || topClosed) return undefined;
    if (kind === COMMA) {
      if (depth === 2 && inEntries) {
        if (!element) return undefined;
        element = false;
      }
      continue;
    }
    if (kind === STRING) {
      // Four bytes at a time while a word holds no quote and no backslash (SWAR: a byte of
      // v ^ 0x22222222 is zero where v has a quote), then byte by byte, seeing escapes.
      let close = i + 1;
      let escapes = false;
      for (;;) {
        if (((base + close) & 3) === 0) {
          let w = (base + close) >> 2;
          for (; w < lastWord; w++) {
            const v = words[w] as number;
            const q = v ^ FOUR_QUOTES;
            const e = v ^ FOUR_BACKSLASHES;
            if ((((q - 0x01010101) & ~q) | ((e - 0x01010101) & ~e)) & 0x80808080) break;
          }
          close = (w << 2) - base;
        }
        if (close >= n) return undefined;
        const b = bytes[close];
        if (b === QUOTE) break;
        if (b === BACKSLASH) {
          escapes = true;
          close += 2;
        } else close++;
      }
      if (depth === 2 && inEntries) return undefined;
      if (
        (depth === 1 || (depth === 3 && current !== undefined) || (depth === 4 && inResource)) &&
        // Only a key of interest's length, an escape, or a value awaited needs a closer look.
        (key !== NO_KEY || escapes || lengthOfInterest(depth, close - i - 1))
      ) {
        if (isKey(bytes, close + 1)) {
          if (escapes) {
            // An escape can spell any key: `entry` itself, or one of an entry's.
            if (depth === 1) return undefined;
            (current as ScannedEntry).plain = false;
            key = NO_KEY;
          } else key = keyAt(bytes, i + 1, close, depth);
          if (key === ENTRY) {
            if (entryArrayOpen >= 0) return undefined;
          } else if (key !== NO_KEY && current) {
            if (seen & (1 << key)) current.plain = false;
            seen |= 1 << key;
          }
        } else if (key !== NO_KEY) {
          if (current && key !== ENTRY) {
            if (key === RESOURCE || escapes) current.plain = false;
            else if (key === FULL_URL) current.fullUrl = bytes.toString('utf8', i + 1, close);
            else if (key === TYPE) current.type = bytes.toString('utf8', i + 1, close);
            else current.id = bytes.toString('utf8', i + 1, close);
          }
          key = NO_KEY;
        }
      }
      i = close;
      continue;
    }
    if (kind === OPEN) {
      if (depth === 0) {
        if (c !== OPEN_BRACE) return undefined;
      } else if (depth === 1) {
        inEntries = key === ENTRY;
        if (inEntries) {
          if (c !== OPEN_BRACKET) return undefined;
          entryArrayOpen = i;
        }
      } else if (depth === 2 && inEntries) {
        if (c !== OPEN_BRACE || element) return undefined;
        element = true;
        current = { start: i, end: -1, plain: true };
        seen = 0;
        resources = 0;
      } else if (depth === 3 && current) {
        if (key === RESOURCE && c === OPEN_BRACE) {
          inResource = true;
          resources++;
        } else if (key !== NO_KEY) current.plain = false;
      } else if (depth === 4 && inResource && key !== NO_KEY) (current as ScannedEntry).plain = false;
      key = NO_KEY;
      if (depth >= 4) {
        // Below a resource's own keys nothing is of interest: find the container's end alone.
        const end = containerEnd(bytes, words, base, lastWord, i);
        if (end < 0) return undefined;
        i = end;
        continue;
      }
      closers.push(c === OPEN_BRACE ? 0x7d : 0x5d);
      depth++;
      continue;
    }
    if (closers.pop() !== c) return undefined;
    depth--;
    key = NO_KEY;
    if (depth === 3 && inResource) inResource = false;
    else if (depth === 2 && current) {
      current.end = i + 1;
      // A key of interest whose value was not a string (or not an object, for `resource`).
      if (
        (seen & (1 << FULL_URL) && current.fullUrl === undefined) ||
        (seen & (1 << TYPE) && current.type === undefined) ||
        (seen & (1 << ID) && current.id === undefined) ||
        (seen & (1 << RESOURCE) && resources !== 1)
      )
        current.plain = false;
      entries.push(current);
      current = undefined;
    } else if (depth === 1 && inEntries) {
      if (!element && entries.length > 0) return undefined;
      inEntries = false;
      entryArrayClose = i;
    } else if (depth === 0) topClosed = true;
  }
  if (!topClosed) return undefined;
  const frame =
    entryArrayOpen < 0
      ? bytes.toString('utf8')
      : bytes.toString('utf8', 0, entryArrayOpen + 1) + bytes.toString('utf8', entryArrayClose, n);
  return { frame, entries };
}

/**
 * The index of the bracket closing the container opened at `open`, or -1 when it is not closed or
 * holds a character JSON does not allow between tokens. The main loop's scanning, without its keys.
 */
function containerEnd(
  bytes: Buffer,
  words: Int32Array,
  base: number,
  lastWord: number,
  open: number,
): number {
  const n = bytes.length;
  const closers: number[] = [bytes[open] === OPEN_BRACE ? 0x7d : 0x5d];
  for (let i = open + 1; i < n; i++) {
    const c = bytes[i] as number;
    if (c === 0x20 || c === 0x0d || c === 0x09) continue;
    if (c === 0x0a) {
      let j = i + 1;
      while (j < n && ((base + j) & 3) !== 0 && bytes[j] === 0x20) j++;
      if (((base + j) & 3) === 0) {
        let w = (base + j) >> 2;
        while (w < lastWord && words[w] === FOUR_SPACES) w++;
        j = Math.min(n, (w << 2) - base);
      }
      i = j - 1;
      continue;
    }
    const kind = c < 128 ? (CLASS[c] as number) : INVALID;
    if (kind === OTHER || kind === COMMA) continue;
    if (kind === STRING) {
      let close = i + 1;
      for (;;) {
        if (((base + close) & 3) === 0) {
          let w = (base + close) >> 2;
          for (; w < lastWord; w++) {
            const v = words[w] as number;
            const q = v ^ FOUR_QUOTES;
            const e = v ^ FOUR_BACKSLASHES;
            if ((((q - 0x01010101) & ~q) | ((e - 0x01010101) & ~e)) & 0x80808080) break;
          }
          close = (w << 2) - base;
        }
        if (close >= n) return -1;
        const b = bytes[close];
        if (b === QUOTE) break;
        close += b === BACKSLASH ? 2 : 1;
      }
      i = close;
      continue;
    }
    if (kind === OPEN) closers.push(c === OPEN_BRACE ? 0x7d : 0x5d);
    else if (kind === INVALID || closers.pop() !== c) return -1;
    else if (closers.length === 0) return i;
  }
  return -1;
}

/** Whether the next character after whitespace is a colon: the string before it was a key. */
function isKey(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === COLON) return true;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return false;
}

/** Whether a key of interest at this depth is `length` bytes long (keyAt's keys). */
function lengthOfInterest(depth: number, length: number): boolean {
  if (depth === 4) return length === 12 || length === 2;
  if (depth === 3) return length === 7 || length === 8;
  return length === 5;
}

/** Which key of interest the escape-free string [start, end) is at its depth. */
function keyAt(bytes: Uint8Array, start: number, end: number, depth: number): number {
  if (depth === 1) return spells(bytes, start, end, 'entry') ? ENTRY : NO_KEY;
  if (depth === 3) {
    if (spells(bytes, start, end, 'fullUrl')) return FULL_URL;
    return spells(bytes, start, end, 'resource') ? RESOURCE : NO_KEY;
  }
  if (spells(bytes, start, end, 'resourceType')) return TYPE;
  return spells(bytes, start, end, 'id') ? ID : NO_KEY;
}

/** Whether the bytes [start, end) are the ASCII `word`. */
function spells(bytes: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word.charCodeAt(k)) return false;
  return true;
}
