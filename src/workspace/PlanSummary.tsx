import type { CarePlan, Condition, Goal } from 'fhir/r4';
import { useTranslation } from '../i18n/react';
import { planHasAids } from '../core/aids/rules';
import {
  aidsShown,
  isAidNote,
  planAims,
  planSections,
  promptsInPlan,
  type PlanItem,
  type Progress,
} from '../core/plan';
import { promptLanguage } from '../core/prompts/messages';
import { LazyPlanAids } from '../prompts/aids';
import { formatDate } from '../ui/format';
import { planWords } from '../ui/planWords';

function List({
  title,
  items,
  because,
  progress,
  testId,
}: {
  title: string;
  items: PlanItem[];
  because: string;
  progress: Record<Progress, string>;
  testId: string;
}) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul data-testid={testId}>
        {items.map((i, n) => (
          <li key={n} dir="auto">
            {i.text}
            {i.progress && ` (${progress[i.progress]})`}
            {i.reason && (
              <span className="muted">
                {' '}
                — {because}: {i.reason}
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The shared care plan in plain language, for the patient to take home: in the patient's language
 * (`lang`) and in the same three groups as the patient's own view.
 */
export function PlanSummary({
  plan,
  goals,
  conditions,
  patientName,
  lang,
  age,
}: {
  plan: CarePlan;
  goals: readonly Goal[];
  /** Names the problems the plan addresses by bare reference, as the editor does. */
  conditions: readonly Condition[];
  patientName?: string;
  lang: string;
  /** The patient's age, so a decision aid for another age group says so. */
  age?: number | undefined;
}) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(lang);
  const words = planWords(i18n, lang);
  const groups = planSections(plan, words);
  const notes = (plan.note ?? []).filter((n) => n.text.trim() && !isAidNote(n));
  const latest = notes[notes.length - 1];
  const updated = formatDate(plan.meta?.lastUpdated ?? plan.created, lang);
  const because = t('workspace.summary.because');
  const progress = { done: t('voice.plan.progress.done'), paused: t('voice.plan.progress.paused') };
  const aims = planAims(plan, { goals, conditions }, words);
  const items = (texts: string[]): PlanItem[] => texts.map((text) => ({ text }));
  return (
    <article className="plan-summary" data-testid="plan-summary" lang={lang}>
      <h2>
        {patientName ? t('workspace.summary.titleFor', { name: patientName }) : t('workspace.summary.title')}
      </h2>
      {updated && <p className="muted">{t('workspace.summary.updated', { date: updated })}</p>}
      {(
        [
          ['summary-goals', t('workspace.summary.goals'), items(aims.goals)],
          ['summary-achieved', t('voice.plan.achieved'), items(aims.achieved)],
          ['summary-problems', t('workspace.summary.problems'), items(aims.problems)],
          ['summary-agreed', t('voice.plan.doing'), groups.agreed],
          ['summary-declined', t('voice.plan.declined'), groups.declined],
          ['summary-not-to-do', t('voice.plan.notDoing'), groups.notToDo],
        ] as const
      ).map(([testId, title, list]) => (
        <List key={testId} testId={testId} title={title} items={list} because={because} progress={progress} />
      ))}
      {latest && (
        <>
          <h3>{t('workspace.summary.note')}</h3>
          <p className="summary-note" dir="auto">
            {latest.text}
          </p>
        </>
      )}
      {planHasAids(aidsShown(plan), promptsInPlan(plan)) && (
        <LazyPlanAids plan={plan} lang={promptLanguage(lang)} age={age} />
      )}
    </article>
  );
}
