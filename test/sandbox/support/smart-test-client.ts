/**
 * What a SMART app does, reduced to fetch calls, so tests can drive the sandbox end to end without a
 * browser: launcher → authorize (with the session cookie) → code → token with PKCE.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TEST_CLIENT_ID = 'common-ground-test';
export const TEST_REDIRECT_URI = 'http://localhost:5173/callback';
export const TEST_LAUNCH_URI = 'http://localhost:5173/launch/';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface LauncherResult {
  status: number;
  location?: URL;
  /** `name=value` of the session cookie, ready for a Cookie header. */
  cookie?: string;
  setCookie?: string;
}

export async function launch(baseUrl: string, params: Record<string, string>): Promise<LauncherResult> {
  const url = new URL('/launcher', baseUrl);
  for (const [k, v] of Object.entries({ launch_uri: TEST_LAUNCH_URI, ...params })) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  await res.text();
  const setCookie = res.headers.getSetCookie()[0];
  const location = res.headers.get('location');
  return {
    status: res.status,
    location: location ? new URL(location) : undefined,
    setCookie,
    cookie: setCookie?.split(';')[0],
  };
}

export interface AuthorizeOptions {
  fhirBaseUrl: string;
  scope: string;
  launch?: string;
  cookie?: string;
  pkce?: Pkce;
  state?: string;
  nonce?: string;
  clientId?: string;
  redirectUri?: string;
  /** Parameter overrides; undefined deletes. */
  override?: Record<string, string | undefined>;
}

export function authorizeUrl(baseUrl: string, o: AuthorizeOptions & { pkce: Pkce; state: string }): URL {
  const url = new URL('/auth/authorize', baseUrl);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: o.clientId ?? TEST_CLIENT_ID,
    redirect_uri: o.redirectUri ?? TEST_REDIRECT_URI,
    scope: o.scope,
    state: o.state,
    aud: o.fhirBaseUrl,
    launch: o.launch,
    nonce: o.nonce,
    code_challenge: o.pkce.challenge,
    code_challenge_method: 'S256',
    ...o.override,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

export async function authorize(
  baseUrl: string,
  o: AuthorizeOptions,
): Promise<{ res: Response; body: string; pkce: Pkce; state: string; location?: URL }> {
  const p = o.pkce ?? pkce();
  const state = o.state ?? randomBytes(24).toString('base64url');
  const res = await fetch(authorizeUrl(baseUrl, { ...o, pkce: p, state }), {
    redirect: 'manual',
    headers: o.cookie ? { cookie: o.cookie } : {},
  });
  const location = res.headers.get('location');
  return { res, body: await res.text(), pkce: p, state, location: location ? new URL(location) : undefined };
}

export async function token(
  baseUrl: string,
  form: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(new URL('/auth/token', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export type AuthorizeResult = Awaited<ReturnType<typeof authorize>>;

/** The code an authorize answer redirected with, exchanged as the app does (PKCE verifier, redirect URI). */
export async function exchangeCode(baseUrl: string, auth: AuthorizeResult) {
  const code = auth.location?.searchParams.get('code');
  if (!code) return undefined;
  return token(baseUrl, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_REDIRECT_URI,
    code_verifier: auth.pkce.verifier,
    client_id: TEST_CLIENT_ID,
  });
}

export interface LaunchFlowOptions {
  scope: string;
  patient: string;
  role?: 'clinician' | 'patient';
  grant?: string;
  banner?: '0' | '1';
  practitioner?: string;
  nonce?: string;
}

/** The whole dance; returns the token response and what it took to get it. */
export async function fullLaunch(baseUrl: string, fhirBaseUrl: string, o: LaunchFlowOptions) {
  const launched = await launch(baseUrl, {
    role: o.role ?? 'clinician',
    patient: o.patient,
    ...(o.grant ? { grant: o.grant } : {}),
    ...(o.banner ? { banner: o.banner } : {}),
    ...(o.practitioner ? { practitioner: o.practitioner } : {}),
  });
  if (launched.status !== 302 || !launched.location) throw new Error(`launcher answered ${launched.status}`);
  const launchId = launched.location.searchParams.get('launch') ?? undefined;
  const auth = await authorize(baseUrl, {
    fhirBaseUrl,
    scope: o.scope,
    launch: launchId,
    cookie: launched.cookie,
    nonce: o.nonce,
  });
  const tokens = await exchangeCode(baseUrl, auth);
  if (!tokens)
    throw new Error(
      `authorize answered ${auth.res.status} ${auth.location?.toString() ?? auth.body.slice(0, 200)}`,
    );
  return { launched, launchId, auth, code: auth.location?.searchParams.get('code') ?? '', tokens };
}

export function bearer(accessToken: unknown): { authorization: string } {
  return { authorization: `Bearer ${String(accessToken)}` };
}
