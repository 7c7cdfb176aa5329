import type { Condition } from 'fhir/r4';
import { useTranslation } from '../i18n/react';
import { recordAnchor } from '../core/record/anchors';
import { problemList, type ConditionRow } from '../core/record/display';
import { formatDate } from './format';

function Row({ row }: { row: ConditionRow }) {
  const { t, i18n } = useTranslation();
  const onset = formatDate(row.onset, i18n.language);
  return (
    <li className="row" id={recordAnchor('Condition', row.id)}>
      <span className="row-title">{row.text}</span>
      <span className="row-meta">
        <span className="tag">{t(`problems.category.${row.category}`)}</span>
        {!row.active && (
          <span> · {t(`problems.status.${row.clinicalStatus}`, { defaultValue: row.clinicalStatus })}</span>
        )}
        {onset && <span> · {t('problems.since', { date: onset })}</span>}
      </span>
    </li>
  );
}

export function ProblemList({ conditions, patientView }: { conditions: Condition[]; patientView: boolean }) {
  const { t } = useTranslation();
  const rows = problemList(conditions);
  if (rows.length === 0) {
    return <p className="empty">{t(patientView ? 'problems.emptyPatient' : 'problems.empty')}</p>;
  }
  const current = rows.filter((r) => r.active);
  const past = rows.filter((r) => !r.active);
  return (
    <>
      {current.length > 0 && (
        <>
          <h3>{t('problems.current')}</h3>
          <ul className="rows" data-testid="problems-current">
            {current.map((r) => (
              <Row key={r.id} row={r} />
            ))}
          </ul>
        </>
      )}
      {past.length > 0 && (
        <details>
          <summary>
            {t('problems.past')} ({past.length})
          </summary>
          <ul className="rows">
            {past.map((r) => (
              <Row key={r.id} row={r} />
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
