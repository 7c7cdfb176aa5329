import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/react';
import type { PanelState } from '../core/record/read';

interface PanelProps {
  id: string;
  title: string;
  state: PanelState | undefined;
  onRetry?: () => void;
  /** Rendered once the panel's data is ready. */
  children: (resources: Extract<PanelState, { status: 'ready' }>['resources']) => ReactNode;
}

/**
 * What a section shows while its part of the record is not ready: loading, not shared with the
 * app, or failed (forbidden told apart from other failures, the server's reason, a retry).
 */
export function PanelStateNotice({
  state,
  onRetry,
}: {
  state: PanelState | undefined;
  onRetry?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  if (!state || state.status === 'loading') {
    return (
      <p className="muted" role="status">
        {t('panel.loading')}
      </p>
    );
  }
  if (state.status === 'not-granted') return <p className="notice">{t('panel.notGranted')}</p>;
  if (state.status !== 'failed') return null;
  return (
    <div className="error" role="alert">
      <p>{state.failure.status === 403 ? t('panel.forbidden') : t('panel.failed')}</p>
      <p className="muted small">{state.failure.message}</p>
      {onRetry && state.failure.status !== 403 && (
        <button type="button" onClick={onRetry}>
          {t('panel.retry')}
        </button>
      )}
    </div>
  );
}

/** One section of the record with its own loading, error and damaged-data states. */
export function Panel({ id, title, state, onRetry, children }: PanelProps) {
  const { t } = useTranslation();
  const headingId = `${id}-heading`;
  const busy = !state || state.status === 'loading';
  return (
    <section className="panel" aria-labelledby={headingId} aria-busy={busy} data-panel={id}>
      <h2 id={headingId}>{title}</h2>
      <PanelStateNotice state={state} onRetry={onRetry} />
      {state?.status === 'ready' && (
        <>
          {children(state.resources)}
          {state.problems.length > 0 && (
            <div className="warning" role="note">
              <p>{t('panel.malformed', { count: state.problems.length })}</p>
              <details>
                <summary>{t('problem.details')}</summary>
                <ul className="small">
                  {state.problems.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              </details>
            </div>
          )}
        </>
      )}
    </section>
  );
}
