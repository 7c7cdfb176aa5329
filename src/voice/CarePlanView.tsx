import type { CarePlan, Goal } from 'fhir/r4';
import { useTranslation } from 'react-i18next';
import { carePlanView, sharedCarePlan } from '../core/voice/careplan';
import { formatDate } from '../ui/format';

/** XHTML narrative to plain text with the browser's inert parser: nothing in it runs or loads. */
function narrativeText(xhtml: string): string {
  const doc = new DOMParser().parseFromString(xhtml, 'text/html');
  return doc.body.textContent ?? '';
}

/** The shared care plan, read-only and in plain words; an empty state until the clinician writes one. */
type PlanActivityView = ReturnType<typeof carePlanView>['activities'][number];

function Activities({ title, items, testId }: { title: string; items: PlanActivityView[]; testId: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="plain-list" data-testid={testId}>
        {items.map((a, i) => (
          <li key={i}>
            <span dir="auto">{a.text}</span>
            {a.reasons.length > 0 && (
              <span className="small muted">
                {' '}
                — {t('voice.plan.because', { reasons: a.reasons.join('; ') })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function CarePlanView({
  plans,
  goals,
  patientId,
}: {
  plans: CarePlan[];
  goals: Goal[];
  patientId: string;
}) {
  const { t, i18n } = useTranslation();
  const plan = sharedCarePlan(plans, patientId);
  if (!plan) return <p className="empty">{t('voice.plan.empty')}</p>;
  const view = carePlanView(plan, goals, narrativeText);
  const doing = view.activities.filter((a) => !a.doNotPerform);
  const notDoing = view.activities.filter((a) => a.doNotPerform);
  return (
    <div className="care-plan" data-testid="care-plan">
      {view.title && (
        <p className="plan-title" dir="auto">
          <strong>{view.title}</strong>
        </p>
      )}
      <p className="small muted">
        {t(`voice.plan.status.${view.status}`, { defaultValue: view.status })}
        {view.updated && ` · ${t('voice.plan.updated', { date: formatDate(view.updated, i18n.language) })}`}
      </p>
      {view.goals.length > 0 && (
        <>
          <h3>{t('voice.plan.goals')}</h3>
          <ul className="plain-list">
            {view.goals.map((g, i) => (
              <li key={i} dir="auto">
                {g}
              </li>
            ))}
          </ul>
        </>
      )}
      <Activities title={t('voice.plan.doing')} items={doing} testId="plan-doing" />
      <Activities title={t('voice.plan.notDoing')} items={notDoing} testId="plan-not-doing" />
      {view.notes.length > 0 && (
        <>
          <h3>{t('voice.plan.notes')}</h3>
          {view.notes.map((n, i) => (
            <p key={i} className="plan-note" dir="auto">
              {n}
            </p>
          ))}
        </>
      )}
      {view.narrative && (
        <p className="plan-note" dir="auto">
          {view.narrative}
        </p>
      )}
    </div>
  );
}
