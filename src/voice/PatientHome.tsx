import { useTranslation } from '../i18n/react';
import { withEveryLanguage } from '../i18n/load';
import { chunk, Chunked } from '../ui/Chunk';
import { Loading } from '../ui/Loading';
import { ProblemsAndGoals } from '../ui/RecordPanels';
import type { RecordProps } from '../ui/RecordContext';

// The patient's editing screens load on their own, keeping the first screen's bundle small.
const VoiceHome = chunk<RecordProps>(() => withEveryLanguage(import('./VoiceHome')));
// E-visits ("Ask about a new problem") are their own chunk too (issue 11: ≤ 60 kB on top of the page).
const PatientEvisits = chunk<RecordProps>(() => withEveryLanguage(import('../evisit/PatientEvisits')));

/** The patient's own view (standalone launch): their voice first, then their record. */
export function PatientHome(props: RecordProps) {
  const { t } = useTranslation();
  const failed = t('app.partFailed');
  return (
    <>
      <Chunked of={VoiceHome} props={props} fallback={<Loading />} failed={failed} />
      <Chunked of={PatientEvisits} props={props} fallback={<Loading />} failed={failed} />
      <ProblemsAndGoals {...props} />
    </>
  );
}
