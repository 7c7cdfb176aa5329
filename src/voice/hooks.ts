import type { FhirResource } from 'fhir/r4';
import { useCallback, useRef, useState } from 'react';
import type { WriteOutcome } from '../core/write/protocol';
import { save } from '../core/write/save';
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

/** One save slot: runs the write protocol and keeps what the screen says about it. */
export function useSave() {
  const env = useVoice();
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const write = useCallback(
    async <T extends FhirResource>(resource: T): Promise<WriteOutcome<T>> => {
      setStatus({ kind: 'saving' });
      let outcome: WriteOutcome<T>;
      try {
        outcome = await save(env.transport, resource);
      } catch (err) {
        outcome = { kind: 'rejected', status: 0, message: err instanceof Error ? err.message : String(err) };
      }
      if (outcome.kind === 'saved') setStatus({ kind: 'saved' });
      else if (outcome.kind === 'retryable')
        setStatus({ kind: 'failed', reason: 'network', message: outcome.message });
      else if (outcome.kind === 'rejected')
        setStatus({ kind: 'failed', reason: 'rejected', message: outcome.message });
      else if (outcome.kind === 'expired') env.expire();
      else setStatus({ kind: 'idle' });
      return outcome;
    },
    [env],
  );
  /** A failure outside the write itself (e.g. re-reading after a 412). */
  const fail = useCallback((err: unknown) => {
    setStatus({
      kind: 'failed',
      reason: 'network',
      message: err instanceof Error ? err.message : String(err),
    });
  }, []);
  return { status, setStatus, write, fail };
}
