import type { Goal, Observation, QuestionnaireResponse } from 'fhir/r4';
import { useMemo } from 'react';
import { useTranslation } from '../i18n/react';
import { goalTrends, latestSurveyScore, type SurveyScore } from '../core/measure';
import { PanelStateNotice } from '../ui/Panel';
import { formatDate } from '../ui/format';
import { goalsOf, readyResources, type RecordProps } from '../ui/RecordContext';

function goalText(goal: Goal): string {
  return goal.description.text ?? goal.description.coding?.[0]?.display ?? '';
}

function Survey({ score }: { score: SurveyScore | undefined }) {
  const { t, i18n } = useTranslation();
  if (!score) return <p className="empty">{t('measure.clinician.noSurvey')}</p>;
  const answer = (a: number | undefined) => (a === undefined ? t('measure.clinician.skipped') : String(a));
  return (
    <div data-testid="survey-score">
      <p>
        {t(
          score.topBox === true
            ? 'measure.clinician.topBox'
            : score.topBox === false
              ? 'measure.clinician.notTopBox'
              : 'measure.clinician.incomplete',
        )}
      </p>
      <p className="small">
        {t('measure.clinician.items', {
          a1: answer(score.answers[0]),
          a2: answer(score.answers[1]),
          a3: answer(score.answers[2]),
        })}
      </p>
      {score.when && (
        <p className="small muted">
          {t('measure.clinician.surveyDate', { date: formatDate(score.when, i18n.language) })}
        </p>
      )}
    </div>
  );
}

/**
 * What the patient said between visits: per agreed goal, their goal-attainment reports newest first
 * (or that a goal no longer matters to them), and the latest post-visit survey score.
 */
export function BetweenVisits(props: RecordProps) {
  const { t, i18n } = useTranslation();
  const state = props.panels.observations;
  const observations = readyResources<Observation>(props.panels, 'observations');
  const goals = goalsOf(props.panels);
  // Once per record, not per render: each scans every Observation, and the workspace re-renders
  // on every key typed in its forms.
  const trends = useMemo(() => goalTrends(goals, observations), [goals, observations]);
  const responses = readyResources<QuestionnaireResponse>(props.panels, 'questionnaireResponses');
  const survey = useMemo(() => latestSurveyScore(observations, responses), [observations, responses]);
  return (
    <section className="panel between-visits" aria-labelledby="between-heading" data-testid="between-visits">
      <h2 id="between-heading">{t('measure.clinician.title')}</h2>
      <PanelStateNotice state={state} onRetry={props.retry} />
      {state?.status === 'ready' && props.panels.goals?.status === 'ready' && (
        <>
          <h3>{t('measure.clinician.goals')}</h3>
          {trends.length === 0 ? (
            <p className="empty">{t('measure.clinician.none')}</p>
          ) : (
            <ul className="plain-list">
              {trends.map(({ goal, reports, noLongerMatters }) => (
                <li key={goal.id} data-testid={`goal-trend-${goal.id ?? ''}`}>
                  <strong dir="auto">{goalText(goal)}</strong>
                  {noLongerMatters && (
                    <p className="notice small">
                      {t('measure.clinician.noLongerMatters', {
                        date: formatDate(goal.statusDate, i18n.language),
                      })}
                    </p>
                  )}
                  {reports.length === 0 ? (
                    <p className="small muted">{t('measure.clinician.noReport')}</p>
                  ) : (
                    <ol className="small">
                      {reports.map((r, n) => (
                        <li key={`${r.when}-${n}`}>
                          {t('measure.clinician.report', {
                            date: formatDate(r.when, i18n.language),
                            level: t(`measure.clinician.level.${r.level}`),
                          })}
                        </li>
                      ))}
                    </ol>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('measure.clinician.survey')}</h3>
          <Survey score={survey} />
        </>
      )}
    </section>
  );
}
