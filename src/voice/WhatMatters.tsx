import type { Goal } from 'fhir/r4';
import { useMemo, useState } from 'react';
import { useTranslation } from '../i18n/react';
import { orderFields, planOrder, withOrder } from '../core/voice/mapping';
import { isEditable, type EditablePriority, type Priority } from '../core/voice/priorities';
import { AddPriority } from './AddPriority';
import { useSave } from './hooks';
import { currentOrder, makeOneThing, move, shorten, type AimOrder } from './order';
import { PriorityRow } from './PriorityRow';
import { ReadOnlyPriority } from './ReadOnlyPriority';
import { SaveStatus } from './SaveStatus';
import { Loading } from '../ui/Loading';

/**
 * Values and outcome goals, the one thing first, in the patient's order. Moves and the one-thing
 * choice show at once and are saved as a few Goal updates (rank and priority only); a move is
 * announced to screen readers, and focus stays on the button that was pressed.
 */
export function WhatMatters({
  oneThing,
  others,
  reading = false,
}: {
  oneThing?: Priority;
  others: Priority[];
  /** The record's Observations, where other apps keep priorities, are still being read. */
  reading?: boolean;
}) {
  const { t } = useTranslation();
  const { status, write } = useSave();
  const [wanted, setWanted] = useState<AimOrder | null>(null);
  const [announcement, setAnnouncement] = useState('');

  // Only the app's own Goals take part in the order; what others wrote is shown as it is.
  const own = useMemo(() => others.filter(isEditable), [others]);
  const ownOne = oneThing && isEditable(oneThing) ? oneThing : undefined;
  const fixedOne = oneThing && !isEditable(oneThing) ? oneThing : undefined;
  const recorded = currentOrder(ownOne, own);
  const byId = useMemo(
    () => new Map([...(ownOne ? [ownOne] : []), ...own].map((p) => [p.goal.id ?? '', p])),
    [ownOne, own],
  );
  // Items added or removed since the patient's last move keep their place at the end.
  const order: AimOrder = wanted
    ? {
        oneThing: wanted.oneThing,
        ids: [
          ...wanted.ids.filter((id) => byId.has(id)),
          ...recorded.ids.filter((id) => !wanted.ids.includes(id)),
        ],
      }
    : recorded;
  const shown = order.ids.map((id) => byId.get(id)).filter((p): p is EditablePriority => p !== undefined);
  const first = order.oneThing ? shown[0] : undefined;
  const rest = order.oneThing ? shown.slice(1) : shown;
  // Once the patient picks their own one thing, another app's (older now) is listed with the rest.
  const readOnly: Priority[] = [
    ...(first && fixedOne ? [fixedOne] : []),
    ...others.filter((p) => !isEditable(p)),
  ];

  async function persist(next: AimOrder) {
    const goals = next.ids.map((id) => byId.get(id)?.goal).filter((g): g is Goal => g !== undefined);
    for (const goal of planOrder(goals, next.oneThing)) {
      // Only the patient's order moves here, so after a 412 it is laid onto the newer version as it stands.
      const { rank, oneThing: one } = orderFields(goal);
      const outcome = await write(
        { next: goal, rebase: (theirs: Goal) => withOrder(theirs, rank, one) },
        'goals',
      );
      if (outcome.kind !== 'saved') return;
    }
    setWanted(null);
  }

  function apply(next: AimOrder, message: string) {
    setWanted(next);
    setAnnouncement(message);
    void persist(next);
  }

  function moveBy(p: EditablePriority, by: -1 | 1) {
    const next = move(order, p.goal.id ?? '', by);
    if (next === order) return;
    const position = next.ids.indexOf(p.goal.id ?? '') + 1 - (next.oneThing ? 1 : 0);
    apply(next, t('voice.order.moved', { text: shorten(p.text), position, total: rest.length }));
  }

  // In the one-thing box its heading says so; a tag there would say it twice.
  const tags = (p: Priority, isOne: boolean) => (
    <>
      {!isOne && p.oneThing && <span className="tag">{t('voice.oneThing.alsoMarked')}</span>}
      <span className="tag">{t(`voice.kind.${p.kind}`)}</span>
    </>
  );

  const row = (p: EditablePriority, index: number, isOne: boolean) => {
    const label = shorten(p.text);
    return (
      <PriorityRow
        key={p.goal.id}
        priority={p}
        label={label}
        tags={tags(p, isOne)}
        controls={
          isOne ? null : (
            <>
              <button
                type="button"
                className="secondary"
                aria-label={t('voice.order.makeOneThingLabel', { text: label })}
                onClick={() =>
                  apply(makeOneThing(order, p.goal.id ?? ''), t('voice.order.nowOneThing', { text: label }))
                }
              >
                {t('voice.order.makeOneThing')}
              </button>
              <button
                type="button"
                className="secondary icon"
                aria-label={t('voice.order.upLabel', { text: label })}
                aria-disabled={index === 0}
                onClick={() => moveBy(p, -1)}
              >
                ↑ {t('voice.order.up')}
              </button>
              <button
                type="button"
                className="secondary icon"
                aria-label={t('voice.order.downLabel', { text: label })}
                aria-disabled={index === rest.length - 1}
                onClick={() => moveBy(p, 1)}
              >
                ↓ {t('voice.order.down')}
              </button>
            </>
          )
        }
      />
    );
  };

  return (
    <section className="voice-section" aria-labelledby="what-matters-heading" id="what-matters">
      <h2 id="what-matters-heading">{t('voice.matters.title')}</h2>
      <p className="intro">{t('voice.matters.intro')}</p>

      <div className="one-thing" data-testid="one-thing">
        <h3>{t('voice.oneThing.title')}</h3>
        {first ? (
          <ul className="priorities">{row(first, 0, true)}</ul>
        ) : fixedOne ? (
          <ul className="priorities">
            <ReadOnlyPriority priority={fixedOne} tags={tags(fixedOne, true)} />
          </ul>
        ) : reading ? (
          <Loading />
        ) : (
          <p className="empty">{t(shown.length ? 'voice.oneThing.pick' : 'voice.oneThing.empty')}</p>
        )}
      </div>

      <h3>{t('voice.matters.others')}</h3>
      {rest.length > 0 && (
        <ol className="priorities" data-testid="others">
          {rest.map((p, i) => row(p, i, false))}
        </ol>
      )}
      {readOnly.length > 0 && (
        <ul className="priorities" data-testid="others-read-only">
          {readOnly.map((p) => (
            <ReadOnlyPriority key={p.key} priority={p} tags={tags(p, false)} />
          ))}
        </ul>
      )}
      {rest.length === 0 &&
        readOnly.length === 0 &&
        (reading ? <Loading /> : <p className="empty">{t('voice.matters.none')}</p>)}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <SaveStatus status={status} onRetry={() => wanted && void persist(wanted)} testId="order-status" />

      <AddPriority
        area="aims"
        kinds={['value', 'outcome-goal']}
        nextRank={shown.length + 1}
        onSaved={(g) => setAnnouncement(t('voice.add.added', { text: shorten(g.description.text ?? '') }))}
      />
    </section>
  );
}
