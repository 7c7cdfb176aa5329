import type { ReactNode } from 'react';
import { useId } from 'react';
import { useTranslation } from '../i18n/react';

/**
 * Someone saved a newer version while the patient was editing: both versions side by side, and
 * the patient decides. Nothing is saved until they choose.
 */
export function Conflict({
  mine,
  theirs,
  onKeepMine,
  onKeepTheirs,
  busy,
}: {
  mine: ReactNode;
  theirs: ReactNode;
  onKeepMine: () => void;
  onKeepTheirs: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="conflict" role="group" aria-labelledby={`${id}-title`} data-testid="conflict">
      <p id={`${id}-title`} className="conflict-title">
        <strong>{t('voice.conflict.title')}</strong> {t('voice.conflict.body')}
      </p>
      <div className="conflict-sides">
        <section aria-labelledby={`${id}-mine`} className="conflict-side" data-testid="conflict-mine">
          <h4 id={`${id}-mine`}>{t('voice.conflict.mine')}</h4>
          {mine}
        </section>
        <section aria-labelledby={`${id}-theirs`} className="conflict-side" data-testid="conflict-theirs">
          <h4 id={`${id}-theirs`}>{t('voice.conflict.theirs')}</h4>
          {theirs}
        </section>
      </div>
      <div className="actions">
        <button type="button" onClick={onKeepMine} disabled={busy}>
          {t('voice.conflict.keepMine')}
        </button>
        <button type="button" className="secondary" onClick={onKeepTheirs} disabled={busy}>
          {t('voice.conflict.keepTheirs')}
        </button>
      </div>
    </div>
  );
}
