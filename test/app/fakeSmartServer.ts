/**
 * An msw stand-in for a SMART server, for launch tests in jsdom (the real sandbox is exercised by
 * the browser tests). It checks what a real server checks: PKCE S256, state, aud, single-use codes.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';

export const ISS = 'https://ehr.example.org/fhir';
export const APP = 'https://app.example.org/';

export interface FakeServerOptions {
  v2?: boolean;
  grantedScope?: (requested: string) => string;
  tokenStatus?: number;
  /** The token endpoint answers this much later, as a real one does: what runs meanwhile shows. */
  tokenDelayMs?: number;
  patient?: string;
  fhirUser?: string;
  needPatientBanner?: boolean;
  /** More token response fields, e.g. smart_style_url. */
  tokenExtra?: Record<string, unknown>;
}

export interface PendingAuthorization {
  state: string;
  challenge: string;
  redirectUri: string;
  scope: string;
  aud: string;
  method: string;
}

export function parseAuthorizeUrl(url: string): PendingAuthorization {
  const u = new URL(url);
  const p = u.searchParams;
  return {
    state: p.get('state') ?? '',
    challenge: p.get('code_challenge') ?? '',
    method: p.get('code_challenge_method') ?? '',
    redirectUri: p.get('redirect_uri') ?? '',
    scope: p.get('scope') ?? '',
    aud: p.get('aud') ?? '',
  };
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function idToken(fhirUser: string): string {
  const enc = (o: object) =>
    btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${enc({ alg: 'none' })}.${enc({ fhirUser, sub: 'u1', iss: ISS, aud: 'cg' })}.`;
}

export function smartServer(opts: FakeServerOptions = {}): {
  handlers: HttpHandler[];
  issue(p: PendingAuthorization): string;
  tokenRequests: URLSearchParams[];
} {
  const codes = new Map<string, PendingAuthorization>();
  const tokenRequests: URLSearchParams[] = [];
  const handlers = [
    http.get(`${ISS}/.well-known/smart-configuration`, () =>
      HttpResponse.json({
        authorization_endpoint: 'https://ehr.example.org/auth/authorize',
        token_endpoint: 'https://ehr.example.org/auth/token',
        capabilities: [
          'launch-ehr',
          'launch-standalone',
          'client-public',
          ...(opts.v2 === false ? [] : ['permission-v2']),
        ],
        code_challenge_methods_supported: ['S256'],
      }),
    ),
    http.post('https://ehr.example.org/auth/token', async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      tokenRequests.push(form);
      if (opts.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, opts.tokenDelayMs));
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (opts.tokenStatus) return HttpResponse.json({ error: 'server_error' }, { status: opts.tokenStatus });
      if (!pending || pending.redirectUri !== form.get('redirect_uri')) {
        return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      }
      if ((await s256(form.get('code_verifier') ?? '')) !== pending.challenge) {
        return HttpResponse.json({ error: 'invalid_grant', error_description: 'PKCE' }, { status: 400 });
      }
      const scope = opts.grantedScope ? opts.grantedScope(pending.scope) : pending.scope;
      return HttpResponse.json({
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 3600,
        scope,
        patient: opts.patient ?? 'p1',
        id_token: idToken(opts.fhirUser ?? `${ISS}/Practitioner/dr1`),
        ...(opts.needPatientBanner === undefined ? {} : { need_patient_banner: opts.needPatientBanner }),
        ...opts.tokenExtra,
      });
    }),
  ];
  return {
    handlers,
    tokenRequests,
    issue(p) {
      const code = `code-${codes.size + 1}-${Math.random().toString(36).slice(2)}`;
      codes.set(code, p);
      return code;
    },
  };
}
