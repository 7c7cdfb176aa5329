import { useTranslation } from '../i18n/react';

export type SaveState = { kind: string; message?: string };

/** What happened to the last save, spoken politely; a failure is an alert with the server's reason. */
export function SaveStatus({ status, savedText }: { status: SaveState; savedText?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <p role="status" className="small">
        {status.kind === 'saving' && t('workspace.save.saving')}
        {status.kind === 'saved' && savedText}
      </p>
      {status.kind === 'error' && (
        <p className="error" role="alert">
          {t('workspace.save.failed')} {status.message}
        </p>
      )}
    </>
  );
}
