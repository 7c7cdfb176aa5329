import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from '../i18n/react';
import { withEveryLanguage } from '../i18n/load';
import { Loading } from '../ui/Loading';
import type { RecordProps } from '../ui/RecordContext';

type Screen = ComponentType<RecordProps>;

// The workspace's forms, chart and plan builder load on their own, keeping the first bundle small.
let loading: Promise<Screen> | undefined;
let loaded: Screen | undefined;
const load = () =>
  (loading ??= withEveryLanguage(import('./WorkspaceScreen')).then((m) => (loaded = m.default)));

/**
 * The clinician's view (EHR launch). `fallback` shows while its chunk arrives (the app page keeps its
 * first screen there).
 *
 * Not React.lazy under Suspense: React holds back revealing a suspended boundary until 300 ms after
 * its fallback was shown, so the workspace, there in a few tens of milliseconds, appeared a quarter
 * of a second late on every clinician launch. Swapping on arrival costs nothing of the kind.
 */
export function Workspace({ fallback = <Loading />, ...props }: RecordProps & { fallback?: ReactNode }) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<{ Screen: Screen } | undefined>(loaded && { Screen: loaded });
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (screen) return;
    let live = true;
    load().then(
      (Screen) => live && setScreen({ Screen }),
      () => {
        // A failed chunk is not cached: the retry asks for it again.
        loading = undefined;
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [screen, attempt]);
  if (screen) return <screen.Screen {...props} />;
  if (!failed) return fallback;
  return (
    <>
      {fallback}
      <div className="error" role="alert">
        <p>{t('app.workspaceFailed')}</p>
        <button
          type="button"
          onClick={() => {
            setFailed(false);
            setAttempt((n) => n + 1);
          }}
        >
          {t('panel.retry')}
        </button>
      </div>
    </>
  );
}
