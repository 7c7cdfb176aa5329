/**
 * Decision aids as the screens use them: loaded on first use (React.lazy), with a loading line and,
 * when the chunk cannot be fetched, a real error and a retry instead of a blank.
 */
import type { CarePlan } from 'fhir/r4';
import { Component, lazy, Suspense, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/react';
import type { PromptLanguage } from '../../core/prompts/messages/types';
import type { RuleId } from '../../core/prompts/types';
import type { AidPanelProps } from './AidPanel';

type PlanAidsProps = { plan: CarePlan; lang: PromptLanguage; age?: number | undefined };

class Boundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** A lazily loaded part; a retry builds a new lazy component, since React keeps a failed one failed. */
function useLazy<P>(pick: (m: typeof import('./AidPanel')) => ComponentType<P>) {
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new attempt is the only reason to reload
  const Part = useMemo(() => lazy(() => import('./AidPanel').then((m) => ({ default: pick(m) }))), [attempt]);
  return { Part, attempt, retry: () => setAttempt((n) => n + 1) };
}

function Loader({ attempt, retry, children }: { attempt: number; retry: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Boundary
      key={attempt}
      fallback={
        <div className="error small" role="alert">
          <p>{t('prompts.aids.loadFailed')}</p>
          <button type="button" onClick={retry}>
            {t('prompts.aids.retry')}
          </button>
        </div>
      }
    >
      <Suspense
        fallback={
          <p className="muted small" role="status">
            {t('prompts.aids.loading')}
          </p>
        }
      >
        {children}
      </Suspense>
    </Boundary>
  );
}

export function LazyAidPanel(props: AidPanelProps & { rule: RuleId }) {
  const { Part, attempt, retry } = useLazy((m) => m.AidPanel);
  return (
    <Loader attempt={attempt} retry={retry}>
      <Part {...props} />
    </Loader>
  );
}

export function LazyPlanAids(props: PlanAidsProps) {
  const { Part, attempt, retry } = useLazy((m) => m.PlanAids);
  return (
    <Loader attempt={attempt} retry={retry}>
      <Part {...props} />
    </Loader>
  );
}
