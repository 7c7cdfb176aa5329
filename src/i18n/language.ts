/**
 * The languages the app speaks and which one a page opens in: what the user picked in the app, the
 * patient's preferred language (patient view only), then the browser. No catalogs here, so the first
 * screen can ask without loading them.
 */
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
