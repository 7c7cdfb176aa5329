/**
 * The build's stand-in for js-base64 (src/launch/shims/base64.ts) gives what fhirclient gets from the
 * package itself, for the inputs a launch produces: PKCE bytes, JSON headers and payloads, and id
 * tokens in any language.
 */
import {
  decode as pkgDecode,
  encodeURL as pkgEncodeURL,
  fromUint8Array as pkgFromUint8Array,
} from 'js-base64';
import { describe, expect, it } from 'vitest';
import shim, { decode, encodeURL, fromUint8Array } from '../../src/launch/shims/base64';

const texts = [
  '',
  'a',
  'ab',
  'abc',
  '{"alg":"RS384","typ":"JWT","kid":"k1"}',
  JSON.stringify({ fhirUser: 'Patient/cg-rosa', name: 'Rosa Núñez — 🫀 مرحبا', aud: 'cg' }),
];

describe('js-base64 stand-in', () => {
  it('encodes bytes as the package does, URL-safe and standard', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      expect(fromUint8Array(bytes, true)).toBe(pkgFromUint8Array(bytes, true));
      expect(fromUint8Array(bytes)).toBe(pkgFromUint8Array(bytes));
    }
  });

  it('encodes and decodes UTF-8 text as the package does, in either alphabet', () => {
    for (const text of texts) {
      expect(encodeURL(text)).toBe(pkgEncodeURL(text));
      expect(decode(pkgEncodeURL(text))).toBe(text);
      expect(decode(Buffer.from(text).toString('base64'))).toBe(
        pkgDecode(Buffer.from(text).toString('base64')),
      );
    }
  });

  it('is what fhirclient require()s: the functions on the default export', () => {
    expect(shim).toEqual({ fromUint8Array, encodeURL, decode });
  });
});
