import { useMemo } from 'react';
import { draftStore, type DraftStore } from '../platform/drafts';
import type { RecordProps } from './RecordContext';

/** The signed-in user's drafts for this patient on this server (see platform/drafts). */
export function useRecordDrafts({ session }: Pick<RecordProps, 'session'>): DraftStore {
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
