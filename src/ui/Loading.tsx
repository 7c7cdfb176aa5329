import { useTranslation } from '../i18n/react';

/** The placeholder while a lazily loaded screen arrives. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted status" role="status">
      {t('panel.loading')}
    </p>
  );
}
