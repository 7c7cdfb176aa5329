import { SCOPES_SUPPORTED } from './scopes';

export interface Endpoints {
  /** http://localhost:PORT */
  origin: string;
  fhirBaseUrl: string;
}

export function authorizeUrl(origin: string): string {
  return `${origin}/auth/authorize`;
}

export function tokenUrl(origin: string): string {
  return `${origin}/auth/token`;
}

/** SMART App Launch 2.2 §Conformance: what apps discover before they authorize. */
export function smartConfiguration({ origin, fhirBaseUrl }: Endpoints): Record<string, unknown> {
  return {
    issuer: fhirBaseUrl,
    jwks_uri: `${origin}/auth/jwks`,
    authorization_endpoint: authorizeUrl(origin),
    token_endpoint: tokenUrl(origin),
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code'],
    id_token_signing_alg_values_supported: ['RS256'],
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'context-ehr-patient',
      'context-ehr-encounter',
      'context-standalone-patient',
      'context-passthrough-banner',
      'context-passthrough-style',
      'sso-openid-connect',
      'permission-offline',
      'permission-online',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
    ],
  };
}
