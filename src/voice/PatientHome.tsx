import { lazy, Suspense } from 'react';
import { withEveryLanguage } from '../i18n/load';
import { Loading } from '../ui/Loading';
import { ProblemsAndGoals } from '../ui/RecordPanels';
import type { RecordProps } from '../ui/RecordContext';

// The patient's editing screens load on their own, keeping the first screen's bundle small.
const VoiceHome = lazy(() => withEveryLanguage(import('./VoiceHome')));
// E-visits ("Ask about a new problem") are their own chunk too (issue 11: ≤ 60 kB on top of the page).
const PatientEvisits = lazy(() => withEveryLanguage(import('../evisit/PatientEvisits')));

/** The patient's own view (standalone launch): their voice first, then their record. */
export function PatientHome(props: RecordProps) {
  return (
    <>
      <Suspense fallback={<Loading />}>
        <VoiceHome {...props} />
      </Suspense>
      <Suspense fallback={<Loading />}>
        <PatientEvisits {...props} />
      </Suspense>
      <ProblemsAndGoals {...props} />
    </>
  );
}
