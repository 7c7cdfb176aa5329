import type {
  CarePlan,
  Encounter,
  FhirResource,
  Goal,
  Observation,
  Patient,
  QuestionnaireResponse,
} from 'fhir/r4';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from '../i18n/react';
import type { PanelState } from '../core/record/read';
import { canReport } from '../core/smart/scopes';
import { openAgenda } from '../core/voice/agenda';
import { readPriorities, retiredPriorities } from '../core/voice/priorities';
import { goalsOf, readyResources, type RecordProps } from '../ui/RecordContext';
import { Agenda } from './Agenda';
import { CarePlanView } from './CarePlanView';
import { CarePreferences } from './CarePreferences';
import { GoalFollowUp } from './GoalFollowUp';
import { VoiceContext, voiceEnv } from './env';
import { Retired } from './Retired';
import { VisitSurvey } from './VisitSurvey';
import { WhatMatters } from './WhatMatters';
import './voice.css';

/** Loading, not allowed and failed states of the part of the record a section needs. */
function Gate({
  state,
  onRetry,
  children,
}: {
  state: PanelState | undefined;
  onRetry: () => void;
  children: (resources: FhirResource[]) => ReactNode;
}) {
  const { t } = useTranslation();
  if (!state || state.status === 'loading')
    return (
      <p className="muted" role="status">
        {t('panel.loading')}
      </p>
    );
  if (state.status === 'not-granted') return <p className="notice">{t('panel.notGranted')}</p>;
  if (state.status === 'failed')
    return (
      <div className="error" role="alert">
        <p>{state.failure.status === 403 ? t('panel.forbidden') : t('panel.failed')}</p>
        {state.failure.status !== 403 && (
          <button type="button" onClick={onRetry}>
            {t('panel.retry')}
          </button>
        )}
      </div>
    );
  return <>{children(state.resources)}</>;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="voice-section" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

/** The patient's own screens: what matters, the one thing, care preferences, the agenda, the plan. */
export default function VoiceHome(props: RecordProps) {
  const { t } = useTranslation();
  const { session, panels, retry } = props;
  // One environment per session: drafts and the write transport must not change under a save.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on what identifies the session
  const env = useMemo(() => voiceEnv(props), [session, props.replace, props.expire]);
  const goals = goalsOf(panels);
  // Priorities other apps recorded as Observations are the patient's words too.
  const observations = readyResources<Observation>(panels, 'observations');
  // Until they are in, a priority may be among them: no "nothing here yet" meanwhile.
  const readingObservations = panels.observations?.status === 'loading';
  const priorities = useMemo(
    () => readPriorities(goals, session.patientId, observations),
    [goals, session.patientId, observations],
  );
  const retired = useMemo(() => retiredPriorities(goals, session.patientId), [goals, session.patientId]);

  return (
    <VoiceContext.Provider value={env}>
      <div className="voice">
        <nav aria-label={t('voice.nav.label')} className="voice-nav">
          <ul>
            <li>
              <a href="#what-matters">{t('voice.nav.matters')}</a>
            </li>
            <li>
              <a href="#care">{t('voice.nav.care')}</a>
            </li>
            <li>
              <a href="#follow-up">{t('measure.followUp.title')}</a>
            </li>
            <li>
              <a href="#agenda">{t('voice.nav.agenda')}</a>
            </li>
            <li>
              <a href="#plan">{t('voice.nav.plan')}</a>
            </li>
          </ul>
        </nav>
        {!env.canWrite && (
          <p className="notice" data-testid="voice-read-only">
            {t('voice.readOnly')}
          </p>
        )}
        {env.canWrite &&
          canReport(session.access) &&
          panels.encounters?.status === 'ready' &&
          panels.questionnaireResponses?.status === 'ready' && (
            <VisitSurvey
              encounters={readyResources<Encounter>(panels, 'encounters')}
              responses={readyResources<QuestionnaireResponse>(panels, 'questionnaireResponses')}
            />
          )}
        {panels.goals?.status === 'ready' ? (
          <>
            <WhatMatters
              {...(priorities.oneThing ? { oneThing: priorities.oneThing } : {})}
              others={priorities.others}
              reading={readingObservations}
            />
            <CarePreferences
              helpful={priorities.helpful}
              burdensome={priorities.burdensome}
              care={priorities.care}
              reading={readingObservations}
            />
            <GoalFollowUp
              goals={goals}
              observations={observations}
              canReport={env.canWrite && canReport(session.access)}
            />
            <Retired items={retired} />
          </>
        ) : (
          <Section id="what-matters" title={t('voice.matters.title')}>
            <Gate state={panels.goals} onRetry={retry}>
              {() => null}
            </Gate>
          </Section>
        )}
        {panels.questionnaireResponses?.status === 'ready' ? (
          <Agenda
            open={openAgenda(readyResources<QuestionnaireResponse>(panels, 'questionnaireResponses'))}
          />
        ) : (
          <Section id="agenda" title={t('voice.agenda.title')}>
            <Gate state={panels.questionnaireResponses} onRetry={retry}>
              {() => null}
            </Gate>
          </Section>
        )}
        <Section id="plan" title={t('voice.plan.title')}>
          <Gate state={panels.carePlans} onRetry={retry}>
            {(resources) => (
              <CarePlanView
                plans={resources as CarePlan[]}
                goals={goals as Goal[]}
                patientId={session.patientId}
                birthDate={readyResources<Patient>(panels, 'patient')[0]?.birthDate}
                today={props.today}
              />
            )}
          </Gate>
        </Section>
      </div>
    </VoiceContext.Provider>
  );
}
