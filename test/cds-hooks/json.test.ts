/**
 * The piecewise body parser must be JSON.parse exactly: the same value for every valid document
 * and a SyntaxError for every invalid one, whatever the piece size (small pieces make it walk
 * nearly every container itself, the large default hands nearly everything to JSON.parse).
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseJsonBytes, PIECE_BYTES } from '../../cds-hooks/json';

const PIECES = [1, 2, 5, 16, 64, 1024, PIECE_BYTES];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '',
  'a',
  'Señora Núñez',
  'quote " and \\ slash',
  'tab\tnew\nline',
  '😀 emoji',
  '\u0000\u001f',
  '}]{[,:',
];

function generate(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth <= 0 || pick < 0.35) {
    const k = Math.floor(next() * 7);
    if (k === 0) return null;
    if (k === 1) return next() < 0.5;
    if (k === 2) return Math.round((next() - 0.5) * 1e6) / 100;
    if (k === 3) return -0;
    if (k === 4) return 1e21;
    return STRINGS[Math.floor(next() * STRINGS.length)];
  }
  const n = Math.floor(next() * 6);
  if (pick < 0.65) return Array.from({ length: n }, () => generate(next, depth - 1));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++)
    out[`${STRINGS[Math.floor(next() * STRINGS.length)]}${i}`] = generate(next, depth - 1);
  return out;
}

function expectSame(text: string): void {
  let expected: unknown;
  let threw = false;
  try {
    expected = JSON.parse(text);
  } catch {
    threw = true;
  }
  for (const piece of PIECES) {
    const bytes = Buffer.from(text, 'utf8');
    if (threw) {
      expect(() => parseJsonBytes(bytes, piece), `${JSON.stringify(text)} at piece ${piece}`).toThrow(
        SyntaxError,
      );
    } else {
      const got = parseJsonBytes(bytes, piece);
      // Deep equality plus the key order JSON.parse gives.
      expect(isDeepStrictEqual(got, expected), `${JSON.stringify(text)} at piece ${piece}`).toBe(true);
      expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
    }
  }
}

describe('parseJsonBytes', () => {
  it('returns what JSON.parse returns for generated documents, compact and indented', () => {
    const next = random(12);
    for (let i = 0; i < 300; i++) {
      const doc = generate(next, 5);
      expectSame(JSON.stringify(doc));
      expectSame(`\n ${JSON.stringify(doc, null, i % 2 ? 2 : '\t')}\r\n`);
    }
  });

  it('keeps what only hand-written JSON has: duplicate keys, "__proto__", escapes', () => {
    expectSame('{"a":1,"b":2,"a":3}');
    expectSame('{"__proto__":{"polluted":true},"x":[{"__proto__":1}]}');
    expectSame('["\\u00e9\\ud83d\\ude00","\\"\\\\\\/\\b\\f\\n\\r\\t",  1.5e-3 ,-0,true ,false, null ]');
    expectSame('{"":{"":[[],{},[[]]]}}');
    const got = parseJsonBytes(Buffer.from('{"__proto__":{"polluted":true}}'), 1) as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.hasOwn(got, '__proto__')).toBe(true);
  });

  it('refuses what JSON.parse refuses', () => {
    for (const bad of [
      '',
      '   ',
      '{',
      '[1,]',
      '[,1]',
      '{"a":}',
      '{"a" 1}',
      '{"a":1,}',
      '{a:1}',
      '[1 2]',
      '[1}',
      '{"a":1]',
      '"unterminated',
      '["\\"]',
      '[tru]',
      '[01]',
      '{"a":1} x',
      '{"a":1}{}',
      '["tab\there"]',
      '\ufeff{}',
      "{'a':1}",
      '[1,2,3',
      '{"a":[1,2}',
    ])
      expectSame(bad);
  });

  it('refuses every truncation and agrees on every one-byte change of a document', () => {
    const text = JSON.stringify({
      hook: 'patient-view',
      prefetch: {
        p: {
          resourceType: 'Bundle',
          entry: [{ resource: { id: 'ñ', v: [1, 2.5, null, true] } }, { r: '"}' }],
        },
      },
    });
    for (let cut = 0; cut < text.length; cut++) expectSame(text.slice(0, cut));
    for (let at = 0; at < text.length; at++)
      for (const c of ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '1', 'x'])
        expectSame(text.slice(0, at) + c + text.slice(at + 1));
  });

  it('parses bodies nested deeper than it walks (it hands them to JSON.parse whole), and refuses them cut off', () => {
    for (const depth of [40, 1000]) {
      const text = `${'[{"a":'.repeat(depth)}"é"${'}]'.repeat(depth)}`;
      for (const piece of [1, 8]) {
        expect(parseJsonBytes(Buffer.from(text), piece)).toStrictEqual(JSON.parse(text));
        expect(() => parseJsonBytes(Buffer.from(text.slice(0, -1)), piece)).toThrow(SyntaxError);
      }
    }
    let deep: unknown = parseJsonBytes(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 4);
    let levels = 0;
    // Walked by hand: a deep-equality helper would recurse as deep as the value.
    for (; Array.isArray(deep) && deep.length > 0; levels++) deep = deep[0];
    expect([levels, deep]).toEqual([99_999, []]);
  });

  it('parses a prefetch of many resources with non-ASCII text across its pieces', () => {
    const entry = Array.from({ length: 3000 }, (_, i) => ({
      resource: {
        resourceType: 'Observation',
        id: `o${i}`,
        note: [{ text: i % 7 ? 'presión arterial' : '血圧 😀' }],
        value: i / 3,
      },
    }));
    const text = JSON.stringify({
      hook: 'patient-view',
      prefetch: { observations: { resourceType: 'Bundle', entry } },
    });
    expect(text.length).toBeGreaterThan(4 * PIECE_BYTES);
    expect(parseJsonBytes(Buffer.from(text))).toStrictEqual(JSON.parse(text));
  });
});
