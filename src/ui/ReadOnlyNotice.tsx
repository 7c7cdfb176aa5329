import { useTranslation } from '../i18n/react';
import type { WriteAccess } from '../core/smart/scopes';

export function ReadOnlyNotice({ write }: { write: WriteAccess }) {
  const { t } = useTranslation();
  if (write.canWrite) return null;
  return (
    <aside className="notice" role="status" data-testid="read-only">
      <strong>{t('readOnly.title')}.</strong> {t('readOnly.body', { types: write.missing.join(', ') })}
    </aside>
  );
}
