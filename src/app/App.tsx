import { useEffect, useState } from 'react';
import type { QueueSession, Session } from '../platform/session';
import { withEveryLanguage } from '../i18n/load';
import { recallLaunch } from '../launch/memory';
import { LaunchProblemError, type LaunchProblem } from '../launch/problems';
import { chunk, Chunked } from '../ui/Chunk';
import { ProblemPage } from '../ui/ProblemPage';
import { RecordScreen } from './RecordScreen';
import { useTranslation } from '../i18n/react';

type Phase =
  | { name: 'signing-in' }
  | { name: 'problem'; problem: LaunchProblem }
  | { name: 'ready'; session: Session | QueueSession };

// The e-visit review queue (a launch with no patient): its own chunk, only that launch loads it,
// drawn once the screens' words are in.
const EvisitQueue = chunk<{ session: QueueSession }>(() =>
  withEveryLanguage(import('../evisit/clinician/EvisitQueue')),
);

export function App({
  session,
  launcherUrl,
}: {
  session: Promise<Session | QueueSession>;
  launcherUrl?: string | undefined;
}) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ name: 'signing-in' });
  useEffect(() => {
    let live = true;
    session.then(
      (s) => live && setPhase({ name: 'ready', session: s }),
      (err: unknown) => {
        if (!live) return;
        const problem: LaunchProblem =
          err instanceof LaunchProblemError
            ? err.problem
            : { kind: 'token-failed', detail: err instanceof Error ? err.message : String(err) };
        setPhase({ name: 'problem', problem });
      },
    );
    return () => {
      live = false;
    };
  }, [session]);

  if (phase.name === 'problem') {
    return <ProblemPage problem={phase.problem} kind={recallLaunch()?.kind} launcherUrl={launcherUrl} />;
  }
  if (phase.name === 'ready' && 'view' in phase.session) {
    const queue = phase.session;
    return (
      <Chunked
        of={EvisitQueue}
        props={{ session: queue }}
        fallback={
          <p className="status" role="status">
            {t('workspace.evisitQueue.queue.loading')}
          </p>
        }
        failed={t('app.partFailed')}
      />
    );
  }
  if (phase.name === 'ready' && !('view' in phase.session)) return <RecordScreen session={phase.session} />;
  return (
    <p className="status" role="status">
      {t('launch.connecting')}
    </p>
  );
}
