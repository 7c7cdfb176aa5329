import { useState } from 'react';
import { useTranslation } from '../i18n/react';
import { isEditable, type Priority } from '../core/voice/priorities';
import { AddPriority } from './AddPriority';
import { shorten } from './order';
import { PriorityRow } from './PriorityRow';
import { ReadOnlyPriority } from './ReadOnlyPriority';
import { Loading } from '../ui/Loading';

function List({
  items,
  testId,
  empty,
  reading = false,
}: {
  items: Priority[];
  testId: string;
  empty: string;
  reading?: boolean;
}) {
  const { t } = useTranslation();
  if (!items.length) return reading ? <Loading /> : <p className="empty">{empty}</p>;
  return (
    <ul className="priorities" data-testid={testId}>
      {items.map((p) => {
        const tags = <span className="tag">{t(`voice.kind.${p.kind}`)}</span>;
        return isEditable(p) ? (
          <PriorityRow key={p.key} priority={p} label={shorten(p.text)} tags={tags} />
        ) : (
          <ReadOnlyPriority key={p.key} priority={p} tags={tags} />
        );
      })}
    </ul>
  );
}

/** Care the patient finds helpful, and care that is a burden to them (Patient Priorities Care). */
export function CarePreferences({
  helpful,
  burdensome,
  care = [],
  reading = false,
}: {
  helpful: Priority[];
  burdensome: Priority[];
  /** Care preferences the record holds without saying whether they help or are hard. */
  care?: Priority[];
  /** The record's Observations, where other apps keep care preferences, are still being read. */
  reading?: boolean;
}) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  return (
    <section className="voice-section" aria-labelledby="care-heading" id="care">
      <h2 id="care-heading">{t('voice.care.title')}</h2>
      <p className="intro">{t('voice.care.intro')}</p>
      <h3>{t('voice.care.helpful')}</h3>
      <List items={helpful} testId="care-helpful" empty={t('voice.care.noneHelpful')} reading={reading} />
      <h3>{t('voice.care.burdensome')}</h3>
      <List
        items={burdensome}
        testId="care-burdensome"
        empty={t('voice.care.noneBurdensome')}
        reading={reading}
      />
      {care.length > 0 && (
        <>
          <h3>{t('voice.care.other')}</h3>
          <List items={care} testId="care-other" empty="" />
        </>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <AddPriority
        area="care"
        kinds={['care-helpful', 'care-burdensome']}
        onSaved={(g) => setAnnouncement(t('voice.add.added', { text: shorten(g.description.text ?? '') }))}
      />
    </section>
  );
}
