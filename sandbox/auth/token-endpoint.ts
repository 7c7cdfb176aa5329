import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaType, readForm } from '../http/body';
import type { Knobs } from '../http/knobs';
import { sendJson } from '../http/respond';
import type { AuthState } from './auth-state';
import { randomId } from './expiring-store';
import type { SigningKeys } from './keys';
import { userReference, type Grant } from './model';
import { verifierMatches } from './pkce';
import { formatScopes, grantScopes, hasScope, parseScopes } from './scopes';
import { issueAccessToken, issueIdToken } from './tokens';
import { profileBaseUrl, PROFILES } from '../profiles';

export interface TokenDeps {
  fhirBaseUrl: string;
  state: AuthState;
  keys: SigningKeys;
  knobs: Knobs;
}

type TokenError =
  'invalid_request' | 'invalid_grant' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

class TokenRequestError extends Error {
  constructor(
    readonly error: TokenError,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Tokens must never be cached by anything in between (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** POST /auth/token */
export async function handleToken(req: IncomingMessage, res: ServerResponse, deps: TokenDeps): Promise<void> {
  try {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      throw new TokenRequestError(
        'invalid_request',
        'The token request must be application/x-www-form-urlencoded',
      );
    }
    const form = await readForm(req);
    const grantType = form.get('grant_type');
    let grant: Grant;
    if (grantType === 'authorization_code') grant = redeemCode(form, deps.state);
    else if (grantType === 'refresh_token') grant = redeemRefreshToken(form, deps.state);
    else
      throw new TokenRequestError(
        'unsupported_grant_type',
        'grant_type must be authorization_code or refresh_token',
      );
    sendJson(res, 200, await tokenResponse(grant, deps), NO_STORE);
  } catch (err) {
    if (!(err instanceof TokenRequestError)) throw err;
    sendJson(res, 400, { error: err.error, error_description: err.description }, NO_STORE);
  }
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw new TokenRequestError('invalid_request', `${name} is required`);
  return value;
}

function redeemCode(form: URLSearchParams, state: AuthState): Grant {
  const code = required(form, 'code');
  const redirectUri = required(form, 'redirect_uri');
  const verifier = required(form, 'code_verifier');
  const clientId = required(form, 'client_id');
  // Taken before any check: a code gets one attempt, right or wrong.
  const issued = state.codes.take(code);
  if (!issued) throw new TokenRequestError('invalid_grant', 'The code is unknown, expired or already used');
  if (issued.grant.clientId !== clientId)
    throw new TokenRequestError('invalid_grant', 'The code was issued to another client');
  if (issued.redirectUri !== redirectUri)
    throw new TokenRequestError('invalid_grant', 'redirect_uri does not match the authorization request');
  if (!verifierMatches(verifier, issued.codeChallenge)) {
    throw new TokenRequestError('invalid_grant', 'code_verifier does not match the code_challenge');
  }
  return issued.grant;
}

function redeemRefreshToken(form: URLSearchParams, state: AuthState): Grant {
  const token = required(form, 'refresh_token');
  const scope = form.get('scope');
  const held = state.refreshTokens.get(token);
  if (held && scope) {
    // RFC 6749 §6: the scope asked for "MUST NOT include any scope not originally granted". Refused
    // before rotation, so a client that asked too much still holds its refresh token.
    const asked = parseScopes(scope);
    const within = new Set(grantScopes(asked, held.scopes).map((s) => s.text));
    const beyond = asked.filter((s) => !within.has(s.text)).map((s) => s.text);
    if (beyond.length) {
      throw new TokenRequestError(
        'invalid_scope',
        `Not granted at sign-in, so not refreshable: ${beyond.join(' ')}`,
      );
    }
  }
  // Rotation: the old refresh token dies now, whatever happens next.
  const previous = state.refreshTokens.take(token);
  if (!previous) {
    const replayedFamily = state.spentRefreshTokens.get(token);
    if (replayedFamily) {
      // Either the client or a thief holds a copy of a rotated token; the server cannot tell which,
      // so the whole sign-in ends (RFC 9700 §4.14.2).
      state.revokeFamily(replayedFamily);
      throw new TokenRequestError(
        'invalid_grant',
        'The refresh token was already used; every token from this sign-in is now revoked',
      );
    }
    throw new TokenRequestError('invalid_grant', 'The refresh token is unknown, expired or already used');
  }
  if (previous.family) state.spentRefreshTokens.set(token, previous.family);
  const clientId = form.get('client_id');
  if (clientId && clientId !== previous.clientId) {
    throw new TokenRequestError('invalid_grant', 'The refresh token was issued to another client');
  }
  // A refresh may narrow the scopes (checked above: never widen them); the nonce belonged to the first login.
  const scopes = scope ? grantScopes(previous.scopes, parseScopes(scope)) : previous.scopes;
  return { ...previous, scopes, nonce: undefined };
}

async function tokenResponse(issued: Grant, deps: TokenDeps): Promise<Record<string, unknown>> {
  const grant: Grant = { ...issued, family: issued.family ?? randomId() };
  const profile = PROFILES[grant.profile ?? 'default'];
  const lifetime = deps.knobs.tokenLifetimeSeconds;
  const scope = formatScopes(grant.scopes);
  const subject = grant.user ? userReference(grant.user) : undefined;
  // What the app sees: under epic-like a patient is known by a long opaque id, in every place.
  const publicSubject =
    grant.user?.resourceType === 'Patient' ? `Patient/${profile.publicPatientId(grant.user.id)}` : subject;
  const body: Record<string, unknown> = {
    access_token: await issueAccessToken(deps.keys, {
      fhirBaseUrl: deps.fhirBaseUrl,
      lifetimeSeconds: lifetime,
      claims: {
        client_id: grant.clientId,
        scope,
        patient: grant.patient,
        encounter: grant.encounter,
        sub: subject,
        sid: grant.family,
        ...(grant.profile && grant.profile !== 'default' ? { profile: grant.profile } : {}),
      },
    }),
    token_type: 'Bearer',
    expires_in: lifetime,
    scope,
    need_patient_banner: grant.needPatientBanner,
  };
  if (grant.patient) body.patient = profile.publicPatientId(grant.patient);
  if (grant.encounter) body.encounter = grant.encounter;
  if (grant.styleUrl) body.smart_style_url = grant.styleUrl;
  if (hasScope(grant.scopes, 'openid') && publicSubject) {
    body.id_token = await issueIdToken(deps.keys, {
      fhirBaseUrl: deps.fhirBaseUrl,
      userBaseUrl: profileBaseUrl(deps.fhirBaseUrl, grant.profile ?? 'default'),
      clientId: grant.clientId,
      subject: publicSubject,
      nonce: grant.nonce,
    });
  }
  if (profile.issuesRefreshToken(grant.scopes)) {
    const refreshToken = deps.state.refreshTokens.add(grant);
    deps.state.familyRefreshToken.set(grant.family!, refreshToken);
    body.refresh_token = refreshToken;
  }
  return body;
}
