/**
 * What every part of the workspace shares: saving with the write protocol (and what each answer
 * means on screen), drafts that outlive a reload or an expired token, and whether writes are
 * possible at all.
 */
import type { Bundle, CapabilityStatement, CarePlan, FhirResource } from 'fhir/r4';
import type { Session } from '../platform/session';
import { findSharedPlan } from '../core/plan';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { draftStore, type DraftStore } from '../platform/drafts';
import { reread, writeTransport } from '../platform/writes';
import type { PanelId } from '../core/record/panels';
import { WRITE_TYPES } from '../core/smart/scopes';
import { save } from '../core/write/save';
import { unsupportedWrites } from '../core/workspace/capability';
import type { RecordProps } from '../ui/RecordContext';

export type WriteResult<T extends FhirResource> =
  | { kind: 'saved'; resource: T }
  /** Someone saved a newer version: here it is, for the merge. */
  | { kind: 'conflict'; theirs: T }
  | { kind: 'expired' }
  | { kind: 'failed'; message: string };

export function useWriter({ session, replace, expire }: Pick<RecordProps, 'session' | 'replace' | 'expire'>) {
  const transport = useMemo(() => writeTransport(session.client), [session.client]);
  return useCallback(
    async <T extends FhirResource>(resource: T, panel: PanelId): Promise<WriteResult<T>> => {
      let outcome;
      try {
        outcome = await save(transport, resource);
      } catch (err) {
        return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
      }
      switch (outcome.kind) {
        case 'saved':
          replace(panel, outcome.resource);
          return { kind: 'saved', resource: outcome.resource };
        case 'expired':
          // The draft is already on the device; the relaunch brings it back.
          expire();
          return { kind: 'expired' };
        case 'conflict':
          try {
            const theirs = await reread<T>(
              session.client,
              resource.resourceType as T['resourceType'],
              resource.id ?? '',
            );
            replace(panel, theirs);
            return { kind: 'conflict', theirs };
          } catch (err) {
            return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
          }
        case 'retryable':
        case 'rejected':
          return { kind: 'failed', message: outcome.message };
      }
    },
    [transport, session.client, replace, expire],
  );
}

export function useDrafts({ session }: Pick<RecordProps, 'session'>): DraftStore {
  return useMemo(
    () =>
      draftStore({
        iss: session.iss,
        patientId: session.patientId,
        user: session.fhirUser ?? `${session.role}/unknown`,
      }),
    [session.iss, session.patientId, session.fhirUser, session.role],
  );
}

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
    session.fhir.get('metadata').then(
      (cs) => {
        if (live) setServerMissing(unsupportedWrites(cs as CapabilityStatement, WRITE_TYPES));
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

/** The clinician's calendar day, not UTC's: a visit late in the evening is still today. */
export function todayIso(today: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}

/** A fresh business identifier for a create (kept in the draft, so a retry reuses it). */
export { newIdentifier } from '../core/write/identity';

/**
 * The patient's shared plan as the server has it now. Used before a first create: someone may have
 * created the plan since the record was read, and there must never be two. Failures read as "none
 * found": the conditional create still prevents a duplicate of this app's own retries.
 */
export async function searchSharedPlan(session: Session): Promise<CarePlan | undefined> {
  try {
    const bundle = (await session.fhir.get(
      `CarePlan?patient=${encodeURIComponent(session.patientId)}&_count=200`,
    )) as Bundle;
    const plans = (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is CarePlan => r?.resourceType === 'CarePlan');
    return findSharedPlan(plans, session.patientId);
  } catch {
    return undefined;
  }
}
