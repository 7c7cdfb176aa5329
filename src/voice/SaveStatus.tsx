import { useTranslation } from '../i18n/react';
import type { SaveStatus as Status } from './hooks';

/**
 * What happened to a save, in words. The polite live region is always in the page so screen
 * readers hear "Saving…" and "Saved"; a failure is an alert with the reason and a Retry button.
 */
export function SaveStatus({
  status,
  onRetry,
  testId,
}: {
  status: Status;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="save-status" data-testid={testId}>
      <p role="status" className="small muted">
        {status.kind === 'saving' && t('voice.save.saving')}
        {status.kind === 'saved' && <span className="saved">{t('voice.save.saved')}</span>}
      </p>
      {status.kind === 'failed' && (
        <div className="error" role="alert" data-testid="save-failed">
          <p>{t(status.reason === 'network' ? 'voice.save.failedNetwork' : 'voice.save.failedRejected')}</p>
          {status.message && (
            <p className="muted small">{t('voice.save.reason', { reason: status.message })}</p>
          )}
          {onRetry && (
            <button type="button" onClick={onRetry}>
              {t('voice.save.retry')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
