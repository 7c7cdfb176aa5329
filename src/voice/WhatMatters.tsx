import type { Goal } from 'fhir/r4';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orderFields, planOrder, withOrder } from '../core/voice/mapping';
import type { Priority } from '../core/voice/priorities';
import { AddPriority } from './AddPriority';
import { useVoice } from './env';
import { useSave } from './hooks';
import { currentOrder, makeOneThing, move, shorten, type AimOrder } from './order';
import { PriorityRow } from './PriorityRow';
import { SaveStatus } from './SaveStatus';

/**
 * Values and outcome goals, the one thing first, in the patient's order. Moves and the one-thing
 * choice show at once and are saved as a few Goal updates (rank and priority only); a move is
 * announced to screen readers, and focus stays on the button that was pressed.
 */
export function WhatMatters({ oneThing, others }: { oneThing?: Priority; others: Priority[] }) {
  const { t } = useTranslation();
  const env = useVoice();
  const { status, write, fail } = useSave();
  const [wanted, setWanted] = useState<AimOrder | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const recorded = currentOrder(oneThing, others);
  const byId = useMemo(
    () => new Map([...(oneThing ? [oneThing] : []), ...others].map((p) => [p.goal.id ?? '', p])),
    [oneThing, others],
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
  const shown = order.ids.map((id) => byId.get(id)).filter((p): p is Priority => p !== undefined);
  const first = order.oneThing ? shown[0] : undefined;
  const rest = order.oneThing ? shown.slice(1) : shown;

  async function persist(next: AimOrder) {
    const goals = next.ids.map((id) => byId.get(id)?.goal).filter((g): g is Goal => g !== undefined);
    for (const goal of planOrder(goals, next.oneThing)) {
      let outcome = await write(goal);
      if (outcome.kind === 'conflict') {
        // Only the patient's order moves here, so it is laid onto the newer version as it stands.
        const { rank, oneThing: one } = orderFields(goal);
        try {
          const theirs = await env.reread<Goal>('Goal', goal.id ?? '');
          outcome = await write(withOrder(theirs, rank, one));
        } catch (err) {
          fail(err);
          return;
        }
      }
      if (outcome.kind !== 'saved') return;
      env.replace('goals', outcome.resource);
    }
    setWanted(null);
  }

  function apply(next: AimOrder, message: string) {
    setWanted(next);
    setAnnouncement(message);
    void persist(next);
  }

  function moveBy(p: Priority, by: -1 | 1) {
    const next = move(order, p.goal.id ?? '', by);
    if (next === order) return;
    const position = next.ids.indexOf(p.goal.id ?? '') + 1 - (next.oneThing ? 1 : 0);
    apply(next, t('voice.order.moved', { text: shorten(p.text), position, total: rest.length }));
  }

  const row = (p: Priority, index: number, isOne: boolean) => {
    const label = shorten(p.text);
    return (
      <PriorityRow
        key={p.goal.id}
        priority={p}
        label={label}
        tags={
          <>
            {isOne && <span className="tag strong">{t('voice.oneThing.tag')}</span>}
            <span className="tag">{t(`voice.kind.${p.kind}`)}</span>
          </>
        }
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
        ) : (
          <p className="empty">{t(shown.length ? 'voice.oneThing.pick' : 'voice.oneThing.empty')}</p>
        )}
      </div>

      <h3>{t('voice.matters.others')}</h3>
      {rest.length ? (
        <ol className="priorities" data-testid="others">
          {rest.map((p, i) => row(p, i, false))}
        </ol>
      ) : (
        <p className="empty">{t('voice.matters.none')}</p>
      )}
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
