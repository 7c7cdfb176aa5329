/**
 * Message catalogs and the language choice. The language follows, in order: what the user picked
 * in the app, the patient's preferred language (patient view only), then the browser.
 */
import i18next, { type i18n } from 'i18next';
import en from './en.json';
import es from './es.json';
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

export function createI18n(lng: Language = chosenLanguage() ?? browserLanguage()): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // One catalog per capability (voice, workspace, prompts) under its own key, so features grow apart.
    resources: {
      en: { translation: { ...en, voice: voiceEn, workspace: workspaceEn, prompts: promptsEn } },
      es: { translation: { ...es, voice: voiceEs, workspace: workspaceEs, prompts: promptsEs } },
    },
    // React escapes on render; escaping here too would show entities like &amp; to the user.
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lng;
  instance.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return instance;
}
