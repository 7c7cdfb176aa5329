import type { Condition, Goal } from 'fhir/r4';
import { useTranslation } from '../i18n/react';
import { GoalList } from './GoalList';
import { Panel } from './Panel';
import { ProblemList } from './ProblemList';
import { conditionsOf, type RecordProps } from './RecordContext';

/** The problem list and the goals, as both roles see them (plain-language titles for patients). */
export function ProblemsAndGoals({ session, panels, retry }: RecordProps) {
  const { t } = useTranslation();
  const patientView = session.role === 'patient';
  return (
    <div className="columns">
      <Panel
        id="problems"
        title={t(patientView ? 'problems.titlePatient' : 'problems.title')}
        state={panels.conditions}
        onRetry={retry}
      >
        {(resources) => <ProblemList conditions={resources as Condition[]} patientView={patientView} />}
      </Panel>
      <Panel
        id="goals"
        title={t(patientView ? 'goals.titlePatient' : 'goals.title')}
        state={panels.goals}
        onRetry={retry}
      >
        {(resources) => (
          <GoalList
            goals={resources as Goal[]}
            conditions={conditionsOf(panels)}
            patientId={session.patientId}
            patientView={patientView}
          />
        )}
      </Panel>
    </div>
  );
}
