import type { Condition, FhirResource, Goal } from 'fhir/r4';
import type { Session } from '../platform/session';
import type { PanelId } from '../core/record/panels';
import type { NarrowedReads } from '../core/record/read';
import type { RecordView } from './useRecord';

/** What every role's screen gets: the session, the record as read so far, and ways to update it. */
export interface RecordProps {
  session: Session;
  panels: RecordView;
  /** What the prompt rules read while a long panel is still loading (core/record/read.ts rulesView). */
  narrowed?: NarrowedReads;
  today: Date;
  retry: () => void;
  replace: (panel: PanelId, resource: FhirResource) => void;
  expire: () => void;
}

export function readyResources<T extends FhirResource>(panels: RecordView, panel: PanelId): T[] {
  const state = panels[panel];
  return state?.status === 'ready' ? (state.resources as T[]) : [];
}

export const conditionsOf = (panels: RecordView) => readyResources<Condition>(panels, 'conditions');
export const goalsOf = (panels: RecordView) => readyResources<Goal>(panels, 'goals');
