import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/core/smart/config';
import type { LaunchProblemError } from '../../src/launch/problems';
import { APP, ISS, parseAuthorizeUrl, smartServer, type FakeServerOptions } from './fakeSmartServer';

const config = parseConfig({ servers: [{ iss: ISS, clientId: 'cg' }] });
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function goTo(url: string) {
  window.history.replaceState({}, '', url);
}

// fhirclient reads the page URL once per page load; each phase of a launch is a new page load, so
// each gets fresh modules.
async function planLaunch(...args: Parameters<typeof import('../../src/launch/start').planLaunch>) {
  vi.resetModules();
  return (await import('../../src/launch/start')).planLaunch(...args);
}
async function authorize(...args: Parameters<typeof import('../../src/launch/start').authorize>) {
  return (await import('../../src/launch/start')).authorize(...args);
}
async function openSession() {
  vi.resetModules();
  return (await import('../../src/platform/session')).openSession();
}

async function problemOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect((err as Error).name).toBe('LaunchProblemError');
  return (err as LaunchProblemError).problem;
}

/** Runs the launch page, the (fake) authorization server and the app page's ready(). */
async function launchThrough(launchQuery: string, opts: FakeServerOptions = {}) {
  const smart = smartServer(opts);
  server.use(...smart.handlers);
  const plan = await planLaunch(new URL(`${APP}launch/?${launchQuery}`), config);
  let navigatedTo = '';
  await authorize(plan, (u) => (navigatedTo = u));
  const pending = parseAuthorizeUrl(navigatedTo);
  const code = smart.issue(pending);
  goTo(`${pending.redirectUri}?code=${code}&state=${pending.state}`);
  return { plan, pending, navigatedTo, smart, session: await openSession() };
}

describe('launch page', () => {
  it('refuses a launch without iss', async () => {
    expect((await problemOf(planLaunch(new URL(`${APP}launch/?launch=abc`), config))).kind).toBe(
      'missing-iss',
    );
  });

  it('refuses an iss that is not configured, without contacting it', async () => {
    const p = await problemOf(
      planLaunch(new URL(`${APP}launch/?iss=https://evil.example/fhir&launch=1`), config),
    );
    expect(p).toMatchObject({ kind: 'unknown-iss', iss: 'https://evil.example/fhir' });
  });

  it('says so when the server cannot be reached', async () => {
    server.use(
      http.get(`${ISS}/.well-known/smart-configuration`, () => HttpResponse.error()),
      http.get(`${ISS}/metadata`, () => HttpResponse.error()),
    );
    const p = await problemOf(planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent(ISS)}`), config));
    expect(p.kind).toBe('discovery-failed');
  });

  it('asks for v2 scopes, PKCE S256, a long state and the launch context on an EHR launch', async () => {
    server.use(...smartServer().handlers);
    const plan = await planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent(ISS)}&launch=L1`), config);
    let url = '';
    await authorize(plan, (u) => (url = u));
    const a = new URL(url);
    expect(a.origin + a.pathname).toBe('https://ehr.example.org/auth/authorize');
    expect(a.searchParams.get('launch')).toBe('L1');
    expect(a.searchParams.get('aud')).toBe(ISS);
    expect(a.searchParams.get('client_id')).toBe('cg');
    expect(a.searchParams.get('code_challenge_method')).toBe('S256');
    expect(a.searchParams.get('redirect_uri')).toBe(APP);
    expect(a.searchParams.get('state')).toMatch(/^[0-9a-f]{64}$/);
    const scope = a.searchParams.get('scope')!.split(' ');
    expect(scope).toEqual(
      expect.arrayContaining(['launch', 'openid', 'fhirUser', 'patient/Goal.crus', 'patient/Condition.rs']),
    );
    expect(scope).not.toContain('launch/patient');
  });

  it('asks for launch/patient and v1 scopes from a standalone launch on a server without permission-v2', async () => {
    server.use(...smartServer({ v2: false }).handlers);
    const plan = await planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent(ISS)}`), config);
    expect(plan.kind).toBe('standalone-patient');
    expect(plan.scope.split(' ')).toEqual(
      expect.arrayContaining(['launch/patient', 'patient/Goal.read', 'patient/Goal.write']),
    );
    expect(plan.scope).not.toMatch(/\.rs\b/);
  });
});

describe('app page (redirect target)', () => {
  it('completes an EHR launch: code exchanged with the PKCE verifier, clinician with patient context', async () => {
    const { session, smart } = await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`, {
      patient: 'p42',
    });
    expect(smart.tokenRequests).toHaveLength(1);
    expect(smart.tokenRequests[0]!.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(session.patientId).toBe('p42');
    expect(session.role).toBe('clinician');
    expect(session.fhirUser).toBe('Practitioner/dr1');
    expect(session.write.canWrite).toBe(true);
    expect(session.needBanner).toBe(true);
    // The code and state are gone from the address bar, so a reload does not replay them.
    expect(window.location.search).toBe('');
  });

  it('completes a standalone patient launch as the patient', async () => {
    const { session } = await launchThrough(`iss=${encodeURIComponent(ISS)}`, {
      patient: 'p7',
      fhirUser: `${ISS}/Patient/p7`,
      needPatientBanner: false,
    });
    expect(session.role).toBe('patient');
    expect(session.kind).toBe('standalone-patient');
    expect(session.needBanner).toBe(false);
  });

  it('runs read-only when the server grants only read scopes', async () => {
    const { session } = await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`, {
      grantedScope: (req) =>
        req
          .split(' ')
          .filter((s) => !/\.(c|cu|crus|write)$/.test(s))
          .concat(['patient/Goal.rs', 'patient/CarePlan.rs', 'patient/QuestionnaireResponse.rs'])
          .join(' '),
    });
    expect(session.write.canWrite).toBe(false);
    expect(session.write.missing).toEqual(['Goal', 'CarePlan', 'QuestionnaireResponse']);
    expect(session.access.can('Condition', 'search')).toBe(true);
  });

  it('reports a failed token exchange', async () => {
    const p = await problemOf(
      launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`, { tokenStatus: 500 }),
    );
    expect(p.kind).toBe('token-failed');
  });

  it('reports a denied authorization', async () => {
    goTo(`${APP}?error=access_denied&error_description=User+said+no&state=abc`);
    const p = await problemOf(openSession());
    expect(p).toMatchObject({ kind: 'access-denied', detail: 'access_denied: User said no' });
  });

  it('reports other authorization errors', async () => {
    goTo(`${APP}?error=invalid_scope&state=abc`);
    expect((await problemOf(openSession())).kind).toBe('auth-error');
  });

  it('says how to launch when opened directly', async () => {
    goTo(APP);
    expect((await problemOf(openSession())).kind).toBe('no-launch');
  });

  it('refuses a forged state', async () => {
    server.use(...smartServer().handlers);
    goTo(`${APP}?code=abc&state=${'0'.repeat(64)}`);
    expect((await problemOf(openSession())).kind).toBe('token-failed');
  });

  it('keeps the session across a reload of the app page', async () => {
    await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`, { patient: 'p9' });
    goTo(APP);
    const again = await openSession();
    expect(again.patientId).toBe('p9');
  });

  it('never puts the access token in localStorage or the URL', async () => {
    await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`);
    for (let i = 0; i < localStorage.length; i++) {
      expect(localStorage.getItem(localStorage.key(i)!)).not.toContain('at-1');
    }
    expect(window.location.href).not.toContain('at-1');
  });
});
