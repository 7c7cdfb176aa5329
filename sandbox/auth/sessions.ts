import type { IncomingMessage } from 'node:http';
import { readCookie, sessionCookie } from '../http/cookies';
import type { AuthState } from './auth-state';
import type { Session } from './model';

export const SESSION_COOKIE = 'cg_sandbox_session';
const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function currentSession(req: IncomingMessage, state: AuthState): Session | undefined {
  return state.sessions.get(readCookie(req, SESSION_COOKIE));
}

/** Logs someone in to the sandbox EHR; returns the Set-Cookie header value. */
export function startSession(state: AuthState, session: Session): string {
  const id = state.sessions.add(session);
  return sessionCookie(SESSION_COOKIE, id, { maxAgeSeconds: SESSION_MAX_AGE_SECONDS });
}
