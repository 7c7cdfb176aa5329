import { useEffect } from 'react';
import { useTranslation } from '../i18n/react';
import type { LaunchKind } from '../core/smart/scopes';
import type { LaunchProblem } from '../launch/problems';
import { problemView } from '../launch/problemText';

/** A page that says what went wrong and what to do next: never a blank screen or a stack trace. */
export function ProblemPage({
  problem,
  kind,
  launcherUrl,
}: {
  problem: LaunchProblem;
  kind: LaunchKind | undefined;
  launcherUrl?: string | undefined;
}) {
  const { t } = useTranslation();
  const view = problemView(problem, t, kind);
  useEffect(() => {
    document.title = `${view.title} — ${t('app.name')}`;
  }, [view.title, t]);
  return (
    <main className="problem" role="alert" data-problem={problem.kind}>
      <h1>{view.title}</h1>
      <p>{view.body}</p>
      {view.action && 'href' in view.action && (
        <a className="button" href={view.action.href}>
          {view.action.label}
        </a>
      )}
      {view.action && 'text' in view.action && <p>{view.action.text}</p>}
      {launcherUrl && problem.kind === 'no-launch' && (
        <p>
          <a href={launcherUrl}>{t('problem.openLauncher')}</a>
        </p>
      )}
      {view.detail && (
        <details>
          <summary>{t('problem.details')}</summary>
          <pre>{view.detail}</pre>
        </details>
      )}
    </main>
  );
}
