import { lazy, Suspense } from 'react';
import { Loading } from '../ui/Loading';
import { ProblemsAndGoals } from '../ui/RecordPanels';
import type { RecordProps } from '../ui/RecordContext';

// The patient's editing screens load on their own, keeping the first screen's bundle small.
const VoiceHome = lazy(() => import('./VoiceHome'));

/** The patient's own view (standalone launch): their voice first, then their record. */
export function PatientHome(props: RecordProps) {
  return (
    <>
      <Suspense fallback={<Loading />}>
        <VoiceHome {...props} />
      </Suspense>
      <ProblemsAndGoals {...props} />
    </>
  );
}
