import type { AccessCheck } from '../contract';
import { createAccessCheck } from './access';
import type { SigningKeys } from './keys';
import { parseScopes } from './scopes';
import { verifyAccessToken, type AccessTokenClaims } from './tokens';

export type Authentication =
  | { ok: true; claims: AccessTokenClaims; access: AccessCheck }
  /** `error` is the RFC 6750 code; absent when no token was sent at all. */
  | { ok: false; error?: 'invalid_token' | 'invalid_request'; description: string };

export async function authenticate(
  authorization: string | undefined,
  keys: SigningKeys,
  fhirBaseUrl: string,
  isRevoked: (family: string) => boolean = () => false,
): Promise<Authentication> {
  if (!authorization) return { ok: false, description: 'This FHIR server needs a Bearer access token' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match)
    return { ok: false, error: 'invalid_request', description: 'Authorization must be "Bearer <token>"' };
  const claims = await verifyAccessToken(keys, match[1]!, fhirBaseUrl);
  if (!claims || (claims.sid !== undefined && isRevoked(claims.sid)))
    return {
      ok: false,
      error: 'invalid_token',
      description: 'The access token is invalid, expired or revoked',
    };
  return { ok: true, claims, access: accessFor(claims) };
}

/**
 * One access check per grant, not per request: the store keeps a search's matches per access check
 * for its next pages (repository.ts), which only pays when a token's pages meet the same one.
 */
const GRANTS_KEPT = 256;
const accessByGrant = new Map<string, AccessCheck>();

export function accessFor(claims: AccessTokenClaims): AccessCheck {
  const grant = JSON.stringify([claims.scope, claims.patient ?? null, claims.sub ?? null]);
  const known = accessByGrant.get(grant);
  if (known) return known;
  const access = createAccessCheck(parseScopes(claims.scope), claims.patient, claims.sub);
  accessByGrant.set(grant, access);
  if (accessByGrant.size > GRANTS_KEPT) accessByGrant.delete(accessByGrant.keys().next().value!);
  return access;
}

/** RFC 6750 §3 challenge for a 401. */
export function wwwAuthenticate(failure: { error?: string; description: string }): string {
  const parts = ['Bearer realm="sandbox"'];
  if (failure.error)
    parts.push(`error="${failure.error}"`, `error_description="${failure.description.replace(/"/g, "'")}"`);
  return parts.join(', ');
}
