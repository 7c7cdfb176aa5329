/**
 * Renders prompt messages in a language. The catalogs are plain data, so the browser, the CLI and a
 * CDS Hooks service say the same thing; a language without a catalog gets English.
 */
import { EN, type MessageKey } from './en';
import { ES, type Catalog } from './es';
import {
  PROMPT_LANGUAGES,
  type GrammaticalGender,
  type Message,
  type MessageParam,
  type PromptLanguage,
} from './types';

export { EN, ES, type Catalog, type MessageKey };
export * from './types';

export const CATALOGS: Readonly<Record<PromptLanguage, Catalog>> = { en: EN, es: ES };

/** `es-MX` → `es`; anything the catalogs do not cover → `en`. */
export function promptLanguage(tag: string | undefined): PromptLanguage {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return PROMPT_LANGUAGES.find((l) => l === base) ?? 'en';
}

/**
 * The best catalog language for an HTTP `Accept-Language` header (RFC 9110 §12.5.4): each
 * language-range with its weight (`q`, 1 when absent, 0 meaning "not acceptable"), the highest
 * weight first and, among equal weights, the order sent; a range is matched by its primary subtag
 * (`es-MX` → `es`), `*` by any language not named with q=0. English when nothing sent is covered.
 */
export function acceptedLanguage(header: string | undefined): PromptLanguage {
  const ranges = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.split(';').map((x) => x.trim());
      const q = params.find((p) => /^q\s*=/i.test(p));
      const weight = q === undefined ? 1 : Number(q.replace(/^q\s*=\s*/i, ''));
      return { range: range.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.range !== '');
  const refused = new Set(ranges.filter((r) => r.weight <= 0).map((r) => r.range.split('-')[0]));
  const wanted = ranges.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { range } of wanted) {
    if (range === '*') {
      const any = PROMPT_LANGUAGES.find((l) => !refused.has(l));
      if (any) return any;
      continue;
    }
    const base = range.split('-')[0];
    const lang = PROMPT_LANGUAGES.find((l) => l === base);
    if (lang) return lang;
  }
  return 'en';
}

/** Only `female` and `male` change the grammar; every other value keeps the neutral wording. */
export function grammaticalGender(gender: string | undefined): GrammaticalGender {
  return gender === 'female' || gender === 'male' ? gender : undefined;
}

/**
 * A value from the record (a patient's words, a server's display text) as literal CommonMark text:
 * the inline markup characters backslash-escaped (`\`, backtick, `*`, `_`, `[`, `]`, `~`), `<`, `>`
 * and `&` as entities, a line break as a space, and a block marker it starts with (`#`, `-`, `+`,
 * `=`, `1.`) escaped, so neither a link, emphasis, code, raw HTML nor a new block survives. A client
 * rendering the markdown shows the words as they were written; dates and numbers stay as they are.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]~]/g, '\\$&')
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c)
    .replace(/^(\s*)([#+\-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

export interface RenderOptions {
  /**
   * Applied to every string parameter (the record's values) at every depth, never to the
   * catalog's own words: `escapeMarkdown` where the text becomes markdown (a card's detail).
   */
  escape?: (value: string) => string;
}

export function render(
  message: Message,
  lang: PromptLanguage,
  gender?: GrammaticalGender,
  options: RenderOptions = {},
): string {
  const catalog = CATALOGS[lang];
  const template = (gender && catalog[`${message.key}_${gender}`]) || catalog[message.key];
  const escape = options.escape ?? ((v: string) => v);
  const value = (p: MessageParam): string =>
    typeof p === 'number'
      ? String(p)
      : typeof p === 'string'
        ? escape(p)
        : Array.isArray(p)
          ? p
              .map((x: string | Message) =>
                typeof x === 'string' ? escape(x) : render(x, lang, gender, options),
              )
              .join(', ')
          : render(p as Message, lang, gender, options);
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const p = message.params?.[name];
    return p === undefined ? whole : value(p);
  });
}

/** The `{{parameters}}` a catalog entry uses (for the catalogs' own test). */
export function parametersOf(template: string): string[] {
  return [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}
