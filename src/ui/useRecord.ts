import { useCallback, useEffect, useState } from 'react';
import type { PanelId } from '../core/record/panels';
import { readRecord, SessionExpiredError, type PanelState, type RecordPanels } from '../core/record/read';
import type { Session } from '../app/session';

export type RecordView = Partial<RecordPanels>;

/** Reads the record once per session and re-renders as each panel settles. */
export function useRecord(session: Session): {
  panels: RecordView;
  expired: boolean;
  retry: () => void;
} {
  const [panels, setPanels] = useState<RecordView>({});
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
    setPanels({});
    setAttempt((n) => n + 1);
  }, []);
  return { panels, expired, retry };
}
