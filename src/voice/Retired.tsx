import type { Goal } from 'fhir/r4';
import { useTranslation } from 'react-i18next';
import { restorePriorityGoal } from '../core/voice/mapping';
import type { Priority } from '../core/voice/priorities';
import { useVoice } from './env';
import { useSave } from './hooks';
import { shorten } from './order';
import { SaveStatus } from './SaveStatus';

function RetiredRow({ p }: { p: Priority }) {
  const { t } = useTranslation();
  const env = useVoice();
  const { status, write, fail } = useSave();
  async function putBack() {
    const outcome = await write(restorePriorityGoal(p.goal));
    if (outcome.kind === 'saved') env.replace('goals', outcome.resource);
    else if (outcome.kind === 'conflict') {
      try {
        // Changed elsewhere meanwhile: show the newer version; the patient can press again.
        env.replace('goals', await env.reread<Goal>('Goal', p.goal.id ?? ''));
      } catch (err) {
        fail(err);
      }
    }
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
export function Retired({ items }: { items: Priority[] }) {
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
