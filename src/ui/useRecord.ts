import type { FhirResource } from 'fhir/r4';
import { useCallback, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { FIRST_SCREEN_PANELS, type PanelId } from '../core/record/panels';
import {
  pendingRecord,
  SessionExpiredError,
  type NarrowedReads,
  type RecordPanels,
} from '../core/record/read';
import { readInFlight, recordRead } from '../platform/record';
import type { Session } from '../platform/session';

export type RecordView = Partial<RecordPanels>;

/**
 * The record of the session, re-rendered as each panel settles. The read is the session's one read
 * (src/platform/record.ts): usually already in flight, started by the page's entry when the token
 * arrived, so what has settled shows at once. Every panel starts as loading, so whatever waits for
 * the whole record (the prompt rules) cannot run on part of it.
 */
export function useRecord(session: Session): {
  panels: RecordView;
  /** The prompt rules' narrowed reads (core/record/read.ts rulesView), for the clinician's workspace. */
  narrowed: NarrowedReads;
  expired: boolean;
  retry: () => void;
  /** Puts a saved resource into its panel (replacing the older version), so screens show what was saved. */
  replace: (panel: PanelId, resource: FhirResource) => void;
  /** Marks the session as over (a write answered 401). */
  expire: () => void;
} {
  const [panels, setPanels] = useState<RecordView>(() => ({
    ...pendingRecord(),
    ...readInFlight(session)?.settled(),
  }));
  const [narrowed, setNarrowed] = useState<NarrowedReads>(
    () => readInFlight(session)?.narrowedSettled() ?? {},
  );
  const [expired, setExpired] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const read = recordRead(session, attempt);
    // Panels already settled are replayed inside this effect; later ones arrive from the network.
    let replaying = true;
    const stop = read.follow((panel, state) => {
      if (!live) return;
      const update = () => setPanels((prev) => (prev[panel] === state ? prev : { ...prev, [panel]: state }));
      // The last of the first screen's panels is drawn at once, in the task its answer came in: React
      // would otherwise draw it only after the rest of the record's answer, arriving just behind it,
      // has been parsed.
      const settled = replaying || !FIRST_SCREEN_PANELS.includes(panel) ? undefined : read.settled();
      if (settled && FIRST_SCREEN_PANELS.every((p) => settled[p] !== undefined)) flushSync(update);
      else update();
    });
    replaying = false;
    const stopNarrowed = read.followNarrowed((panel, state) => {
      if (live) setNarrowed((prev) => (prev[panel] === state ? prev : { ...prev, [panel]: state }));
    });
    read.done.catch((err: unknown) => {
      if (!live) return;
      if (err instanceof SessionExpiredError) setExpired(true);
      else throw err;
    });
    return () => {
      live = false;
      stop();
      stopNarrowed();
    };
  }, [session, attempt]);

  const retry = useCallback(() => {
    setPanels(pendingRecord());
    setNarrowed({});
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
  return { panels, narrowed, expired, retry, replace, expire };
}
