import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/react';
import { withEveryLanguage } from '../i18n/load';
import { chunk, Chunked } from '../ui/Chunk';
import { Loading } from '../ui/Loading';
import type { RecordProps } from '../ui/RecordContext';

// The workspace's forms, chart and plan builder load on their own, keeping the first bundle small.
const WorkspaceScreen = chunk<RecordProps>(() => withEveryLanguage(import('./WorkspaceScreen')));

/**
 * The clinician's view (EHR launch). `fallback` shows while its chunk arrives (the app page keeps its
 * first screen there), `kept` if it cannot (that screen without its loading line).
 */
export function Workspace({
  fallback = <Loading />,
  kept,
  ...props
}: RecordProps & { fallback?: ReactNode; kept?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Chunked
      of={WorkspaceScreen}
      props={props}
      fallback={fallback}
      kept={kept}
      failed={t('app.workspaceFailed')}
    />
  );
}
