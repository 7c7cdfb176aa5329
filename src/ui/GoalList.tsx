import type { Condition, Goal } from 'fhir/r4';
import { useTranslation } from '../i18n/react';
import { conceptText, currentGoals, type GoalRow } from '../core/record/display';
import { formatDate } from './format';

/** Whose words a goal is: a family member's are never labelled as the patient's own. */
export function goalSource(goal: { patientStated: boolean; byRelatedPerson: boolean }): string {
  if (goal.byRelatedPerson) return 'goals.relatedPerson';
  return goal.patientStated ? 'goals.patientStated' : 'goals.clinical';
}

function Row({ row, conditionNames }: { row: GoalRow; conditionNames: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const addresses = row.addresses.map((ref) => conditionNames.get(ref)).filter(Boolean);
  return (
    <li className={`row ${row.patientStated ? 'patient-stated' : 'clinical'}`}>
      <span className="row-title">{row.patientStated ? <q>{row.text}</q> : row.text}</span>
      <span className="row-meta">
        {row.highPriority && row.patientStated && <span className="tag strong">{t('goals.oneThing')}</span>}
        <span className="tag">{t(goalSource(row))}</span>
        <span> · {t(`goals.status.${row.lifecycleStatus}`)}</span>
      </span>
      {row.targets.map((target, i) =>
        target.measure || target.detail ? (
          <span className="row-detail" key={i}>
            {t('goals.target')}: {[target.measure, target.detail].filter(Boolean).join(' ')}
            {target.due && ` ${t('goals.due', { date: formatDate(target.due, i18n.language) })}`}
          </span>
        ) : null,
      )}
      {addresses.length > 0 && (
        <span className="row-detail">
          {t('goals.addresses')}: {addresses.join(', ')}
        </span>
      )}
    </li>
  );
}

export function GoalList({
  goals,
  conditions,
  patientId,
  patientView,
}: {
  goals: Goal[];
  conditions: Condition[];
  patientId: string;
  patientView: boolean;
}) {
  const { t } = useTranslation();
  const rows = currentGoals(goals, patientId);
  if (rows.length === 0)
    return <p className="empty">{t(patientView ? 'goals.emptyPatient' : 'goals.empty')}</p>;
  const conditionNames = new Map(conditions.map((c) => [`Condition/${c.id}`, conceptText(c.code) ?? '']));
  return (
    <ul className="rows" data-testid="goals">
      {rows.map((r) => (
        <Row key={r.id} row={r} conditionNames={conditionNames} />
      ))}
    </ul>
  );
}
