/**
 * The prompts CLI's fast reader (issue 14, "CLI"): JSON read from bytes without UTF-8 decoding must
 * give exactly the values, line numbers and errors the UTF-8 text gives, and NDJSON read in chunks
 * must break lines as readline does.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJsonDocument, addNdjsonFile, asciiJsonText, PatientCollector } from '../../src/cli/input';

const TEXTS = [
  '{"resourceType":"Patient","id":"p1","name":[{"text":"Zoë\u200bÅström"}]}',
  '{"a":"emoji 🩺 and CJK 漢字","ü-key":["é","\\u00e9","\\n\\"quoted\\""]}',
  '[1,2.5e3,true,null,"ends with non-ASCII: ñ"]',
  '{"a":"' + 'x'.repeat(70_000) + 'é' + 'y'.repeat(70_000) + '"}',
  '{"a":"' + 'é'.repeat(70_000) + '"}',
];

describe('asciiJsonText', () => {
  it('parses to the same value as the UTF-8 text, from a string of ASCII only', () => {
    for (const text of TEXTS) {
      const bytes = Buffer.from(text, 'utf8');
      const fast = asciiJsonText(bytes);
      expect(fast).toBeDefined();
      expect([...fast!].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
      expect(JSON.parse(fast!)).toEqual(JSON.parse(text));
    }
  });

  it('gives invalid UTF-8 inside a string the replacement character, as the decoder does', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xe2, 0x80]), Buffer.from('y"}')]);
    expect(JSON.parse(asciiJsonText(bytes)!)).toEqual(JSON.parse(bytes.toString('utf8')));
  });

  it('leaves a non-ASCII character after a backslash to the UTF-8 decoder', () => {
    expect(asciiJsonText(Buffer.from('{"a":"\\é"}', 'utf8'))).toBeUndefined();
  });
});

describe('addJsonDocument from bytes', () => {
  it('collects the same resources as from the text', () => {
    const bundle = JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient', id: 'p', name: [{ text: 'José' }] } },
        {
          resource: {
            resourceType: 'Condition',
            id: 'c',
            subject: { reference: 'urn:uuid:1' },
            code: { text: 'Diabète\u200b' },
          },
        },
      ],
    });
    const fromText = new PatientCollector();
    const fromBytes = new PatientCollector();
    addJsonDocument(fromText, 'b.json', bundle);
    addJsonDocument(fromBytes, 'b.json', Buffer.from(bundle, 'utf8'));
    expect(fromBytes.resourcesOf('p')).toEqual(fromText.resourcesOf('p'));
    expect(fromBytes.resourcesOf('p')).toHaveLength(2);
  });

  it('reports a syntax error with the line and message of the UTF-8 text', () => {
    const broken = '{\n "name": "Zoë",\n "x": [1,,2]\n}';
    const fromText = new PatientCollector();
    const fromBytes = new PatientCollector();
    addJsonDocument(fromText, 'bad.json', broken);
    addJsonDocument(fromBytes, 'bad.json', Buffer.from(broken, 'utf8'));
    expect(fromBytes.diagnostics).toEqual(fromText.diagnostics);
    expect(fromBytes.diagnostics).toHaveLength(1);
  });
});

describe('addNdjsonFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-ndjson-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What the reader it replaced (readline over a UTF-8 stream, then JSON.parse) made of a file. */
  async function viaReadline(file: string): Promise<{ line: number; value?: unknown; error?: string }[]> {
    const out: { line: number; value?: unknown; error?: string }[] = [];
    let line = 0;
    const lines = createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    for await (const text of lines) {
      line++;
      if (!text.trim()) continue;
      try {
        out.push({ line, value: JSON.parse(text) as unknown });
      } catch (e) {
        out.push({ line, error: `not JSON (${e instanceof Error ? e.message : String(e)})` });
      }
    }
    return out;
  }

  async function viaReader(file: string): Promise<{ line: number; value?: unknown; error?: string }[]> {
    const collector = new PatientCollector();
    const seen: { line: number; value?: unknown; error?: string }[] = [];
    collector.add = (value, at) => {
      seen.push({ line: at.line ?? 0, value });
    };
    collector.report = (d) => {
      seen.push({ line: d.line ?? 0, error: d.message });
    };
    await addNdjsonFile(collector, file);
    return seen.sort((a, b) => a.line - b.line);
  }

  const resource = (i: number, text = ''): string =>
    JSON.stringify({
      resourceType: 'Observation',
      id: `o${i}`,
      subject: { reference: 'Patient/p' },
      note: [{ text }],
    });

  it('breaks lines at LF, CRLF and a lone CR, skips blank ones and numbers them as readline does', async () => {
    const file = join(dir, 'breaks.ndjson');
    const body = [
      `\ufeff${resource(0)}\n`,
      `${resource(1, 'Zoë')}\r\n`,
      '\n   \t\n\u00a0\n',
      `${resource(2)}\r${resource(3)}\r\r\n`,
      '{"not json"\n',
      resource(4, 'last line, no break'),
    ].join('');
    await writeFile(file, body);
    const expected = await viaReadline(file);
    expect(await viaReader(file)).toEqual(expected);
    expect(expected.filter((e) => e.value !== undefined)).toHaveLength(4);
    expect(expected.filter((e) => e.error !== undefined).map((e) => e.line)).toEqual([1, 9]);
  });

  it('breaks ASCII-only lines the same way (the reader takes them as one string per chunk)', async () => {
    const file = join(dir, 'ascii-breaks.ndjson');
    const body = [
      `${resource(0)}\n`,
      `${resource(1)}\r\n`,
      '\n   \t\n',
      `${resource(2)}\r${resource(3)}\r\r\n`,
      '{"not json"\n',
      `${resource(4)}\r`,
    ].join('');
    await writeFile(file, body);
    const expected = await viaReadline(file);
    expect(await viaReader(file)).toEqual(expected);
    expect(expected.filter((e) => e.value !== undefined)).toHaveLength(5);
  });

  it('reads an ASCII line cut by a chunk boundary whole', async () => {
    const file = join(dir, 'big-ascii.ndjson');
    const lines = Array.from({ length: 16 }, (_, i) => resource(i, 'x'.repeat(300_000 + i)));
    await writeFile(file, `${lines.join('\r\n')}`);
    const read = await viaReader(file);
    expect(read).toEqual(await viaReadline(file));
    expect(read).toHaveLength(16);
  });

  it('reads a line cut by a chunk boundary whole, non-ASCII characters included', async () => {
    const file = join(dir, 'big.ndjson');
    // Lines of about 300 kB, so 4 MB chunks end inside one, some in the middle of a 3-byte character.
    const lines = Array.from({ length: 16 }, (_, i) => resource(i, `${'€'.repeat(100_000 + i)}`));
    await writeFile(file, `${lines.join('\n')}\n`);
    const read = await viaReader(file);
    expect(read).toEqual(await viaReadline(file));
    expect(read).toHaveLength(16);
  });
});
