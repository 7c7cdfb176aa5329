import { jwtVerify, SignJWT } from 'jose';
import { randomId } from './expiring-store';
import { SIGNING_ALG, type SigningKeys } from './keys';

/** RFC 9068 type: keeps an id_token (typ JWT, aud = client) from being replayed as an access token. */
const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenClaims {
  client_id: string;
  scope: string;
  patient?: string;
  encounter?: string;
  /** `Practitioner/<id>` or `Patient/<id>` */
  sub?: string;
  /** The sign-in (refresh token family) it belongs to, so revoking one ends its access tokens too. */
  sid?: string;
  /** The launch profile (absent: default) whose FHIR base alone accepts the token. */
  profile?: string;
}

export interface IssueAccessToken {
  fhirBaseUrl: string;
  lifetimeSeconds: number;
  claims: AccessTokenClaims;
  now?: number;
}

export async function issueAccessToken(keys: SigningKeys, input: IssueAccessToken): Promise<string> {
  const nowMs = input.now ?? Date.now();
  const { sub, ...rest } = input.claims;
  const jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(input.fhirBaseUrl)
    .setAudience(input.fhirBaseUrl)
    .setIssuedAt(Math.floor(nowMs / 1000))
    // Fractional seconds (allowed by RFC 7519 NumericDate) so a 1-second token lives 1 second,
    // not anywhere from 0 to 1 depending on where in the second it was issued.
    .setExpirationTime((nowMs + input.lifetimeSeconds * 1000) / 1000)
    .setJti(randomId());
  if (sub) jwt.setSubject(sub);
  return jwt.sign(keys.privateKey);
}

/**
 * Tokens already verified, per signing key: the RS256 check was half the sandbox's CPU per search
 * (bench/sandbox.ts), and an app sends the same token with every request. A hit still checks
 * `exp`; revocation is checked by the caller on every request, so caching the claims cannot
 * outlive a sign-out. Bounded: the oldest entry goes first.
 */
const verified = new WeakMap<SigningKeys, Map<string, { claims: AccessTokenClaims; expMs: number }>>();
const MAX_CACHED_TOKENS = 1000;

/** Undefined for anything that is not a live access token this sandbox issued. */
export async function verifyAccessToken(
  keys: SigningKeys,
  token: string,
  fhirBaseUrl: string,
  now: number = Date.now(),
): Promise<AccessTokenClaims | undefined> {
  let cache = verified.get(keys);
  if (!cache) verified.set(keys, (cache = new Map()));
  // The audience is part of the key: a token is only good at the base it was issued for.
  const key = `${fhirBaseUrl} ${token}`;
  const hit = cache.get(key);
  if (hit) {
    if (hit.expMs > now) return hit.claims;
    cache.delete(key);
    return undefined;
  }
  const claims = await verifyUncached(keys, token, fhirBaseUrl, now);
  if (claims) {
    if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value!);
    cache.set(key, claims);
  }
  return claims?.claims;
}

async function verifyUncached(
  keys: SigningKeys,
  token: string,
  fhirBaseUrl: string,
  now: number,
): Promise<{ claims: AccessTokenClaims; expMs: number } | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: [SIGNING_ALG],
      issuer: fhirBaseUrl,
      audience: fhirBaseUrl,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['exp', 'client_id', 'scope'],
    });
    // jose compares whole seconds; this keeps sub-second lifetimes exact.
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return undefined;
    if (typeof payload.client_id !== 'string' || typeof payload.scope !== 'string') return undefined;
    const claims: AccessTokenClaims = {
      client_id: payload.client_id,
      scope: payload.scope,
      patient: typeof payload.patient === 'string' ? payload.patient : undefined,
      encounter: typeof payload.encounter === 'string' ? payload.encounter : undefined,
      sub: payload.sub,
      sid: typeof payload.sid === 'string' ? payload.sid : undefined,
      profile: typeof payload.profile === 'string' ? payload.profile : undefined,
    };
    return { claims: Object.freeze(claims), expMs: payload.exp * 1000 };
  } catch {
    return undefined;
  }
}

/** id_tokens outlive short test access tokens so a client can still verify one it just received. */
const ID_TOKEN_LIFETIME_SECONDS = 3600;

export interface IssueIdToken {
  fhirBaseUrl: string;
  /** The FHIR base `fhirUser` points into (a launch profile's); default `fhirBaseUrl`. */
  userBaseUrl?: string;
  clientId: string;
  /** `Practitioner/<id>` or `Patient/<id>` */
  subject: string;
  nonce?: string;
  now?: number;
}

export async function issueIdToken(keys: SigningKeys, input: IssueIdToken): Promise<string> {
  const iat = Math.floor((input.now ?? Date.now()) / 1000);
  const claims: Record<string, string> = {
    fhirUser: `${input.userBaseUrl ?? input.fhirBaseUrl}/${input.subject}`,
  };
  if (input.nonce) claims.nonce = input.nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid, typ: 'JWT' })
    .setIssuer(input.fhirBaseUrl)
    .setAudience(input.clientId)
    .setSubject(input.subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_LIFETIME_SECONDS)
    .sign(keys.privateKey);
}
