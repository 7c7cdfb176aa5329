/**
 * The write runtime (src/core/write/runtime.ts) for React screens: one function every view and the
 * prompt decisions call. What the answer means for the record on screen is handled here once —
 * a saved resource replaces the one shown, a newer version met on a 412 is shown while the user
 * reviews the merge, an expired token ends the session (the draft stays on the device).
 */
import type { FhirResource } from 'fhir/r4';
import { useCallback, useMemo } from 'react';
import { useTranslation } from '../i18n/react';
import { mergePolicyFor } from '../core/policies';
import type { PanelId } from '../core/record/panels';
import { writePort } from '../platform/writes';
import type { RecordProps } from './RecordContext';
import {
  commit,
  type CommitOptions,
  type CommitResult,
  type WriteIntent,
  type WritePort,
} from '../core/write/runtime';

export interface CommitEnv {
  port: WritePort;
  replace(panel: PanelId, resource: FhirResource): void;
  expire(): void;
}

export type Commit = <T extends FhirResource>(
  intent: WriteIntent<T>,
  panel: PanelId,
  options?: CommitOptions<T>,
) => Promise<CommitResult<T>>;

export function useCommit({ port, replace, expire }: CommitEnv): Commit {
  const { t } = useTranslation();
  return useCallback(
    async <T extends FhirResource>(
      intent: WriteIntent<T>,
      panel: PanelId,
      options: CommitOptions<T> = {},
    ) => {
      const result = await commit(port, intent, {
        merge: mergePolicyFor<T>(intent.next.resourceType as T['resourceType']),
        ...options,
      });
      if (result.kind === 'saved') replace(panel, result.resource);
      else if (result.kind === 'review') replace(panel, result.theirs);
      else if (result.kind === 'expired') expire();
      // What the runtime diagnosed itself is said in the user's language; a server's reason as sent.
      else if (result.kind === 'failed' && result.problem)
        return { ...result, message: t(`write.${result.problem}`) };
      return result;
    },
    [port, replace, expire, t],
  );
}

/** The runtime for a screen of the record: writes go to the session's server. */
export function useRecordCommit({
  session,
  replace,
  expire,
}: Pick<RecordProps, 'session' | 'replace' | 'expire'>) {
  const port = useMemo(() => writePort(session.client, session.fhir), [session.client, session.fhir]);
  return useCommit({ port, replace, expire });
}
