import type { Patient } from 'fhir/r4';
import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/react';
import { firstScreenShown } from '../platform/record';
import type { Session } from '../platform/session';
import { preferredLanguage } from '../core/record/display';
import { recordSettled } from '../core/record/read';
import { chosenLanguage, supported } from '../i18n/language';
import { PatientHome } from '../voice/PatientHome';
import { Workspace } from '../workspace/Workspace';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { PatientBanner } from '../ui/PatientBanner';
import type { RecordProps } from '../ui/RecordContext';
import { ProblemsAndGoals } from '../ui/RecordPanels';
import { Loading } from '../ui/Loading';
import { ProblemPage } from '../ui/ProblemPage';
import { ReadOnlyNotice } from '../ui/ReadOnlyNotice';
import { usePatientGender } from '../ui/usePatientGender';
import { useRecord } from '../ui/useRecord';

const settled = (s: { status: string } | undefined) => s !== undefined && s.status !== 'loading';

/**
 * The first screen (with the banner): the problems and the goals, drawn from this chunk alone while
 * the role's own screens are still to come, in the place they keep once those arrive. `loading`
 * adds the line that says the rest is on its way.
 */
function FirstScreen({ loading = true, ...props }: RecordProps & { loading?: boolean }) {
  return props.session.role === 'patient' ? (
    <>
      {loading && <Loading />}
      <ProblemsAndGoals {...props} />
    </>
  ) : (
    <>
      <ProblemsAndGoals {...props} />
      {loading && <Loading />}
    </>
  );
}

/**
 * Whether the role's screens (their chunks and every catalog they wait for) may be fetched: once the
 * first screen has painted, so they never compete with its reads, its chunk or its main thread.
 * The session hears of it first (`firstScreenShown`), in the same task and before React renders
 * those screens, so the rules' searches (their chunk loaded since the token) leave before the
 * screens' dozen chunks and their rendering take the page's connections and main thread. The
 * clinician's prompt worker starts then too, so fetching it and loading its code sets overlap the
 * workspace's chunks instead of waiting for them.
 */
function useAfterFirstPaint(firstScreenDone: boolean, session: Session): boolean {
  const [due, setDue] = useState(false);
  useEffect(() => {
    if (!firstScreenDone || due) return;
    // The frame after the one that drew the first screen.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        firstScreenShown(session);
        // Its own chunk, shared with the workspace's, so the first screen's code does not grow.
        if (session.role === 'clinician')
          void import('../prompts/evaluation/evaluator').then(
            ({ promptEvaluator }) => promptEvaluator().warm(),
            () => undefined,
          );
        setDue(true);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [firstScreenDone, due, session]);
  return due;
}

export function RecordScreen({ session, today = new Date() }: { session: Session; today?: Date }) {
  const { t, i18n } = useTranslation();
  const { panels, narrowed, expired, retry, replace, expire } = useRecord(session);
  const record: RecordProps = { session, panels, narrowed, today, retry, replace, expire };
  const patient =
    panels.patient?.status === 'ready' ? (panels.patient.resources[0] as Patient | undefined) : undefined;
  const patientView = session.role === 'patient';
  usePatientGender(patient);
  const firstScreenDone = settled(panels.patient) && settled(panels.conditions) && settled(panels.goals);

  const screensDue = useAfterFirstPaint(firstScreenDone, session);
  const wholeRecord = recordSettled(panels);

  useEffect(() => {
    // The benchmark reads this mark: redirect → banner, problems and goals on screen.
    if (firstScreenDone) performance.mark('cg:first-screen');
  }, [firstScreenDone]);

  useEffect(() => {
    // And this one: every panel read to its last page (what the prompt rules wait for).
    if (wholeRecord) performance.mark('cg:record-read');
  }, [wholeRecord]);

  useEffect(() => {
    // In the patient's own view their preferred language wins over the browser's, unless they chose one.
    if (session.role !== 'patient' || chosenLanguage()) return;
    const lang = supported(preferredLanguage(patient));
    if (lang && lang !== i18n.language) void i18n.changeLanguage(lang);
  }, [patient, session.role, i18n]);

  if (expired)
    return <ProblemPage problem={{ kind: 'session-expired', iss: session.iss }} kind={session.kind} />;

  return (
    <div className={`app ${patientView ? 'patient-view' : 'clinician-view'}`} data-ready={firstScreenDone}>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <ReadOnlyNotice write={session.write} />
      {session.needBanner && <PatientBanner state={panels.patient} today={today} />}
      <main>
        {!screensDue ? (
          <FirstScreen {...record} />
        ) : patientView ? (
          <PatientHome {...record} />
        ) : (
          <Workspace
            {...record}
            fallback={<FirstScreen {...record} />}
            kept={<FirstScreen {...record} loading={false} />}
          />
        )}
      </main>
    </div>
  );
}
