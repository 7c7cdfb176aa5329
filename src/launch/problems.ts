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
  | 'no-patient';

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
