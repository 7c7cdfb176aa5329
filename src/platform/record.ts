/**
 * The one read of the record per session (and per retry). The app page's entry starts it as soon as
 * the token arrives, outside React; `useRecord` adopts the read in flight, so neither React's
 * StrictMode (effects run twice) nor the screens arriving later can send the batches a second time.
 */
import type { NarrowedParams } from '../core/prompts/reads';
import { shareRead, type SharedRead } from '../core/record/read';
import type { Session } from './session';

/** The rules' narrowed searches: a chunk of a few kilobytes that nothing on the first screen needs. */
const narrowedReads = (): Promise<NarrowedParams | undefined> =>
  import('../core/prompts/reads.generated.json').then(
    (m) => m.default as NarrowedParams,
    () => undefined,
  );

/**
 * The narrowed searches, to be sent once the first screen is shown, and only then read: nothing the
 * first screen shows needs them. The launch page has prefetched their chunk (vite.config.ts,
 * prefetchesForLaunch), so it comes from the cache rather than queued behind the workspace's chunks
 * on the network (asked for after the first screen without that, on the 20,000-Observation record
 * the searches left 70–120 ms after the first screen instead of 20).
 */
function narrowedAfterFirstScreen(session: Session): Promise<NarrowedParams | undefined> {
  return firstScreen(session).promise.then(narrowedReads);
}

export interface ReadWith {
  /**
   * The screen shows prompts (the clinician's own launch): read the rules' narrowed searches too,
   * once the first screen is shown (`firstScreenShown`), so that on a long record the prompts need
   * not wait for its last page. Kept for the session's retries.
   */
  prompts?: boolean;
}

interface Kept {
  attempt: number;
  read: SharedRead;
  prompts: boolean;
}

const reads = new WeakMap<Session, Kept>();
/** Per session, whether its first screen has been shown, as a promise (settled for its retries too). */
const shown = new WeakMap<Session, { signal: () => void; promise: Promise<void> }>();

function firstScreen(session: Session) {
  let known = shown.get(session);
  if (!known) {
    let signal!: () => void;
    const promise = new Promise<void>((resolve) => (signal = resolve));
    known = { signal, promise };
    shown.set(session, known);
  }
  return known;
}

/**
 * The first screen of this session is on screen: what only later screens need may load now. The
 * rules' searches wait for it so that the server answers the first screen's batch without them.
 */
export function firstScreenShown(session: Session): void {
  firstScreen(session).signal();
}

/** The read already started for this session and attempt, if any. */
export function readInFlight(session: Session, attempt = 0): SharedRead | undefined {
  const known = reads.get(session);
  return known?.attempt === attempt ? known.read : undefined;
}

/**
 * This session's read for this attempt: the one in flight, or a new one. A new attempt (the user
 * asked to try again) replaces the last one.
 */
export function recordRead(session: Session, attempt = 0, options: ReadWith = {}): SharedRead {
  const known = readInFlight(session, attempt);
  if (known) return known;
  const prompts = options.prompts ?? reads.get(session)?.prompts ?? false;
  const read = shareRead(session.fhir, session.patientId, {
    canRead: (type, interaction) => session.access.can(type, interaction),
    ...(prompts ? { narrowed: narrowedAfterFirstScreen(session) } : {}),
  });
  reads.set(session, { attempt, read, prompts });
  return read;
}
