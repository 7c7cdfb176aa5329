import type { CarePlan, Goal } from 'fhir/r4';
import { useTranslation } from '../i18n/react';
import { planHasAids } from '../core/aids/rules';
import { aidsShown, carePlanView, findSharedPlan, promptsInPlan, type PlanItem } from '../core/plan';
import { promptLanguage } from '../core/prompts/messages';
import { ageOn } from '../core/record/display';
import { LazyPlanAids } from '../prompts/aids';
import { formatDate } from '../ui/format';
import { planWords } from '../ui/planWords';

/** XHTML narrative to plain text with the browser's inert parser: nothing in it runs or loads. */
function narrativeText(xhtml: string): string {
  const doc = new DOMParser().parseFromString(xhtml, 'text/html');
  return doc.body.textContent ?? '';
}

function Items({ title, items, testId }: { title: string; items: PlanItem[]; testId: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="plain-list" data-testid={testId}>
        {items.map((a, i) => (
          <li key={i}>
            <span dir="auto">{a.text}</span>
            {a.progress && <span className="tag"> ({t(`voice.plan.progress.${a.progress}`)})</span>}
            {a.reason && (
              <span className="small muted" dir="auto">
                {' '}
                — {t('voice.plan.because', { reasons: a.reason })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The shared care plan, read-only and in plain words, in the same three groups the clinician and
 * the print copy show; an empty state until there is one.
 */
export function CarePlanView({
  plans,
  goals,
  patientId,
  birthDate,
  today,
}: {
  plans: CarePlan[];
  goals: Goal[];
  patientId: string;
  /** For the decision aids: numbers for another age group say so. */
  birthDate?: string | undefined;
  today?: Date;
}) {
  const { t, i18n } = useTranslation();
  const plan = findSharedPlan(plans, patientId);
  if (!plan) return <p className="empty">{t('voice.plan.empty')}</p>;
  const view = carePlanView(plan, goals, narrativeText, planWords(i18n));
  const withAids = planHasAids(aidsShown(plan), promptsInPlan(plan));
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
      <Items title={t('voice.plan.goals')} items={view.goals.map((text) => ({ text }))} testId="plan-goals" />
      <Items
        title={t('voice.plan.achieved')}
        items={view.achieved.map((text) => ({ text }))}
        testId="plan-achieved"
      />
      <Items title={t('voice.plan.doing')} items={view.agreed} testId="plan-doing" />
      <Items title={t('voice.plan.declined')} items={view.declined} testId="plan-declined" />
      <Items title={t('voice.plan.notDoing')} items={view.notToDo} testId="plan-not-doing" />
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
      {withAids && (
        <LazyPlanAids
          plan={plan}
          lang={promptLanguage(i18n.language)}
          age={today ? ageOn(birthDate, today) : undefined}
        />
      )}
      {view.earlier && (
        <>
          <h3>{t('voice.plan.earlier')}</h3>
          <p className="plan-note" dir="auto" data-testid="plan-earlier">
            {view.earlier}
          </p>
        </>
      )}
    </div>
  );
}
