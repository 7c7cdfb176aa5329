/**
 * Stands in for `js-base64` in the production build (vite.config.ts). fhirclient uses three of its
 * functions (PKCE's verifier and challenge, the id token's payload, signed assertions); the browser's
 * own atob/btoa and TextEncoder do the same in a few lines, where the package costs the app page
 * about 1.6 kB gzipped before its first screen. Checked against the package in test/app/launch-shims.test.ts.
 */

function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Base64 of the bytes; URL-safe and unpadded when `urlSafe`. */
export function fromUint8Array(bytes: Uint8Array, urlSafe = false): string {
  const url = bytesToBase64Url(bytes);
  if (urlSafe) return url;
  const std = url.replace(/-/g, '+').replace(/_/g, '/');
  return std + '='.repeat((4 - (std.length % 4)) % 4);
}

/** URL-safe, unpadded base64 of a string's UTF-8 bytes. */
export function encodeURL(text: string): string {
  return bytesToBase64Url(new TextEncoder().encode(text));
}

/** A string from the base64 (standard or URL-safe, padded or not) of its UTF-8 bytes. */
export function decode(encoded: string): string {
  const std = encoded
    .replace(/[^A-Za-z0-9+/_-]/g, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  const binary = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export default { fromUint8Array, encodeURL, decode };
