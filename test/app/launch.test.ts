import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseConfig } from '../../src/core/smart/config';
import type { LaunchProblemError } from '../../src/launch/problems';
import { APP, ISS, parseAuthorizeUrl, smartServer, type FakeServerOptions } from './fakeSmartServer';
import { newPageLoad } from './page-load';

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
  newPageLoad();
  return (await import('../../src/launch/start')).planLaunch(...args);
}
async function authorize(...args: Parameters<typeof import('../../src/launch/start').authorize>) {
  return (await import('../../src/launch/start')).authorize(...args);
}
async function openSession() {
  newPageLoad();
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

  it('reads the server’s discovery once on the way to the authorize redirect', async () => {
    // fhirclient keeps discovery answers per page by URL, but not under NODE_ENV=test (a browser
    // build runs as production); a server no other test used keeps earlier answers out of the count.
    vi.stubEnv('NODE_ENV', 'production');
    const iss = 'https://once.example.org/fhir';
    const reads: string[] = [];
    const count = ({ request }: { request: Request }) => void reads.push(new URL(request.url).pathname);
    server.events.on('request:start', count);
    try {
      server.use(
        http.get(`${iss}/.well-known/smart-configuration`, () =>
          HttpResponse.json({
            authorization_endpoint: 'https://once.example.org/auth/authorize',
            token_endpoint: 'https://once.example.org/auth/token',
            capabilities: ['launch-ehr', 'permission-v2'],
            code_challenge_methods_supported: ['S256'],
          }),
        ),
      );
      const onceConfig = parseConfig({ servers: [{ iss, clientId: 'cg' }] });
      const plan = await planLaunch(
        new URL(`${APP}launch/?iss=${encodeURIComponent(iss)}&launch=L1`),
        onceConfig,
      );
      let url = '';
      await authorize(plan, (u) => (url = u));
      expect(new URL(url).pathname).toBe('/auth/authorize');
      expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
      expect(reads).toEqual(['/fhir/.well-known/smart-configuration']);
    } finally {
      server.events.removeListener('request:start', count);
      vi.unstubAllEnvs();
    }
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

describe("the code exchange sent by the app page's first script", () => {
  /** Launch page and authorization server; the app page's URL is set, no app module has run yet. */
  async function redirectedWith(opts: FakeServerOptions = {}) {
    const smart = smartServer(opts);
    server.use(...smart.handlers);
    const plan = await planLaunch(
      new URL(`${APP}launch/?${`iss=${encodeURIComponent(ISS)}&launch=L1`}`),
      config,
    );
    let navigatedTo = '';
    await authorize(plan, (u) => (navigatedTo = u));
    const pending = parseAuthorizeUrl(navigatedTo);
    goTo(`${pending.redirectUri}?code=${smart.issue(pending)}&state=${pending.state}`);
    return { smart, pending };
  }

  /** The classic script the build writes, run as the page runs it (a body holds no import or export). */
  function runExchangeScript() {
    new Function(inject('exchangeScript'))();
  }

  it('leaves before the sign-in is opened, and the sign-in awaits it: one exchange for the code', async () => {
    // Answered late enough that a sign-in not awaiting it would have sent the code itself.
    const { smart } = await redirectedWith({ patient: 'p5', tokenDelayMs: 100 });
    newPageLoad();
    runExchangeScript();
    // In the same tick, with the script's request still unanswered, as the entry's module runs after it.
    const signIn = (await import('../../src/platform/session')).openSession();
    await vi.waitFor(() => expect(smart.tokenRequests).toHaveLength(1));
    expect(smart.tokenRequests[0]!.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    // fhirclient's ready() must find the launch authorized, not send the single-use code again.
    expect((await signIn).patientId).toBe('p5');
    expect(smart.tokenRequests).toHaveLength(1);
  });

  it('the module the script is built from does the same when imported', async () => {
    const { smart } = await redirectedWith({ patient: 'p5' });
    newPageLoad();
    await import('../../src/app/exchange-first');
    const session = await (await import('../../src/platform/session')).openSession();
    expect(session.patientId).toBe('p5');
    expect(smart.tokenRequests).toHaveLength(1);
  });

  it("a refused exchange is the sign-in's failure, with the server's reason, and is not sent again", async () => {
    const { smart } = await redirectedWith({ tokenStatus: 400 });
    newPageLoad();
    runExchangeScript();
    const p = await problemOf((await import('../../src/platform/session')).openSession());
    expect(p.kind).toBe('token-failed');
    expect(p.detail).toContain('server_error');
    expect(smart.tokenRequests).toHaveLength(1);
  });

  it('without the script (the dev server) the sign-in exchanges the code itself, once', async () => {
    const { smart } = await redirectedWith({ patient: 'p5' });
    const session = await openSession();
    expect(session.patientId).toBe('p5');
    expect(smart.tokenRequests).toHaveLength(1);
  });

  it('leaves a confidential client, an authorized reload and an unknown state to fhirclient', async () => {
    const { pending } = await redirectedWith();
    const { exchangeCode } = await import('../../src/launch/exchange');
    const stored = JSON.parse(sessionStorage.getItem(pending.state)!) as Record<string, unknown>;
    const store = (state: Record<string, unknown>) => {
      const map = new Map([[pending.state, JSON.stringify(state)]]);
      return {
        mode: 'session' as const,
        get: (k: string) => map.get(k) ?? null,
        set: (k: string, v: string) => void map.set(k, v),
        remove: (k: string) => void map.delete(k),
        handOff: () => undefined,
      };
    };
    // onUnhandledRequest is 'error', and the token endpoint is not served: any request would fail.
    server.resetHandlers();
    const href = (code: string, state = pending.state) => `${APP}?code=${code}&state=${state}`;
    await expect(exchangeCode(href('c1'), store({ ...stored, clientSecret: 's' }))).resolves.toBeUndefined();
    await expect(
      exchangeCode(href('c2'), store({ ...stored, tokenResponse: { access_token: 'at-0' } })),
    ).resolves.toBeUndefined();
    await expect(exchangeCode(href('c3', 'f'.repeat(64)), store(stored))).resolves.toBeUndefined();
  });
});

describe('inside an EHR frame from another site, where the browser refuses sessionStorage', () => {
  /** What Chromium does for a cross-site frame when third-party storage is blocked. */
  function refuseSessionStorage() {
    return vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException("Failed to read the 'sessionStorage' property from 'Window'", 'SecurityError');
    });
  }
  afterEach(() => {
    vi.restoreAllMocks();
    window.name = '';
  });

  it('completes the launch with the state in memory, handed to the app page once and never holding a token', async () => {
    refuseSessionStorage();
    const smart = smartServer({ patient: 'p42' });
    server.use(...smart.handlers);
    const plan = await planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent(ISS)}&launch=L1`), config);
    let navigatedTo = '';
    await authorize(plan, (u) => (navigatedTo = u));
    // The frame keeps window.name across its navigations: the only thing that survives the trip.
    expect(window.name).toMatch(/^cg\.handoff:/);
    expect(window.name).toContain('codeVerifier');
    const pending = parseAuthorizeUrl(navigatedTo);
    goTo(`${pending.redirectUri}?code=${smart.issue(pending)}&state=${pending.state}`);
    newPageLoad();
    // The page's first script finds no sessionStorage and leaves window.name to the sign-in's store.
    new Function(inject('exchangeScript'))();
    expect(window.name).toMatch(/^cg\.handoff:/);
    const session = await (await import('../../src/platform/session')).openSession();
    expect(session.patientId).toBe('p42');
    expect(smart.tokenRequests).toHaveLength(1);
    expect(session.role).toBe('clinician');
    expect(smart.tokenRequests[0]!.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(window.name).toBe('');
    vi.restoreAllMocks();
    expect(sessionStorage.length).toBe(0);
    expect(JSON.stringify({ ...localStorage })).not.toContain('at-1');
    expect(window.location.href).not.toContain('at-1');
  });

  it('after a reload the page names the real cause (storage), not a failed sign-in or server', async () => {
    refuseSessionStorage();
    goTo(APP);
    const p = await problemOf(openSession());
    expect(p.kind).toBe('storage-blocked');
    expect(p.detail).toMatch(/sessionStorage/);
  });

  it('ignores a hand-off made for another sign-in', async () => {
    refuseSessionStorage();
    server.use(...smartServer().handlers);
    const plan = await planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent(ISS)}&launch=L1`), config);
    await authorize(plan, () => undefined);
    goTo(`${APP}?code=abc&state=${'f'.repeat(64)}`);
    expect((await problemOf(openSession())).kind).toBe('storage-blocked');
    expect(window.name).toBe('');
  });

  it('drafts do not break the page when localStorage is refused too (nothing is kept on the device)', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException("Failed to read the 'localStorage' property from 'Window'", 'SecurityError');
    });
    const { draftStore } = await import('../../src/platform/drafts');
    const drafts = draftStore({ iss: ISS, patientId: 'p1', user: 'Practitioner/dr1' });
    drafts.save('note', 'typed');
    expect(drafts.load('note')).toBeUndefined();
  });

  it('a normal tab uses sessionStorage and leaves window.name alone', async () => {
    await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`);
    expect(window.name).toBe('');
    expect(sessionStorage.getItem('SMART_KEY')).toBeTruthy();
  });
});

describe('config.json with a bad entry', () => {
  const mixed = parseConfig({
    servers: [
      { iss: 'http://ehr.example.org/fhir', clientId: 'plain-http' },
      { iss: ISS, clientId: 'cg' },
    ],
  });

  it('still launches with the good entry', async () => {
    server.use(...smartServer().handlers);
    const plan = await planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent(ISS)}`), mixed);
    expect(plan.clientId).toBe('cg');
  });

  it('names the ignored entry in the details of an error page, with the problem’s own detail', async () => {
    const p = await problemOf(
      planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent('http://ehr.example.org/fhir')}`), mixed),
    );
    expect(p.kind).toBe('unknown-iss');
    const { withIgnoredEntries } = await import('../../src/launch/problems');
    const shown = withIgnoredEntries({ ...p, detail: 'first' }, mixed.problems);
    expect(shown.detail).toMatch(
      /^first\n\nconfig\.json entries that were ignored:\n- config\.json servers\[0\]\.iss must use https/,
    );
  });

  it('warns on the console for each ignored entry when the launch page loads it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    server.use(
      http.get(`${APP}config.json`, () =>
        HttpResponse.json({
          servers: [
            { iss: 'nope', clientId: 'x' },
            { iss: ISS, clientId: 'cg' },
          ],
        }),
      ),
    );
    newPageLoad();
    const loaded = await (await import('../../src/launch/start')).loadConfig();
    expect(loaded.servers).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/servers\[0\]\.iss is not a URL: nope/));
    warn.mockRestore();
  });

  it('says which setting is missing when the token endpoint is on an origin the policy does not allow', async () => {
    server.use(
      http.get(`${ISS}/.well-known/smart-configuration`, () =>
        HttpResponse.json({
          authorization_endpoint: 'https://ehr.example.org/auth/authorize',
          token_endpoint: 'https://login.elsewhere.example/token',
          capabilities: ['permission-v2'],
          code_challenge_methods_supported: ['S256'],
        }),
      ),
    );
    const p = await problemOf(planLaunch(new URL(`${APP}launch/?iss=${encodeURIComponent(ISS)}`), config));
    expect(p.kind).toBe('config');
    expect(p.detail).toContain('"https://login.elsewhere.example"');
    expect(p.detail).toContain('connectOrigins');
  });
});

describe('the EHR’s smart_style_url', () => {
  afterEach(() => {
    document.documentElement.removeAttribute('style');
  });

  it('is fetched and its readable colours and fonts become the app’s CSS variables', async () => {
    const root = document.documentElement;
    for (const [k, v] of Object.entries({
      '--bg': '#ffffff',
      '--fg': '#1b1f24',
      '--muted': '#4a5563',
      '--accent-fg': '#ffffff',
    }))
      root.style.setProperty(k, v);
    const styleUrl = 'https://ehr.example.org/style.json';
    server.use(
      http.get(styleUrl, () =>
        HttpResponse.json({
          color_background: '#f7f5f0',
          color_text: '#1f2328',
          color_highlight: '#69b5ce',
          font_family_body: "Georgia, 'Times New Roman', serif",
          font_family_heading: 'x;} body{display:none',
        }),
      ),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`, {
      tokenExtra: { smart_style_url: styleUrl },
    });
    await vi.waitFor(() => expect(root.style.getPropertyValue('--bg')).toBe('#f7f5f0'));
    expect(root.style.getPropertyValue('--fg')).toBe('#1f2328');
    expect(root.style.getPropertyValue('--font-body')).toBe("Georgia, 'Times New Roman', serif");
    // Too pale for links on this background, and not a font list: both left out, and said why.
    expect(root.style.getPropertyValue('--accent')).toBe('');
    expect(root.style.getPropertyValue('--font-heading')).toBe('');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/color_highlight/));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/font_family_heading/));
    warn.mockRestore();
  });
});
