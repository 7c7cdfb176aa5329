import type { CarePlan } from 'fhir/r4';
import { useTranslation } from 'react-i18next';
import { readActivity, type PlanActivity } from '../core/workspace/carePlan';
import { formatDate } from '../ui/format';

function List({
  title,
  items,
  testId,
}: {
  title: string;
  items: { key: string; text: string; why?: string }[];
  testId: string;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul data-testid={testId}>
        {items.map((i) => (
          <li key={i.key}>
            {i.text}
            {i.why && (
              <span className="muted">
                {' '}
                — {t('workspace.summary.because')}: {i.why}
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The shared care plan in plain language, for the patient: on the printed copy, and for the
 * patient's own view to show.
 */
export function PlanSummary({ plan, patientName }: { plan: CarePlan; patientName?: string }) {
  const { t, i18n } = useTranslation();
  const acts = (plan.activity ?? []).map(readActivity).filter((a): a is PlanActivity => a !== undefined);
  const of = (kind: PlanActivity['kind']) =>
    acts
      .filter((a) => a.kind === kind)
      .map((a, i) => ({ key: `${kind}-${i}`, text: a.text, ...(a.reason ? { why: a.reason } : {}) }));
  const notes = (plan.note ?? []).filter((n) => n.text.trim());
  const latest = notes[notes.length - 1];
  const updated = formatDate(plan.meta?.lastUpdated ?? plan.created, i18n.language);
  return (
    <article className="plan-summary" data-testid="plan-summary" lang={i18n.language}>
      <h2>
        {patientName ? t('workspace.summary.titleFor', { name: patientName }) : t('workspace.summary.title')}
      </h2>
      {updated && <p className="muted">{t('workspace.summary.updated', { date: updated })}</p>}
      <List
        testId="summary-goals"
        title={t('workspace.summary.goals')}
        items={(plan.goal ?? [])
          .map((g, i) => ({ key: `g${i}`, text: g.display ?? '' }))
          .filter((g) => g.text)}
      />
      <List
        testId="summary-problems"
        title={t('workspace.summary.problems')}
        items={(plan.addresses ?? [])
          .map((c, i) => ({ key: `c${i}`, text: c.display ?? '' }))
          .filter((c) => c.text)}
      />
      <List testId="summary-agreed" title={t('workspace.summary.agreed')} items={of('agreed')} />
      <List testId="summary-not-to-do" title={t('workspace.summary.notToDo')} items={of('not-to-do')} />
      <List testId="summary-declined" title={t('workspace.summary.declined')} items={of('declined')} />
      {latest && (
        <>
          <h3>{t('workspace.summary.note')}</h3>
          <p className="summary-note">{latest.text}</p>
        </>
      )}
    </article>
  );
}
