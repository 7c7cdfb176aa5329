import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSandbox, type FakeSandbox } from './support/fake-sandbox';
import {
  authorize,
  bearer,
  fullLaunch,
  launch,
  pkce,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
  token,
} from './support/smart-test-client';

const JSON_TYPE = { 'content-type': 'application/json' };

const EHR_SCOPES = 'launch openid fhirUser patient/Goal.cruds patient/Patient.rs';

let sb: FakeSandbox;
beforeAll(async () => {
  sb = await startFakeSandbox();
});
afterAll(() => sb.close());
beforeEach(async () => {
  await fetch(`${sb.url}/sandbox/reset`, { method: 'POST', headers: JSON_TYPE });
});

describe('discovery', () => {
  it('serves smart-configuration with the SMART 2.2 fields', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/.well-known/smart-configuration`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const config = (await res.json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      issuer: sb.fhirBaseUrl,
      jwks_uri: `${sb.url}/auth/jwks`,
      authorization_endpoint: `${sb.url}/auth/authorize`,
      token_endpoint: `${sb.url}/auth/token`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: ['code'],
    });
    expect(config.capabilities).toEqual(
      expect.arrayContaining([
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
      ]),
    );
    expect(sb.url).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('serves /metadata without a token', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/metadata`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('CapabilityStatement');
  });
});

describe('EHR launch', () => {
  it('runs launcher → authorize → code → token with PKCE and context', async () => {
    const { tokens, launchId, auth } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: EHR_SCOPES,
      patient: 'p-alice',
    });
    expect(launchId).toBeTruthy();
    expect(auth.location?.origin + auth.location!.pathname).toBe(TEST_REDIRECT_URI);
    expect(auth.location?.searchParams.get('state')).toBe(auth.state);
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: EHR_SCOPES,
      patient: 'p-alice',
      need_patient_banner: true,
    });
    expect(tokens.json.refresh_token).toBeUndefined();
    const goal = await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: bearer(tokens.json.access_token) });
    expect(goal.status).toBe(200);
  });

  it('issues an id_token that verifies against /auth/jwks with an absolute fhirUser', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: EHR_SCOPES,
      patient: 'p-alice',
      nonce: 'n-123',
    });
    const jwks = (await (await fetch(`${sb.url}/auth/jwks`)).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(
      String(tokens.json.id_token),
      createLocalJWKSet(jwks),
      {
        issuer: sb.fhirBaseUrl,
        audience: TEST_CLIENT_ID,
      },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.fhirUser).toBe(`${sb.fhirBaseUrl}/Practitioner/cg-dr-lee`);
    expect(payload.sub).toBe('Practitioner/cg-dr-lee');
    expect(payload.nonce).toBe('n-123');
    expect(typeof payload.exp).toBe('number');
    expect(typeof payload.iat).toBe('number');
  });

  it('omits the id_token without openid', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch patient/Goal.rs',
      patient: 'p-alice',
    });
    expect(tokens.json.id_token).toBeUndefined();
  });

  it('honours banner=0 and a chosen practitioner', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: EHR_SCOPES,
      patient: 'p-bob',
      banner: '0',
      practitioner: 'dr-other',
    });
    expect(tokens.json).toMatchObject({ patient: 'p-bob', need_patient_banner: false });
    expect(decodeJwt(String(tokens.json.id_token)).fhirUser).toBe(`${sb.fhirBaseUrl}/Practitioner/dr-other`);
  });

  it('narrows the granted scope with the launcher grant cap and enforces it', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: EHR_SCOPES,
      patient: 'p-alice',
      grant: 'patient/*.rs',
    });
    expect(tokens.json.scope).toBe('launch openid fhirUser patient/Goal.rs patient/Patient.rs');
    const write = await fetch(`${sb.fhirBaseUrl}/Goal`, {
      method: 'POST',
      headers: { ...bearer(tokens.json.access_token), 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Goal', subject: { reference: 'Patient/p-alice' } }),
    });
    expect(write.status).toBe(403);
  });

  it('rejects an unknown launch id with invalid_request', async () => {
    const { cookie } = await launch(sb.url, { role: 'clinician', patient: 'p-alice' });
    const auth = await authorize(sb.url, {
      fhirBaseUrl: sb.fhirBaseUrl,
      scope: EHR_SCOPES,
      launch: 'nope',
      cookie,
    });
    expect(auth.res.status).toBe(302);
    expect(auth.location?.searchParams.get('error')).toBe('invalid_request');
    expect(auth.location?.searchParams.get('state')).toBe(auth.state);
  });
});

describe('authorize validation', () => {
  it('shows an error page and never redirects on an aud mismatch', async () => {
    const { cookie, location } = await launch(sb.url, { role: 'clinician', patient: 'p-alice' });
    const auth = await authorize(sb.url, {
      fhirBaseUrl: 'http://evil.example/fhir',
      scope: EHR_SCOPES,
      launch: location?.searchParams.get('launch') ?? undefined,
      cookie,
    });
    expect(auth.res.status).toBe(400);
    expect(auth.res.headers.get('location')).toBeNull();
    expect(auth.body).toContain('different FHIR server');
  });

  it('shows an error page for a missing or non-http redirect_uri', async () => {
    for (const redirect of [undefined, 'javascript:alert(1)', '/relative', 'http://localhost:5173/cb#frag']) {
      const auth = await authorize(sb.url, {
        fhirBaseUrl: sb.fhirBaseUrl,
        scope: EHR_SCOPES,
        override: { redirect_uri: redirect },
      });
      expect(auth.res.status, String(redirect)).toBe(400);
      expect(auth.res.headers.get('location')).toBeNull();
    }
  });

  it('redirects with invalid_request when PKCE is missing or plain, or state is missing', async () => {
    const cases: Record<string, string | undefined>[] = [
      { code_challenge: undefined },
      { code_challenge_method: 'plain' },
      { code_challenge_method: undefined },
      { state: undefined },
    ];
    for (const override of cases) {
      const auth = await authorize(sb.url, { fhirBaseUrl: sb.fhirBaseUrl, scope: EHR_SCOPES, override });
      expect(auth.res.status, JSON.stringify(override)).toBe(302);
      expect(auth.location?.searchParams.get('error'), JSON.stringify(override)).toBe('invalid_request');
      expect(auth.location?.searchParams.get('code')).toBeNull();
    }
  });

  it('rejects response_type other than code', async () => {
    const auth = await authorize(sb.url, {
      fhirBaseUrl: sb.fhirBaseUrl,
      scope: EHR_SCOPES,
      override: { response_type: 'token' },
    });
    expect(auth.location?.searchParams.get('error')).toBe('unsupported_response_type');
  });
});

describe('login and consent without a session', () => {
  async function consentFor(scope: string, launchId?: string) {
    const auth = await authorize(sb.url, { fhirBaseUrl: sb.fhirBaseUrl, scope, launch: launchId });
    expect(auth.res.status).toBe(200);
    const requestId = /name="request" value="([^"]+)"/.exec(auth.body)?.[1];
    expect(requestId).toBeTruthy();
    return { ...auth, requestId: requestId! };
  }

  async function submit(form: Record<string, string>) {
    const res = await fetch(`${sb.url}/auth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    await res.text();
    return { res, location: res.headers.get('location') ? new URL(res.headers.get('location')!) : undefined };
  }

  it('shows a clinician chooser for an EHR launch and Deny answers access_denied', async () => {
    const launched = await launch(sb.url, { role: 'clinician', patient: 'p-alice' });
    const consent = await consentFor(EHR_SCOPES, launched.location?.searchParams.get('launch') ?? undefined);
    expect(consent.body).toContain('name="practitioner"');
    expect(consent.body).toContain('Dr Sam Lee (cg-dr-lee)');
    expect(consent.body).toMatch(/<button[^>]*value="allow"[^>]*>Allow<\/button>/);
    const denied = await submit({ request: consent.requestId, decision: 'deny' });
    expect(denied.res.status).toBe(302);
    expect(denied.location?.searchParams.get('error')).toBe('access_denied');
    expect(denied.location?.searchParams.get('state')).toBe(consent.state);
    // The pending request is single use.
    const again = await submit({ request: consent.requestId, decision: 'allow', practitioner: 'cg-dr-lee' });
    expect(again.res.status).toBe(400);
  });

  it('Allow on the patient picker issues a code for the chosen patient and logs them in', async () => {
    const consent = await consentFor('openid fhirUser launch/patient patient/*.rs');
    expect(consent.body).toContain('name="patient"');
    const allowed = await submit({ request: consent.requestId, decision: 'allow', patient: 'p-bob' });
    expect(allowed.res.status).toBe(302);
    expect(allowed.res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const code = allowed.location?.searchParams.get('code');
    const tokens = await token(sb.url, {
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: TEST_REDIRECT_URI,
      code_verifier: consent.pkce.verifier,
      client_id: TEST_CLIENT_ID,
    });
    expect(tokens.json.patient).toBe('p-bob');
    expect(decodeJwt(String(tokens.json.id_token)).fhirUser).toBe(`${sb.fhirBaseUrl}/Patient/p-bob`);
  });

  it('escapes a hostile patient name on the picker', async () => {
    const consent = await consentFor('launch/patient patient/*.rs');
    expect(consent.body).not.toContain('<script>alert');
    expect(consent.body).not.toContain('<img src=x');
    expect(consent.body).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
  });

  it('escapes a hostile client_id and scope on the consent page', async () => {
    const auth = await authorize(sb.url, {
      fhirBaseUrl: sb.fhirBaseUrl,
      scope: 'launch/patient patient/Goal.rs?x=<b>',
      clientId: '<script>x()</script>',
    });
    expect(auth.body).not.toContain('<script>x()');
    expect(auth.body).not.toContain('<b>');
  });
});

describe('standalone patient launch', () => {
  it('uses the portal session for the patient, with no launch parameter', async () => {
    const launched = await launch(sb.url, { role: 'patient', patient: 'p-alice' });
    expect(launched.location?.searchParams.get('launch')).toBeNull();
    const auth = await authorize(sb.url, {
      fhirBaseUrl: sb.fhirBaseUrl,
      scope: 'openid fhirUser launch/patient patient/*.rs',
      cookie: launched.cookie,
    });
    expect(auth.res.status).toBe(302);
    const tokens = await token(sb.url, {
      grant_type: 'authorization_code',
      code: auth.location!.searchParams.get('code')!,
      redirect_uri: TEST_REDIRECT_URI,
      code_verifier: auth.pkce.verifier,
      client_id: TEST_CLIENT_ID,
    });
    expect(tokens.json).toMatchObject({
      patient: 'p-alice',
      scope: 'openid fhirUser launch/patient patient/*.rs',
    });
    expect(decodeJwt(String(tokens.json.id_token)).fhirUser).toBe(`${sb.fhirBaseUrl}/Patient/p-alice`);
  });

  it('applies the grant cap from the portal session', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      role: 'patient',
      scope: 'launch/patient patient/Goal.cruds',
      patient: 'p-alice',
      grant: 'patient/Goal.rs',
    });
    expect(tokens.json.scope).toBe('launch/patient patient/Goal.rs');
  });
});

describe('token endpoint', () => {
  async function codeFor(scope = EHR_SCOPES) {
    const launched = await launch(sb.url, { role: 'clinician', patient: 'p-alice' });
    const auth = await authorize(sb.url, {
      fhirBaseUrl: sb.fhirBaseUrl,
      scope,
      launch: launched.location?.searchParams.get('launch') ?? undefined,
      cookie: launched.cookie,
    });
    return { code: auth.location!.searchParams.get('code')!, verifier: auth.pkce.verifier };
  }
  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    token(sb.url, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_REDIRECT_URI,
      code_verifier: verifier,
      client_id: TEST_CLIENT_ID,
      ...extra,
    });

  it('rejects a wrong verifier with invalid_grant, and burns the code', async () => {
    const { code, verifier } = await codeFor();
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_grant');
    expect((await exchange(code, verifier)).json.error).toBe('invalid_grant');
  });

  it('rejects code reuse with invalid_grant', async () => {
    const { code, verifier } = await codeFor();
    expect((await exchange(code, verifier)).status).toBe(200);
    const reuse = await exchange(code, verifier);
    expect(reuse.status).toBe(400);
    expect(reuse.json.error).toBe('invalid_grant');
  });

  it('binds the code to redirect_uri and client_id', async () => {
    const a = await codeFor();
    expect(
      (await exchange(a.code, a.verifier, { redirect_uri: 'http://localhost:5173/other' })).json.error,
    ).toBe('invalid_grant');
    const b = await codeFor();
    expect((await exchange(b.code, b.verifier, { client_id: 'someone-else' })).json.error).toBe(
      'invalid_grant',
    );
  });

  it('answers RFC 6749 errors for malformed requests', async () => {
    expect((await token(sb.url, { grant_type: 'password' })).json.error).toBe('unsupported_grant_type');
    expect((await token(sb.url, { grant_type: 'authorization_code' })).json.error).toBe('invalid_request');
    const json = await fetch(`${sb.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('issues and rotates refresh tokens only when offline_access was granted', async () => {
    const first = await codeFor(`${EHR_SCOPES} offline_access`);
    const tokens = await exchange(first.code, first.verifier);
    const refresh1 = String(tokens.json.refresh_token);
    expect(refresh1.length).toBeGreaterThan(20);
    const refreshed = await token(sb.url, { grant_type: 'refresh_token', refresh_token: refresh1 });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ patient: 'p-alice', token_type: 'Bearer' });
    expect(refreshed.json.scope).toBe(tokens.json.scope);
    expect(refreshed.json.refresh_token).toBeTruthy();
    expect(refreshed.json.refresh_token).not.toBe(refresh1);
    expect(refreshed.json.access_token).not.toBe(tokens.json.access_token);
    const next = await token(sb.url, {
      grant_type: 'refresh_token',
      refresh_token: String(refreshed.json.refresh_token),
    });
    expect(next.status).toBe(200);
  });

  it('refuses a refresh asking for scopes beyond the grant with invalid_scope, and lets it narrow (RFC 6749 §6)', async () => {
    const first = await codeFor(`${EHR_SCOPES} offline_access`);
    const tokens = await exchange(first.code, first.verifier);
    const refresh = String(tokens.json.refresh_token);
    const wider = await token(sb.url, {
      grant_type: 'refresh_token',
      refresh_token: refresh,
      scope: 'patient/Goal.cruds patient/Observation.rs user/*.cruds',
    });
    expect(wider.status).toBe(400);
    expect(wider.json.error).toBe('invalid_scope');
    expect(String(wider.json.error_description)).toContain('patient/Observation.rs user/*.cruds');
    // The refused request did not spend the token: the client can still refresh, here narrower.
    const narrower = await token(sb.url, {
      grant_type: 'refresh_token',
      refresh_token: refresh,
      scope: 'openid patient/Goal.rs',
    });
    expect(narrower.status).toBe(200);
    expect(narrower.json.scope).toBe('openid patient/Goal.rs');
  });

  it('revokes the whole sign-in when a rotated refresh token comes back (RFC 9700 §4.14.2)', async () => {
    const first = await codeFor(`${EHR_SCOPES} offline_access`);
    const tokens = await exchange(first.code, first.verifier);
    const refresh1 = String(tokens.json.refresh_token);
    const refreshed = await token(sb.url, { grant_type: 'refresh_token', refresh_token: refresh1 });
    expect(refreshed.status).toBe(200);
    const live = bearer(refreshed.json.access_token);
    expect((await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: live })).status).toBe(200);

    const replayed = await token(sb.url, { grant_type: 'refresh_token', refresh_token: refresh1 });
    expect(replayed.status).toBe(400);
    expect(replayed.json.error).toBe('invalid_grant');
    const newest = await token(sb.url, {
      grant_type: 'refresh_token',
      refresh_token: String(refreshed.json.refresh_token),
    });
    expect(newest.status).toBe(400);
    expect((await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: live })).status).toBe(401);
    expect(
      (await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: bearer(tokens.json.access_token) })).status,
    ).toBe(401);

    // Another sign-in of the same user and client is untouched.
    const other = await codeFor(`${EHR_SCOPES} offline_access`);
    const otherTokens = await exchange(other.code, other.verifier);
    const otherHeaders = bearer(otherTokens.json.access_token);
    expect((await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: otherHeaders })).status).toBe(200);
  });

  it('issues refresh tokens for online_access too, and none without either', async () => {
    const online = await codeFor(`${EHR_SCOPES} online_access`);
    expect((await exchange(online.code, online.verifier)).json.refresh_token).toBeTruthy();
    const none = await codeFor(EHR_SCOPES);
    expect((await exchange(none.code, none.verifier)).json.refresh_token).toBeUndefined();
  });
});

describe('resource access', () => {
  it('answers 401 with WWW-Authenticate and an OperationOutcome without a valid token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Basic abc' },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    }
  });

  it('does not accept an id_token as an access token', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, { scope: EHR_SCOPES, patient: 'p-alice' });
    const res = await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: bearer(tokens.json.id_token) });
    expect(res.status).toBe(401);
  });

  it('rejects an access token after it expires', async () => {
    await fetch(`${sb.url}/sandbox/knobs`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ tokenLifetimeSeconds: 1 }),
    });
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, { scope: EHR_SCOPES, patient: 'p-alice' });
    expect(tokens.json.expires_in).toBe(1);
    expect(
      (await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: bearer(tokens.json.access_token) })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const late = await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: bearer(tokens.json.access_token) });
    expect(late.status).toBe(401);
    expect(late.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('answers 403 outside the granted scopes and outside the patient compartment', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch patient/Goal.rs',
      patient: 'p-alice',
    });
    const h = bearer(tokens.json.access_token);
    expect((await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: h })).status).toBe(200);
    expect((await fetch(`${sb.fhirBaseUrl}/Goal/g-bob`, { headers: h })).status).toBe(403);
    expect((await fetch(`${sb.fhirBaseUrl}/Patient/p-alice`, { headers: h })).status).toBe(403);
    const search = (await (await fetch(`${sb.fhirBaseUrl}/Goal`, { headers: h })).json()) as {
      total: number;
    };
    expect(search.total).toBe(1);
  });

  it('lets user/ scopes reach other patients', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch user/Goal.rs',
      patient: 'p-alice',
    });
    expect(
      (await fetch(`${sb.fhirBaseUrl}/Goal/g-bob`, { headers: bearer(tokens.json.access_token) })).status,
    ).toBe(200);
  });
});
