import { useRef, useState } from 'react';
import { useTranslation } from '../i18n/react';
import { LANGUAGES, rememberLanguage, supported, type Language } from '../i18n/language';

const NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English', es: 'Español' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  // A switch whose words could not be read leaves the page as it was; without a word the choice
  // would seem ignored.
  const [failed, setFailed] = useState<Language | undefined>();
  const asked = useRef<Language | undefined>(undefined);
  return (
    <span className="language-switch">
      <label className="language">
        <span>{t('app.language')}</span>{' '}
        <select
          value={supported(i18n.language) ?? 'en'}
          onChange={(e) => {
            const lang = supported(e.target.value);
            if (!lang) return;
            rememberLanguage(lang);
            setFailed(undefined);
            asked.current = lang;
            void i18n.changeLanguage(lang).then(() => {
              // Only the last choice speaks: an earlier one may settle after it.
              if (asked.current === lang && supported(i18n.language) !== lang) setFailed(lang);
            });
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      {failed && (
        <span className="language-failed" role="alert">
          {t('app.languageFailed', { language: NAMES[failed] })}
        </span>
      )}
    </span>
  );
}
