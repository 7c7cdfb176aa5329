import { useEffect, useMemo } from 'react';
import { rulesView } from '../core/record/read';
import { clinicianOf } from '../core/fhir/references';
import { useTranslation } from '../i18n/react';
import type { RecordProps } from '../ui/RecordContext';
import { ProblemsAndGoals } from '../ui/RecordPanels';
import { Agenda } from './Agenda';
import { BetweenVisits } from './BetweenVisits';
import { GoalNegotiation } from './GoalNegotiation';
import { SharedPlan } from './SharedPlan';
import { Trends } from './Trends';
import { useWriteAbility, type WriteAbility } from './useWorkspace';
import { WhatMatters } from './WhatMatters';
import './workspace.css';
import { PromptCards } from '../prompts/PromptCards';
import { usePromptDecisions } from '../prompts/usePromptDecisions';
import { usePrompts } from '../prompts/usePrompts';

function ValuePrompts(props: RecordProps & { ability: WriteAbility; clinician: string | undefined }) {
  // The prompts, and the evidence they name, from what the rules read: on a long record, before its
  // last page of Observations is in.
  const panels = useMemo(() => rulesView(props.panels, props.narrowed), [props.panels, props.narrowed]);
  const state = usePrompts(panels, props.today);
  const usable = state.status !== 'waiting' && props.panels.carePlans?.status === 'ready';
  useEffect(() => {
    // The benchmark reads this mark: the prompts are on screen and the plan form (shown once the
    // care plans are read) takes input.
    if (usable) performance.mark('cg:workspace-usable');
  }, [usable]);
  const decisions = usePromptDecisions({ ...props, panels }, props.clinician, props.ability.canWrite);
  return <PromptCards state={state} decisions={decisions} />;
}

function WhyReadOnly({ ability, clinician }: { ability: WriteAbility; clinician: string | undefined }) {
  const { t } = useTranslation();
  // Missing scopes are explained by the shell's notice; the workspace adds the reasons only it knows.
  if (ability.reason?.kind === 'server')
    return (
      <p className="notice" role="status" data-testid="workspace-read-only">
        {t('workspace.readOnly.server', { types: ability.reason.types.join(', ') })}
      </p>
    );
  if (ability.canWrite && !clinician)
    return (
      <p className="notice" role="status" data-testid="workspace-read-only">
        {t('workspace.readOnly.identity')}
      </p>
    );
  return null;
}

/** The clinician's view (EHR launch): the patient's priorities first, then the work of the visit. */
export default function WorkspaceScreen(props: RecordProps) {
  const ability = useWriteAbility(props);
  const clinician = clinicianOf(props.session.fhirUser);
  return (
    <div className="workspace">
      <div className="ws-screen">
        <WhyReadOnly ability={ability} clinician={clinician} />
        <div className="ws-top">
          <WhatMatters {...props} ability={ability} />
          <Agenda {...props} ability={ability} />
        </div>
        <ProblemsAndGoals {...props} />
        <ValuePrompts {...props} ability={ability} clinician={clinician} />
        <div className="ws-work">
          <GoalNegotiation {...props} ability={ability} clinician={clinician} />
          <Trends {...props} />
          <BetweenVisits {...props} />
        </div>
      </div>
      <div className="ws-plan">
        <SharedPlan {...props} ability={ability} clinician={clinician} />
      </div>
    </div>
  );
}
