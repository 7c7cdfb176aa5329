import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordProps } from '../ui/RecordContext';

// The workspace's forms, chart and plan builder load on their own, keeping the first bundle small.
const WorkspaceScreen = lazy(() => import('./WorkspaceScreen'));

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted status" role="status">
      {t('panel.loading')}
    </p>
  );
}

/** The clinician's view (EHR launch). */
export function Workspace(props: RecordProps) {
  return (
    <Suspense fallback={<Loading />}>
      <WorkspaceScreen {...props} />
    </Suspense>
  );
}
