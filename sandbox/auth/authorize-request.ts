import { isValidS256Challenge } from './pkce';
import { parseScopes, type Scope } from './scopes';
import type { ProfileName } from '../profiles';
import { parseRedirectUri, sameBaseUrl } from './urls';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  /** Well-formed requested scopes; unknown ones are dropped (never granted). */
  scopes: Scope[];
  codeChallenge: string;
  nonce?: string;
  /** The EHR launch id, if this is an EHR launch. */
  launch?: string;
  /** The launch profile whose FHIR base the app asked a token for (`aud`). */
  profile: ProfileName;
}

export type AuthorizeParse =
  /** The client cannot be trusted with a redirect: show the user a page instead. */
  | { kind: 'page-error'; message: string }
  /** RFC 6749 §4.1.2.1: the redirect_uri is sound, so the error goes back to the client. */
  | { kind: 'redirect-error'; redirectUri: string; error: string; description: string; state?: string }
  | { kind: 'ok'; request: AuthorizeRequest };

/** Checks an authorization request in the order that keeps unvalidated redirects impossible. */
export function parseAuthorizeRequest(
  query: URLSearchParams,
  fhirBaseUrl: string,
  profileOfAud: (aud: string) => ProfileName | undefined = (aud) =>
    sameBaseUrl(aud, fhirBaseUrl) ? 'default' : undefined,
): AuthorizeParse {
  if (!parseRedirectUri(query.get('redirect_uri'))) {
    return {
      kind: 'page-error',
      message:
        'The app sent a missing or invalid redirect_uri (it must be an absolute http or https URL without a fragment).',
    };
  }
  const clientId = query.get('client_id');
  if (!clientId) return { kind: 'page-error', message: 'The app sent no client_id.' };
  const aud = query.get('aud');
  const profile = aud ? profileOfAud(aud) : undefined;
  if (!profile) {
    return {
      kind: 'page-error',
      message: `The app asked for a token for a different FHIR server (aud). This sandbox only issues tokens for ${fhirBaseUrl}.`,
    };
  }
  // Kept as sent: the token request must repeat it exactly (RFC 6749 §4.1.3).
  const redirectUri = query.get('redirect_uri')!;
  const state = query.get('state') ?? undefined;
  const fail = (error: string, description: string): AuthorizeParse => ({
    kind: 'redirect-error',
    redirectUri,
    error,
    description,
    state,
  });
  if (query.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'response_type must be code');
  if (!state) return fail('invalid_request', 'state is required');
  const codeChallenge = query.get('code_challenge');
  if (!codeChallenge) return fail('invalid_request', 'PKCE code_challenge is required');
  if (query.get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'code_challenge_method must be S256');
  }
  if (!isValidS256Challenge(codeChallenge))
    return fail('invalid_request', 'code_challenge is not a base64url SHA-256');
  return {
    kind: 'ok',
    request: {
      clientId,
      redirectUri,
      state,
      scopes: parseScopes(query.get('scope')),
      codeChallenge,
      nonce: query.get('nonce') ?? undefined,
      launch: query.get('launch') ?? undefined,
      profile,
    },
  };
}
