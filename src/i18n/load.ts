/**
 * The app page's catalogs, fetched instead of bundled so they stay out of its first JavaScript
 * (./catalogs.ts): the first screen's words of the page's language are read alongside the sign-in;
 * the screens' words, and every word of the other language, right after, in the background. The
 * screens that use them wait for them (withEveryLanguage); a language switch waits for its own.
 */
import { CATALOGS, SCREEN_CATALOGS } from './catalogs';
import { newI18n, type I18n } from './instance';
import { LANGUAGES, type Language } from './language';

const PARTS = [CATALOGS, SCREEN_CATALOGS] as const;

let everyLanguage: Promise<unknown> = Promise.resolve();

/**
 * Resolves once the first screen's words of the page's language are in, and starts reading the rest.
 * When that language's words cannot be read the page opens in English, the language every catalog is
 * checked against; rejects only when English cannot be read either.
 */
export async function loadI18n(lng: Language): Promise<I18n> {
  const instance = newI18n(lng, {
    parts: PARTS.length,
    load: async (lang, part) => {
      const read = PARTS[part]?.[lang];
      if (!read) throw new Error(`No catalog part ${part}`);
      return (await read()).default;
    },
  });
  if (!(await instance.loadParts(lng, 1))) {
    if (lng === 'en' || !(await instance.loadParts('en', 1))) {
      throw new Error(`The ${lng} words of the app could not be loaded.`);
    }
    await instance.changeLanguage('en');
  }
  everyLanguage = instance.loadLanguages(LANGUAGES);
  return instance;
}

/**
 * For screens past the first: they load once every catalog of every language is in (they write words
 * in a language other than the one shown, too: the plan's narrative is in the patient's language; a
 * declined reason is matched as written in either), which on the app page is well before they could
 * be drawn.
 */
export function withEveryLanguage<T>(screen: Promise<T>): Promise<T> {
  return Promise.all([screen, everyLanguage.catch(() => undefined)]).then(([s]) => s);
}
