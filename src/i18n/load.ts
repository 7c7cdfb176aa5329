/**
 * The app page's catalogs, fetched instead of bundled so they stay out of its first JavaScript
 * (./catalogs.ts): the first screen's words of the page's language are read alongside the sign-in;
 * the screens' words, and every word of the other language, when the first screen past it is asked
 * for (withEveryLanguage), which the page does only once its first screen has painted, so they never
 * hold that screen back. A language switch waits for its own.
 */
import { CATALOGS, SCREEN_CATALOGS } from './catalogs';
import { newI18n, type I18n } from './instance';
import { LANGUAGES, type Language } from './language';

const PARTS = [CATALOGS, SCREEN_CATALOGS] as const;

let readTheRest: () => Promise<unknown> = () => Promise.resolve();
let theRest: Promise<unknown> | undefined;

/**
 * Resolves once the first screen's words of the page's language are in. When that language's words
 * cannot be read the page opens in English, the language every catalog is checked against; rejects
 * only when English cannot be read either.
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
  theRest = undefined;
  readTheRest = () => instance.loadLanguages(LANGUAGES);
  return instance;
}

/**
 * For screens past the first: they load once every catalog of every language is in (they write words
 * in a language other than the one shown, too: the plan's narrative is in the patient's language; a
 * declined reason is matched as written in either). The first such screen starts reading them, beside
 * its own chunk.
 */
export function withEveryLanguage<T>(screen: Promise<T>): Promise<T> {
  theRest ??= readTheRest();
  return Promise.all([screen, theRest.catch(() => undefined)]).then(([s]) => s);
}
