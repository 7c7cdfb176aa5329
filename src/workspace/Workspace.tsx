import { lazy, Suspense, type ReactNode } from 'react';
import { withEveryLanguage } from '../i18n/load';
import { Loading } from '../ui/Loading';
import type { RecordProps } from '../ui/RecordContext';

// The workspace's forms, chart and plan builder load on their own, keeping the first bundle small.
const WorkspaceScreen = lazy(() => withEveryLanguage(import('./WorkspaceScreen')));

/**
 * The clinician's view (EHR launch). `fallback` shows while its chunk arrives (the app page keeps its
 * first screen there).
 */
export function Workspace({ fallback = <Loading />, ...props }: RecordProps & { fallback?: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <WorkspaceScreen {...props} />
    </Suspense>
  );
}
