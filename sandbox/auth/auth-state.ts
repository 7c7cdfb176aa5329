import { ExpiringStore } from './expiring-store';
import type { AuthorizeRequest } from './authorize-request';
import type { Grant, IssuedCode, LaunchContext, Session } from './model';

/** An authorization request waiting for the user to pick who they are and press Allow or Deny. */
export interface PendingAuthorization {
  request: AuthorizeRequest;
  launch?: LaunchContext;
  session?: Session;
  choose: 'practitioner' | 'patient';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Everything the authorization server remembers; all of it in memory, all of it expiring. */
export class AuthState {
  /** Launch ids stay valid for a working session so reloading the app can re-authorize. */
  readonly launches = new ExpiringStore<LaunchContext>(12 * HOUR);
  readonly sessions = new ExpiringStore<Session>(12 * HOUR);
  /** SMART asks for short-lived codes; 60 s is plenty for a redirect and a token call. */
  readonly codes = new ExpiringStore<IssuedCode>(MINUTE);
  readonly pending = new ExpiringStore<PendingAuthorization>(15 * MINUTE);
  readonly refreshTokens = new ExpiringStore<Grant>(30 * 24 * HOUR);
  /** Spent (rotated) refresh token → its family: presenting one again is a replay. */
  readonly spentRefreshTokens = new ExpiringStore<string>(30 * 24 * HOUR);
  /** Family → its one live refresh token. */
  readonly familyRefreshToken = new ExpiringStore<string>(30 * 24 * HOUR);
  /** Families revoked after a replay: their access tokens stop working too. */
  readonly revokedFamilies = new ExpiringStore<true>(30 * 24 * HOUR);

  /** Ends a sign-in: its live refresh token dies and its access tokens are refused from now on. */
  revokeFamily(family: string): void {
    this.refreshTokens.take(this.familyRefreshToken.take(family));
    this.revokedFamilies.set(family, true);
  }
}
