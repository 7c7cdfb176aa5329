/**
 * What every part of the workspace shares besides the write runtime (src/ui/useCommit): drafts
 * that outlive a reload or an expired token, and whether writes are possible at all.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { WRITE_TYPES } from '../core/smart/scopes';
import { unsupportedWrites } from '../core/fhir/capability';
import type { DraftStore } from '../platform/drafts';
import { capabilityOf } from '../platform/capability';
import type { RecordProps } from '../ui/RecordContext';

/**
 * A value kept in a draft as it changes. `restored` says the value came back from an earlier,
 * unsaved session, so the screen can say so.
 */
export function useDraft<T>(store: DraftStore, key: string, initial: () => T) {
  const [restored] = useState(() => store.load<T>(key) !== undefined);
  const [value, setValue] = useState<T>(() => store.load<T>(key) ?? initial());
  const dirty = useRef(restored);
  const update = useCallback((next: T | ((prev: T) => T)) => {
    dirty.current = true;
    setValue(next);
  }, []);
  useEffect(() => {
    if (dirty.current) store.save(key, value);
  }, [store, key, value]);
  const clear = useCallback(
    (next: T) => {
      dirty.current = false;
      store.clear(key);
      setValue(next);
    },
    [store, key],
  );
  return { value, update, clear, restored };
}

export interface WriteAbility {
  canWrite: boolean;
  /** Why not, for the screen: scopes not granted, or the server does not accept the writes. */
  reason?: { kind: 'scopes' | 'server'; types: string[] };
}

export function useWriteAbility({ session }: Pick<RecordProps, 'session'>): WriteAbility {
  const [serverMissing, setServerMissing] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    capabilityOf(session.fhir).then(
      (cs) => {
        if (live) setServerMissing(unsupportedWrites(cs, WRITE_TYPES));
      },
      () => {
        // No statement to read: the writes themselves will say if the server refuses them.
      },
    );
    return () => {
      live = false;
    };
  }, [session]);
  if (!session.write.canWrite)
    return { canWrite: false, reason: { kind: 'scopes', types: session.write.missing } };
  if (serverMissing.length) return { canWrite: false, reason: { kind: 'server', types: serverMissing } };
  return { canWrite: true };
}
