/** An absolute http(s) URL without a fragment (RFC 6749 §3.1.2), or undefined. */
export function parseRedirectUri(text: string | null | undefined): URL | undefined {
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (text.includes('#')) return undefined;
  return url;
}

/** Trailing slashes are the one difference in `aud` that clients commonly get wrong harmlessly. */
export function sameBaseUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** Adds query parameters to a URL, keeping the ones it already carries. */
export function withParams(base: string | URL, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
}
