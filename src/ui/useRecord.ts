import type { FhirResource } from 'fhir/r4';
import { useCallback, useEffect, useState } from 'react';
import type { PanelId } from '../core/record/panels';
import {
  pendingRecord,
  readRecord,
  SessionExpiredError,
  type PanelState,
  type RecordPanels,
} from '../core/record/read';
import type { Session } from '../platform/session';

export type RecordView = Partial<RecordPanels>;

/**
 * Reads the record once per session and re-renders as each panel settles. Every panel starts as
 * loading, so whatever waits for the whole record (the prompt rules) cannot run on part of it.
 */
export function useRecord(session: Session): {
  panels: RecordView;
  expired: boolean;
  retry: () => void;
  /** Puts a saved resource into its panel (replacing the older version), so screens show what was saved. */
  replace: (panel: PanelId, resource: FhirResource) => void;
  /** Marks the session as over (a write answered 401). */
  expire: () => void;
} {
  const [panels, setPanels] = useState<RecordView>(pendingRecord);
  const [expired, setExpired] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const onPanel = (panel: PanelId, state: PanelState) => {
      if (live) setPanels((prev) => ({ ...prev, [panel]: state }));
    };
    readRecord(session.fhir, session.patientId, {
      canRead: (type, interaction) => session.access.can(type, interaction),
      onPanel,
    }).catch((err: unknown) => {
      if (!live) return;
      if (err instanceof SessionExpiredError) setExpired(true);
      else throw err;
    });
    return () => {
      live = false;
    };
  }, [session, attempt]);

  const retry = useCallback(() => {
    setPanels(pendingRecord());
    setAttempt((n) => n + 1);
  }, []);
  const replace = useCallback((panel: PanelId, resource: FhirResource) => {
    setPanels((prev) => {
      const state = prev[panel];
      if (state?.status !== 'ready') return prev;
      const others = state.resources.filter(
        (r) => !(r.resourceType === resource.resourceType && r.id === resource.id),
      );
      return { ...prev, [panel]: { ...state, resources: [...others, resource] } };
    });
  }, []);
  const expire = useCallback(() => setExpired(true), []);
  return { panels, expired, retry, replace, expire };
}
