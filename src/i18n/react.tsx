/**
 * The words in React: the provider gives the screens an instance (./instance.ts), and every
 * component that translates redraws when the language changes. The names are i18next's, which this
 * replaced, so the screens did not change.
 */
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { I18n, TFunction } from './instance';

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nextProvider({ i18n, children }: { i18n: I18n; children?: ReactNode }) {
  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}

export function useTranslation(): { t: TFunction; i18n: I18n } {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useTranslation() needs an I18nextProvider above it.');
  const language = useSyncExternalStore(i18n.subscribe, () => i18n.language);
  // A new `t` per language, so what a component memoizes on `t` follows a switch too.
  return useMemo(() => ({ t: i18n.getFixedT(language), i18n }), [i18n, language]);
}
