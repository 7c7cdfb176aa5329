import { useTranslation } from '../i18n/react';
import { LANGUAGES, rememberLanguage, supported } from '../i18n/language';

const NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English', es: 'Español' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span>{t('app.language')}</span>{' '}
      <select
        value={supported(i18n.language) ?? 'en'}
        onChange={(e) => {
          const lang = supported(e.target.value);
          if (!lang) return;
          rememberLanguage(lang);
          void i18n.changeLanguage(lang);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
