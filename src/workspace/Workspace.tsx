import { lazy, Suspense } from 'react';
import { withEveryLanguage } from '../i18n/load';
import { Loading } from '../ui/Loading';
import type { RecordProps } from '../ui/RecordContext';

// The workspace's forms, chart and plan builder load on their own, keeping the first bundle small.
const WorkspaceScreen = lazy(() => withEveryLanguage(import('./WorkspaceScreen')));

/** The clinician's view (EHR launch). */
export function Workspace(props: RecordProps) {
  return (
    <Suspense fallback={<Loading />}>
      <WorkspaceScreen {...props} />
    </Suspense>
  );
}
