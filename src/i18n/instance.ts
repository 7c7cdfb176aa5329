/** What every i18next instance of the app shares, however its catalogs arrive. */
import i18next, { type i18n, type InitOptions, type PostProcessorModule, type TOptions } from 'i18next';
import { LANGUAGES, type Language } from './language';

/**
 * Grammar that agrees with the patient. By convention a catalog entry `key_female` / `key_male` is a
 * form about the patient that depends on their gender (Spanish "cómoda" / "cómodo"), and the base
 * `key` says the same in neutral words. Once the record says the patient is female or male, every
 * lookup prefers that form, so no screen has to pass i18next's `context` itself; any other gender,
 * or none recorded, keeps the neutral words. Keyed by the instance's options, which its translator
 * shares.
 */
const genders = new WeakMap<object, 'female' | 'male'>();

interface Translator {
  options: object;
  translate(key: string | string[], options: TOptions): string;
}

const PATIENT_GENDER = 'patient-gender';
const patientGrammar: PostProcessorModule = {
  type: 'postProcessor',
  name: PATIENT_GENDER,
  process(value: string, key: string | string[], options: TOptions, translator: Translator) {
    const gender = genders.get(translator.options);
    if (!gender || options.context !== undefined) return value;
    return translator.translate(key, { ...options, context: gender });
  },
};

export type PatientGender = 'female' | 'male' | undefined;

export function patientGender(instance: i18n): PatientGender {
  return genders.get(instance.options);
}

/** Sets the patient whose gender the words agree with (`Patient.gender`); what renders next uses it. */
export function setPatientGender(instance: i18n, gender: string | undefined): void {
  const g = gender === 'female' || gender === 'male' ? gender : undefined;
  if (g) genders.set(instance.options, g);
  else genders.delete(instance.options);
}

/** The options every instance shares, however its catalogs arrive. */
export function i18nOptions(lng: Language): InitOptions {
  return {
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // React escapes on render; escaping here too would show entities like &amp; to the user.
    interpolation: { escapeValue: false },
    postProcess: [PATIENT_GENDER],
    showSupportNotice: false,
  };
}

/** A new instance, before init: the patient's grammar and the page's `lang` follow it. */
export function newI18n(lng: Language): i18n {
  const instance = i18next.createInstance();
  instance.use(patientGrammar);
  document.documentElement.lang = lng;
  instance.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return instance;
}
