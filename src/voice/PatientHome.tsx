import { ProblemsAndGoals } from '../ui/RecordPanels';
import type { RecordProps } from '../ui/RecordContext';

/** The patient's own view (standalone launch). */
export function PatientHome(props: RecordProps) {
  return <ProblemsAndGoals {...props} />;
}
