import type { Goal, Identifier, Observation } from 'fhir/r4';
import { useId, useState } from 'react';
import { useTranslation } from '../i18n/react';
import {
  ATTAINMENT_LEVELS,
  attainmentObservation,
  attainmentReports,
  followUpGoals,
  isAttainmentLevel,
  noLongerMatters,
  type AttainmentLevel,
} from '../core/measure';
import { newIdentifier } from '../core/write/identity';
import { formatDate } from '../ui/format';
import { useVoice } from './env';
import { useDraft, useSave } from './hooks';
import { SaveStatus } from './SaveStatus';

interface ReportDraft {
  level: AttainmentLevel;
  /** One identifier for every retry of this report, so it is never saved twice. */
  identifier: Identifier;
}

function goalText(goal: Goal): string {
  return goal.description.text ?? goal.description.coding?.[0]?.display ?? '';
}

function GoalRow({
  goal,
  observations,
  onDropped,
}: {
  goal: Goal & { id: string };
  observations: Observation[];
  onDropped: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const env = useVoice();
  const id = useId();
  const draft = useDraft<ReportDraft | null>(`measure.followup.${goal.id}`, () => null);
  const report = useSave();
  const drop = useSave();
  const [confirming, setConfirming] = useState(false);
  const last = attainmentReports(observations, goal.id)[0];
  const chosen = draft.value && isAttainmentLevel(draft.value.level) ? draft.value.level : undefined;
  const busy = report.status.kind === 'saving' || drop.status.kind === 'saving';

  async function save() {
    const d = draft.value;
    if (!d) return;
    const next = attainmentObservation(d.level, {
      patientId: env.patientId,
      goalId: goal.id,
      identifier: d.identifier,
      now: env.now(),
    });
    const outcome = await report.write<Observation>({ next }, 'observations');
    if (outcome.kind === 'saved' || outcome.kind === 'review') draft.clear();
  }

  async function close() {
    const next = noLongerMatters(goal, env.today);
    if (!next) return;
    const outcome = await drop.write<Goal>(
      { next, base: goal, rebase: (current) => noLongerMatters(current, env.today) },
      'goals',
    );
    if (outcome.kind === 'saved') {
      draft.clear();
      onDropped(goalText(goal));
    }
  }

  return (
    <li className="follow-up" data-testid={`follow-up-${goal.id}`}>
      <fieldset>
        <legend dir="auto">{goalText(goal)}</legend>
        <p className="small muted">
          {last
            ? t('measure.followUp.last', {
                level: t(`measure.followUp.level.${last.level}`),
                date: formatDate(last.when, i18n.language),
              })
            : t('measure.followUp.never')}
        </p>
        <p className="field-label" id={`${id}-q`}>
          {t('measure.followUp.question')}
        </p>
        <div role="radiogroup" aria-labelledby={`${id}-q`} className="levels">
          {[...ATTAINMENT_LEVELS].reverse().map((l) => (
            <label key={l.key} className="choice">
              <input
                type="radio"
                name={`${id}-level`}
                value={l.key}
                checked={chosen === l.key}
                disabled={busy}
                onChange={() =>
                  draft.update({
                    level: l.key,
                    identifier: draft.value?.identifier ?? newIdentifier(env.newId),
                  })
                }
              />
              {t(`measure.followUp.level.${l.key}`)}
            </label>
          ))}
        </div>
        <div className="actions">
          <button type="button" onClick={() => void save()} disabled={!chosen || busy}>
            {t('measure.followUp.save')}
          </button>
          {!confirming && (
            <button type="button" className="secondary" onClick={() => setConfirming(true)} disabled={busy}>
              {t('measure.followUp.drop')}
            </button>
          )}
        </div>
        {confirming && (
          <div className="confirm" role="group" aria-label={t('measure.followUp.drop')}>
            <p>{t('measure.followUp.confirm')}</p>
            <div className="actions">
              <button type="button" onClick={() => void close()} disabled={busy} autoFocus>
                {t('measure.followUp.confirmYes')}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => setConfirming(false)}
                disabled={busy}
              >
                {t('measure.followUp.confirmNo')}
              </button>
            </div>
          </div>
        )}
        <SaveStatus status={report.status} onRetry={() => void save()} />
        {drop.status.kind === 'failed' && <SaveStatus status={drop.status} onRetry={() => void close()} />}
      </fieldset>
    </li>
  );
}

/**
 * Between visits, for each goal agreed with the care team: how it is going on the goal-attainment
 * scale, or that it no longer matters (the goal is closed; it then shows with the retired ones).
 */
export function GoalFollowUp({
  goals,
  observations,
  canReport,
}: {
  goals: Goal[];
  observations: Observation[];
  canReport: boolean;
}) {
  const { t } = useTranslation();
  const [dropped, setDropped] = useState<string[]>([]);
  const agreed = followUpGoals(goals).filter((g): g is Goal & { id: string } => g.id !== undefined);
  return (
    <section className="voice-section" aria-labelledby="follow-up-heading" id="follow-up">
      <h2 id="follow-up-heading">{t('measure.followUp.title')}</h2>
      <p className="intro">{t('measure.followUp.intro')}</p>
      <div role="status">
        {dropped.map((text) => (
          <p key={text} className="saved" dir="auto">
            {t('measure.followUp.dropped', { goal: text })}
          </p>
        ))}
      </div>
      {!canReport ? (
        <p className="notice">{t('measure.followUp.notNow')}</p>
      ) : agreed.length === 0 ? (
        <p className="empty">{t('measure.followUp.none')}</p>
      ) : (
        <ul className="plain-list">
          {agreed.map((g) => (
            <GoalRow
              key={g.id}
              goal={g}
              observations={observations}
              onDropped={(text) => setDropped((d) => [...d, text])}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
