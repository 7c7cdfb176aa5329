/**
 * A screen that loads as its own chunk, shown the moment it arrives.
 *
 * Not React.lazy under Suspense: React 19 holds back revealing a suspended boundary until 300 ms
 * after its fallback was shown, so a chunk there in a few tens of milliseconds appeared a quarter
 * of a second late on every launch. Swapping on arrival has no such wait. A chunk that cannot be
 * fetched (a dropped connection, a deploy that removed it) says so and offers a reload, instead of
 * taking the page down: the browser keeps a failed module import failed for the page's life, so
 * asking again in place cannot work, and a reload keeps the session and the drafts.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from '../i18n/react';

export interface Chunk<P> {
  /** The screen, once it has arrived. */
  loaded(): ComponentType<P> | undefined;
  /** Fetches it, once. */
  load(): Promise<ComponentType<P>>;
}

export function chunk<P>(importer: () => Promise<{ default: ComponentType<P> }>): Chunk<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  let screen: ComponentType<P> | undefined;
  return {
    loaded: () => screen,
    load: () => (loading ??= importer().then((m) => (screen = m.default))),
  };
}

export function Chunked<P extends object>({
  of,
  props,
  fallback,
  kept,
  failed,
}: {
  of: Chunk<P>;
  props: P;
  /** What shows while the chunk arrives: a loading line, or the screen it stands in for with one. */
  fallback: ReactNode;
  /** What stays on screen if it cannot arrive: the fallback without its loading line (none by default). */
  kept?: ReactNode;
  /** What to say when the chunk could not be fetched. */
  failed: string;
}) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<{ Screen: ComponentType<P> } | undefined>(() => {
    const Screen = of.loaded();
    return Screen && { Screen };
  });
  const [error, setError] = useState(false);
  useEffect(() => {
    if (screen) return;
    let live = true;
    of.load().then(
      (Screen) => live && setScreen({ Screen }),
      () => live && setError(true),
    );
    return () => {
      live = false;
    };
  }, [of, screen]);
  if (screen) return <screen.Screen {...props} />;
  if (!error) return fallback;
  return (
    <>
      {kept}
      <div className="error" role="alert">
        <p>{failed}</p>
        <button type="button" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </button>
      </div>
    </>
  );
}
