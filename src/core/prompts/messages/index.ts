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

/** Only `female` and `male` change the grammar; every other value keeps the neutral wording. */
export function grammaticalGender(gender: string | undefined): GrammaticalGender {
  return gender === 'female' || gender === 'male' ? gender : undefined;
}

export function render(message: Message, lang: PromptLanguage, gender?: GrammaticalGender): string {
  const catalog = CATALOGS[lang];
  const template = (gender && catalog[`${message.key}_${gender}`]) || catalog[message.key];
  const value = (p: MessageParam): string =>
    typeof p === 'string' || typeof p === 'number'
      ? String(p)
      : Array.isArray(p)
        ? p.map((x: string | Message) => (typeof x === 'string' ? x : render(x, lang, gender))).join(', ')
        : render(p as Message, lang, gender);
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const p = message.params?.[name];
    return p === undefined ? whole : value(p);
  });
}

/** The `{{parameters}}` a catalog entry uses (for the catalogs' own test). */
export function parametersOf(template: string): string[] {
  return [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}
