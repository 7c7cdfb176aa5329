/**
 * The one read of the record per session (and per retry). The app page's entry starts it as soon as
 * the token arrives, outside React; `useRecord` adopts the read in flight, so neither React's
 * StrictMode (effects run twice) nor the screens arriving later can send the batches a second time.
 */
import type { NarrowedParams } from '../core/record/panels';
import { shareRead, type SharedRead } from '../core/record/read';
import type { Session } from './session';

let narrowing: Promise<NarrowedParams | undefined> | undefined;

/**
 * The rules' narrowed searches, a chunk of a few kilobytes kept out of the page's first JavaScript.
 * The entry asks for it before the token returns, so the read never waits for it.
 */
export function narrowedReads(): Promise<NarrowedParams | undefined> {
  narrowing ??= import('../core/prompts/reads.generated.json').then(
    (m) => m.default as NarrowedParams,
    () => undefined,
  );
  return narrowing;
}

const reads = new WeakMap<Session, { attempt: number; read: SharedRead }>();

/** The read already started for this session and attempt, if any. */
export function readInFlight(session: Session, attempt = 0): SharedRead | undefined {
  const known = reads.get(session);
  return known?.attempt === attempt ? known.read : undefined;
}

/**
 * This session's read for this attempt: the one in flight, or a new one. A new attempt (the user
 * asked to try again) replaces the last one.
 */
export function recordRead(session: Session, attempt = 0): SharedRead {
  const known = readInFlight(session, attempt);
  if (known) return known;
  const read = shareRead(session.fhir, session.patientId, {
    canRead: (type, interaction) => session.access.can(type, interaction),
    // Only the clinician's workspace runs the prompt rules.
    narrowed: session.role === 'clinician' ? narrowedReads() : undefined,
  });
  reads.set(session, { attempt, read });
  return read;
}
