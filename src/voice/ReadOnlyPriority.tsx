import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/react';
import type { Priority } from '../core/voice/priorities';

/**
 * Something the patient said that the record holds in a shape this app does not change (another
 * app's Goal, an Observation): their words and where they come from, with no buttons that would fail.
 */
export function ReadOnlyPriority({ priority, tags }: { priority: Priority; tags?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <li className="priority read-only" data-testid="priority" data-source={priority.source}>
      <div className="priority-main">
        {tags && <div className="tags">{tags}</div>}
        <p className="words" dir="auto">
          {priority.text}
        </p>
        {/* The patient did not add a family member's words: one line says who, and that it is read-only. */}
        {priority.byRelatedPerson && priority.source === 'other-app' ? (
          <p className="small muted">{t('voice.source.relatedPersonOtherApp')}</p>
        ) : (
          <>
            {priority.byRelatedPerson && <p className="small muted">{t('voice.source.relatedPerson')}</p>}
            {priority.source !== 'common-ground' && (
              <p className="small muted">{t(`voice.source.${priority.source}`)}</p>
            )}
          </>
        )}
      </div>
    </li>
  );
}
