/**
 * The launch page's words without i18next: it shows a status line or a problem page, with `{{name}}`
 * values and nothing else (no plurals, no grammar), so it reads only the core catalog of its
 * language and keeps the hop to the authorization server light.
 */
import { browserLanguage, chosenLanguage, type Language } from '../i18n/language';

/** The part of i18next's `t` the launch screens use; the app's `t` fits it too. */
export type Translate = (key: string, values?: Record<string, string>) => string;

type Catalog = { [key: string]: string | Catalog };

const CORE: Record<Language, () => Promise<{ default: Catalog }>> = {
  en: () => import('../i18n/en.json'),
  es: () => import('../i18n/es.json'),
};

/** Looks a dotted key up; like i18next, an unknown key shows as itself rather than as nothing. */
export function translator(catalog: Catalog): Translate {
  return (key, values = {}) => {
    let node: string | Catalog | undefined = catalog;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node !== 'string') return key;
    return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
  };
}

export async function launchWords(
  lng: Language = chosenLanguage() ?? browserLanguage(),
): Promise<{ lang: Language; t: Translate }> {
  try {
    return { lang: lng, t: translator((await CORE[lng]()).default) };
  } catch (err) {
    // The page's own language failed to arrive; English is the one every catalog is checked against.
    if (lng === 'en') throw err;
    return { lang: 'en', t: translator((await CORE.en()).default) };
  }
}
