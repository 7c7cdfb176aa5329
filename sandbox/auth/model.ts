import type { ProfileName } from '../profiles';
import type { Scope } from './scopes';

/** Who is logged in to the sandbox EHR. */
export interface UserRef {
  resourceType: 'Practitioner' | 'Patient';
  id: string;
}

/** A sandbox login, set by the launcher (or the login page) and found again through a cookie. */
export interface Session {
  user: UserRef;
  /** Standalone launches have no launch context, so the launcher's cap and banner ride here. */
  grantCap?: string;
  needPatientBanner: boolean;
  /** Redirect URI origins this user allowed on the consent page; later launches to them need no click. */
  approvedOrigins?: string[];
}

/** What the EHR knows when it launches the app: the `launch` parameter points at one of these. */
export interface LaunchContext {
  /** Absent for a launch with no patient in context (the e-visit review queue: user-level scopes). */
  patient?: string;
  practitioner?: string;
  encounter?: string;
  needPatientBanner: boolean;
  /** Space-separated scope cap; undefined = grant everything well-formed that is requested. */
  grantCap?: string;
  /**
   * Who is signed in to the EHR that made this launch, when the EHR has already approved the app for
   * them (an embedded launch): authorize then asks for no login or consent, as inside a real EHR,
   * where the app's frame may not even carry the EHR's session cookie.
   */
  approvedUser?: UserRef;
  /** Sent as `smart_style_url`, so the app can match the EHR's look. */
  styleUrl?: string;
}

/** Everything an authorization decided, carried by a code and then by a refresh token. */
export interface Grant {
  clientId: string;
  /** The launch profile every token of this sign-in is served under. */
  profile?: ProfileName;
  scopes: Scope[];
  user?: UserRef;
  patient?: string;
  encounter?: string;
  needPatientBanner: boolean;
  styleUrl?: string;
  nonce?: string;
  /**
   * One sign-in: the tokens issued from one code and every refresh rotated from them share it, so a
   * replayed refresh token can revoke them all (RFC 9700 §4.14.2).
   */
  family?: string;
}

export interface IssuedCode {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
}

export function userReference(user: UserRef): string {
  return `${user.resourceType}/${user.id}`;
}
