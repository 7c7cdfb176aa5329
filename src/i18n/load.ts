/**
 * The app page's catalogs, fetched instead of bundled so they stay out of its first JavaScript: the
 * language the page opens in is read alongside the sign-in, the other language right after, in the
 * background. A language switch waits for its catalog (i18next holds the change until it is read).
 */
import type { BackendModule, i18n } from 'i18next';
import { CATALOGS } from './catalogs';
import { i18nOptions, newI18n } from './instance';
import { LANGUAGES, supported, type Language } from './language';

const backend: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    const lang = supported(language);
    if (!lang) {
      callback(null, {});
      return;
    }
    CATALOGS[lang]().then(
      (m) => callback(null, m.default),
      // i18next retries a failed read a few times before it gives up.
      (err: unknown) => callback(err instanceof Error ? err.message : String(err), false),
    );
  },
};

let everyLanguage: Promise<unknown> = Promise.resolve();

/**
 * Resolves once the catalogs of the page's language are in; starts reading the other language's.
 * Rejects when the page's own language cannot be read.
 */
export async function loadI18n(lng: Language): Promise<i18n> {
  const instance = newI18n(lng);
  instance.use(backend);
  await instance.init(i18nOptions(lng));
  if (!instance.hasResourceBundle(lng, 'translation')) {
    throw new Error(`The ${lng} words of the app could not be loaded.`);
  }
  everyLanguage = instance.loadLanguages([...LANGUAGES]);
  return instance;
}

/**
 * For screens that write words in a language other than the one shown (the plan's narrative is in the
 * patient's language; a declined reason is matched as written in either): they load once every
 * language's catalog is in, which on the app page is well before they could be needed.
 */
export function withEveryLanguage<T>(screen: Promise<T>): Promise<T> {
  return Promise.all([screen, everyLanguage.catch(() => undefined)]).then(([s]) => s);
}
