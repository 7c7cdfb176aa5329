import type { FhirResource } from 'fhir/r4';
import { useCallback, useRef, useState } from 'react';
import type { PanelId } from '../core/record/panels';
import type { CommitOptions, CommitResult, WriteIntent } from '../core/write/runtime';
import { useCommit } from '../ui/useCommit';
import { useVoice } from './env';

/**
 * A value the patient is typing, kept on the device as it changes (never with the tokens), so a
 * reload, a failed save or an expired session loses nothing. `clear` after a successful save.
 */
export function useDraft<T>(key: string, initial: () => T) {
  const { drafts } = useVoice();
  const first = useRef<{ value: T; restored: boolean } | null>(null);
  if (first.current === null) {
    const stored = drafts.load<T>(key);
    first.current =
      stored === undefined ? { value: initial(), restored: false } : { value: stored, restored: true };
  }
  const [value, setValue] = useState<T>(first.current.value);
  const [restored, setRestored] = useState(first.current.restored);
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const update = useCallback(
    (next: T) => {
      setValue(next);
      drafts.save(key, next);
    },
    [drafts, key],
  );
  const clear = useCallback(() => {
    drafts.clear(key);
    setValue(initialRef.current());
    setRestored(false);
  }, [drafts, key]);
  return { value, update, clear, restored };
}

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  /** `network`: worth trying again; `rejected`: the server refused what was sent. */
  | { kind: 'failed'; reason: 'network' | 'rejected'; message: string };

/** One save slot: runs the write runtime and keeps what the screen says about it. */
export function useSave() {
  const env = useVoice();
  const run = useCommit(env);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const write = useCallback(
    async <T extends FhirResource>(
      intent: WriteIntent<T>,
      panel: PanelId,
      options?: CommitOptions<T>,
    ): Promise<CommitResult<T>> => {
      setStatus({ kind: 'saving' });
      const result = await run(intent, panel, options);
      if (result.kind === 'saved') setStatus({ kind: 'saved' });
      else if (result.kind === 'failed')
        setStatus({
          kind: 'failed',
          reason: result.retryable ? 'network' : 'rejected',
          message: result.message,
        });
      else setStatus({ kind: 'idle' });
      return result;
    },
    [run],
  );
  return { status, setStatus, write };
}
