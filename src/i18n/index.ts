/**
 * Message catalogs and the language choice (./language.ts). The app page fetches its catalogs
 * (./load.ts); this instance has them all at once.
 */
import en from './en.json';
import es from './es.json';
import { newI18n, type Catalog, type I18n } from './instance';
import { browserLanguage, chosenLanguage, LANGUAGES, type Language } from './language';
import screensEn from './screens.en';
import screensEs from './screens.es';

export * from './language';
export {
  patientGender,
  setPatientGender,
  type I18n,
  type PatientGender,
  type TFunction,
  type TOptions,
} from './instance';

const EVERY_CATALOG: Record<Language, readonly Catalog[]> = { en: [en, screensEn], es: [es, screensEs] };

/**
 * An instance with every catalog of both languages, ready at once (tests). The app page loads its catalogs instead
 * (./load.ts), so they stay out of its first JavaScript.
 */
export function createI18n(lng: Language = chosenLanguage() ?? browserLanguage()): I18n {
  const instance = newI18n(lng, {
    parts: 2,
    load: (lang, part) => EVERY_CATALOG[lang][part] ?? {},
  });
  // Every source here answers at once, so the catalogs are in before this returns.
  void instance.loadLanguages(LANGUAGES);
  return instance;
}
