import { ProblemsAndGoals } from '../ui/RecordPanels';
import type { RecordProps } from '../ui/RecordContext';

/** The clinician's view (EHR launch). */
export function Workspace(props: RecordProps) {
  return <ProblemsAndGoals {...props} />;
}
