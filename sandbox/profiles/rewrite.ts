/** Rewriting every string of a JSON value, for the seams that translate URLs and ids. */

export function mapStrings(value: unknown, map: (text: string, key: string | undefined) => string): unknown {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') return map(v, key);
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[k] = walk(item, k);
      return out;
    }
    return v;
  };
  return walk(value, undefined);
}

/** `from` as a base (itself, or followed by `/` or `?`) at the start of `text` becomes `to`. */
export function rebase(text: string, from: string, to: string): string {
  if (!text.startsWith(from)) return text;
  const rest = text.slice(from.length);
  return rest === '' || rest.startsWith('/') || rest.startsWith('?') ? to + rest : text;
}

const URL_HEADERS = ['location', 'content-location'];

export function mapHeaders(
  headers: Record<string, string>,
  map: (text: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = URL_HEADERS.includes(name.toLowerCase()) ? map(value) : value;
  }
  return out;
}
