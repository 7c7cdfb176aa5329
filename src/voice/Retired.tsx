import { useTranslation } from '../i18n/react';
import { restorePriorityGoal } from '../core/voice/mapping';
import type { EditablePriority } from '../core/voice/priorities';
import { useVoice } from './env';
import { useSave } from './hooks';
import { shorten } from './order';
import { SaveStatus } from './SaveStatus';

function RetiredRow({ p }: { p: EditablePriority }) {
  const { t } = useTranslation();
  const env = useVoice();
  const { status, write } = useSave();
  async function putBack() {
    // Changed elsewhere meanwhile: the newer version is shown, and the patient can press again.
    await write({ next: restorePriorityGoal(p.goal), base: p.goal }, 'goals');
  }
  return (
    <li className="priority">
      <div className="priority-main">
        <span className="tag">{t(`voice.kind.${p.kind}`)}</span>
        <p className="words" dir="auto">
          {p.text}
        </p>
        <SaveStatus status={status} onRetry={() => void putBack()} />
      </div>
      {env.canWrite && (
        <div className="row-actions">
          <button
            type="button"
            className="secondary"
            aria-label={t('voice.retired.putBackLabel', { text: shorten(p.text) })}
            onClick={() => void putBack()}
          >
            {t('voice.retired.putBack')}
          </button>
        </div>
      )}
    </li>
  );
}

/** What the patient removed earlier stays visible here, and can be put back. */
export function Retired({ items }: { items: EditablePriority[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <details className="retired voice-section" data-testid="retired">
      <summary>{t('voice.retired.title', { n: items.length })}</summary>
      <ul className="priorities">
        {items.map((p) => (
          <RetiredRow key={p.goal.id} p={p} />
        ))}
      </ul>
    </details>
  );
}
