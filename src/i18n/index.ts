/**
 * Message catalogs and the language choice. The language follows, in order: what the user picked
 * in the app, the patient's preferred language (patient view only), then the browser.
 */
import i18next, { type i18n, type PostProcessorModule, type TOptions } from 'i18next';
import en from './en.json';
import es from './es.json';
import evisitEn from './evisit.en.json';
import evisitEs from './evisit.es.json';
import measureEn from './measure.en.json';
import measureEs from './measure.es.json';
import promptsEn from './prompts.en.json';
import promptsEs from './prompts.es.json';
import voiceEn from './voice.en.json';
import voiceEs from './voice.es.json';
import workspaceEn from './workspace.en.json';
import workspaceEs from './workspace.es.json';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

// The user's explicit choice is a UI preference, not health data, so it may outlive the session.
const CHOICE_KEY = 'cg.language';

export function supported(tag: string | undefined): Language | undefined {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l === base);
}

export function chosenLanguage(): Language | undefined {
  try {
    return supported(localStorage.getItem(CHOICE_KEY) ?? undefined);
  } catch {
    return undefined;
  }
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

export function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = supported(tag);
    if (lang) return lang;
  }
  return 'en';
}

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

export function createI18n(lng: Language = chosenLanguage() ?? browserLanguage()): i18n {
  const instance = i18next.createInstance();
  instance.use(patientGrammar);
  void instance.init({
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // One catalog per capability (voice, workspace, prompts) under its own key, so features grow apart.
    resources: {
      en: {
        translation: {
          ...en,
          voice: voiceEn,
          workspace: workspaceEn,
          prompts: promptsEn,
          measure: measureEn,
          evisit: evisitEn,
        },
      },
      es: {
        translation: {
          ...es,
          voice: voiceEs,
          workspace: workspaceEs,
          prompts: promptsEs,
          measure: measureEs,
          evisit: evisitEs,
        },
      },
    },
    // React escapes on render; escaping here too would show entities like &amp; to the user.
    interpolation: { escapeValue: false },
    postProcess: [PATIENT_GENDER],
    initAsync: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lng;
  instance.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return instance;
}
