/**
 * Message catalogs and the language choice (./language.ts). The app page fetches its catalogs
 * (./load.ts); this instance has them all at once.
 */
import type { i18n } from 'i18next';
import enCatalog from './catalog.en';
import esCatalog from './catalog.es';
import { i18nOptions, newI18n } from './instance';
import { browserLanguage, chosenLanguage, type Language } from './language';

export * from './language';
export { patientGender, setPatientGender, type PatientGender } from './instance';

/**
 * An instance with every catalog of both languages, ready at once (tests). The app page loads its catalogs instead
 * (./load.ts), so they stay out of its first JavaScript.
 */
export function createI18n(lng: Language = chosenLanguage() ?? browserLanguage()): i18n {
  const instance = newI18n(lng);
  void instance.init({
    ...i18nOptions(lng),
    // One catalog per capability (voice, workspace, prompts) under its own key, so features grow apart.
    resources: { en: { translation: enCatalog }, es: { translation: esCatalog } },
    initAsync: false,
  });
  return instance;
}
