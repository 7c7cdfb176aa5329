/** Everything that can stop a launch, as data: the pages render these, tests assert on them. */

export type ProblemKind =
  | 'no-launch'
  | 'missing-iss'
  | 'unknown-iss'
  | 'config'
  | 'discovery-failed'
  | 'access-denied'
  | 'auth-error'
  | 'token-failed'
  | 'session-expired'
  | 'no-patient'
  /** The browser refused the storage a sign-in needs (e.g. in a frame from another site) and nothing was handed over. */
  | 'storage-blocked'
  /** Anything else that stopped the launch page; the detail says what. */
  | 'launch-failed';

export interface LaunchProblem {
  kind: ProblemKind;
  /** The server the launch was for, when known; used for "start again" links and messages. */
  iss?: string;
  /** Technical detail for IT, never shown as the main message (it may be the server's text). */
  detail?: string;
}

export class LaunchProblemError extends Error {
  constructor(readonly problem: LaunchProblem) {
    super(`${problem.kind}${problem.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'LaunchProblemError';
  }
}

export function problem(kind: ProblemKind, extra: Omit<LaunchProblem, 'kind'> = {}): LaunchProblemError {
  return new LaunchProblemError({ kind, ...extra });
}

/** Adds the config.json entries that were left out to the detail IT sees, whatever the problem. */
export function withIgnoredEntries(p: LaunchProblem, ignored: readonly string[]): LaunchProblem {
  if (ignored.length === 0) return p;
  const list = `config.json entries that were ignored:\n${ignored.map((i) => `- ${i}`).join('\n')}`;
  return { ...p, detail: p.detail ? `${p.detail}\n\n${list}` : list };
}
