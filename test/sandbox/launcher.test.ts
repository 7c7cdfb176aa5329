import type { Encounter } from 'fhir/r4';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP_LAUNCH_URL, startSandbox, type RunningSandbox } from '../../sandbox/index';
import { createFakeFhirServer } from './support/fake-fhir-server';
import { PATIENTS, PRACTITIONERS, startFakeSandbox, type FakeSandbox } from './support/fake-sandbox';
import { authorize, exchangeCode, launch, TEST_LAUNCH_URI } from './support/smart-test-client';

let sb: FakeSandbox;
beforeAll(async () => {
  sb = await startFakeSandbox();
});
afterAll(() => sb.close());

describe('launcher page', () => {
  it('lists patients (name, birth date, id), roles and the default launch URL, all escaped', async () => {
    const res = await fetch(`${sb.url}/launcher`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const body = await res.text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('Alice Ames, born 1950-03-04 (p-alice)');
    expect(body).toContain('value="clinician"');
    expect(body).toContain('value="patient"');
    expect(body).toContain(`value="${DEFAULT_APP_LAUNCH_URL}"`);
    expect(body).toContain('<label for="patient">');
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;&amp;&#39;');
  });

  it('preselects Dr Lee as the clinician', async () => {
    const body = await (await fetch(`${sb.url}/launcher`)).text();
    expect(body).toMatch(/<option value="cg-dr-lee"\s+selected\s*>/);
  });

  it('uses the appLaunchUrl option as the default', async () => {
    const other = await startFakeSandbox({ appLaunchUrl: 'http://localhost:9999/go/' });
    try {
      expect(await (await fetch(`${other.url}/launcher`)).text()).toContain(
        'value="http://localhost:9999/go/"',
      );
    } finally {
      await other.close();
    }
  });
});

describe('no-click launches', () => {
  it('clinician: creates a launch, sets an HttpOnly SameSite=Lax session cookie, redirects with iss and launch', async () => {
    const result = await launch(sb.url, { role: 'clinician', patient: 'p-alice' });
    expect(result.status).toBe(302);
    expect(result.location?.origin + result.location!.pathname).toBe(TEST_LAUNCH_URI);
    expect(result.location?.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
    expect(result.location?.searchParams.get('launch')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(result.setCookie).toMatch(/HttpOnly/);
    expect(result.setCookie).toMatch(/SameSite=Lax/);
    expect(result.setCookie).toMatch(/Path=\//);
  });

  it('patient: sets the session and redirects with iss only', async () => {
    const result = await launch(sb.url, { role: 'patient', patient: 'p-bob' });
    expect(result.status).toBe(302);
    expect(result.location?.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
    expect(result.location?.searchParams.has('launch')).toBe(false);
    expect(result.cookie).toMatch(/^cg_sandbox_session=/);
  });

  it('keeps query parameters already on the launch URL', async () => {
    const result = await launch(sb.url, {
      role: 'clinician',
      patient: 'p-alice',
      launch_uri: 'http://localhost:5173/launch/?lang=es',
    });
    expect(result.location?.searchParams.get('lang')).toBe('es');
    expect(result.location?.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
  });

  it('answers 400 with a page that names an unknown patient', async () => {
    const res = await fetch(
      `${sb.url}/launcher?role=clinician&patient=nobody&launch_uri=${encodeURIComponent(TEST_LAUNCH_URI)}`,
      {
        redirect: 'manual',
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Unknown patient &quot;nobody&quot;');
  });

  it('escapes a hostile unknown patient id on the error page', async () => {
    const res = await fetch(
      `${sb.url}/launcher?role=patient&patient=${encodeURIComponent('<script>x</script>')}&launch_uri=${encodeURIComponent(TEST_LAUNCH_URI)}`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('<script>x');
  });

  it('rejects a bad role, a bad launch_uri and an unknown practitioner', async () => {
    expect((await launch(sb.url, { role: 'admin', patient: 'p-alice' })).status).toBe(400);
    expect(
      (await launch(sb.url, { role: 'patient', patient: 'p-alice', launch_uri: 'javascript:alert(1)' }))
        .status,
    ).toBe(400);
    expect(
      (await launch(sb.url, { role: 'clinician', patient: 'p-alice', practitioner: 'dr-nobody' })).status,
    ).toBe(400);
  });

  it('the form posts back to itself with GET', async () => {
    const body = await (await fetch(`${sb.url}/launcher`)).text();
    expect(body).toContain('<form method="get" action="/launcher">');
    expect(body).toContain('name="grant"');
    expect(body).toContain('name="banner"');
  });
});

/** The launch id in an embedded page's frame address. */
function frameLaunch(body: string): { src: URL; launch: string } {
  const src = /<iframe title="Common Ground" src="([^"]+)"/.exec(body)?.[1];
  if (!src) throw new Error('no app frame on the page');
  const url = new URL(src.replace(/&amp;/g, '&'));
  return { src: url, launch: url.searchParams.get('launch') ?? '' };
}

async function codeAndTokens(base: string, fhirBaseUrl: string, launchId: string, cookie?: string) {
  const auth = await authorize(base, {
    fhirBaseUrl,
    scope: 'launch openid fhirUser patient/*.rs',
    launch: launchId,
    ...(cookie ? { cookie } : {}),
  });
  return { auth, tokens: await exchangeCode(base, auth) };
}

describe('embedded launch (the EHR page frames the app)', () => {
  const embeddedUrl = (params: Record<string, string>) =>
    `${sb.url}/launcher/embedded?${new URLSearchParams({ launch_uri: TEST_LAUNCH_URI, ...params })}`;

  it('serves an EHR page whose only frame is the app launch with iss and launch, allowed by its policy', async () => {
    const res = await fetch(embeddedUrl({ role: 'clinician', patient: 'p-alice' }));
    expect(res.status).toBe(200);
    const body = await res.text();
    const { src, launch: launchId } = frameLaunch(body);
    expect(src.origin + src.pathname).toBe(TEST_LAUNCH_URI);
    expect(src.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
    expect(launchId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(body).toContain('Alice Ames, born 1950-03-04 (p-alice)');
    expect(body).toContain('Dr Sam Lee');
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/frame-src [^;]*http:\/\/localhost:5173/);
    expect(policy).toContain("default-src 'none'");
    // No cookie: the frame is another site, where the EHR's cookie would not be sent anyway.
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('is pre-approved: authorize answers with a code straight away, without a cookie or a consent page', async () => {
    const body = await (await fetch(embeddedUrl({ role: 'clinician', patient: 'p-bob' }))).text();
    const { auth, tokens } = await codeAndTokens(sb.url, sb.fhirBaseUrl, frameLaunch(body).launch);
    expect(auth.res.status).toBe(302);
    expect(tokens?.json).toMatchObject({ patient: 'p-bob' });
    expect(decodeJwt(String(tokens?.json.id_token)).fhirUser).toBe(
      `${sb.fhirBaseUrl}/Practitioner/cg-dr-lee`,
    );
  });

  it('launches a patient from their portal page as the patient', async () => {
    const body = await (await fetch(embeddedUrl({ role: 'patient', patient: 'p-alice' }))).text();
    const { tokens } = await codeAndTokens(sb.url, sb.fhirBaseUrl, frameLaunch(body).launch);
    expect(decodeJwt(String(tokens?.json.id_token)).fhirUser).toBe(`${sb.fhirBaseUrl}/Patient/p-alice`);
  });

  it('the plain launch still needs the clinician’s session: without the cookie, authorize asks', async () => {
    const plain = await launch(sb.url, { role: 'clinician', patient: 'p-alice' });
    const { auth } = await codeAndTokens(sb.url, sb.fhirBaseUrl, plain.location!.searchParams.get('launch')!);
    expect(auth.res.status).toBe(200);
    expect(auth.body).toContain('<form');
  });

  it('refuses the same bad parameters as the programmatic launch', async () => {
    expect((await fetch(embeddedUrl({ role: 'clinician', patient: 'nobody' }))).status).toBe(400);
    expect((await fetch(embeddedUrl({ role: 'admin', patient: 'p-alice' }))).status).toBe(400);
  });

  it('the launcher form offers it, on 127.0.0.1 so the EHR page is another site than the app', async () => {
    const body = await (await fetch(`${sb.url}/launcher`)).text();
    const port = new URL(sb.url).port;
    expect(body).toContain(`formaction="http://127.0.0.1:${port}/launcher/embedded"`);
  });
});

describe('launch context an EHR gives', () => {
  const encounter = (id: string, patient: string, start: string): Encounter => ({
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: `Patient/${patient}` },
    period: { start, end: start },
  });
  let withVisits: RunningSandbox;
  beforeAll(async () => {
    withVisits = await startSandbox({
      port: 0,
      createFhirServer: async (o) =>
        createFakeFhirServer(o, {
          patients: PATIENTS,
          practitioners: PRACTITIONERS,
          resources: [
            encounter('e-old', 'p-alice', '2024-01-05'),
            encounter('e-new', 'p-alice', '2026-02-01'),
            encounter('e-mid', 'p-alice', '2025-06-30'),
            encounter('e-bob', 'p-bob', '2026-03-01'),
          ],
        }),
    });
  });
  afterAll(() => withVisits.close());

  async function clinicianTokens(params: Record<string, string>) {
    const launched = await launch(withVisits.url, { role: 'clinician', ...params });
    if (launched.status !== 302) return { status: launched.status, json: undefined };
    const { tokens } = await codeAndTokens(
      withVisits.url,
      withVisits.fhirBaseUrl,
      launched.location!.searchParams.get('launch')!,
      launched.cookie,
    );
    return { status: launched.status, json: tokens?.json };
  }

  it('gives the patient’s newest encounter when the launcher picks none', async () => {
    expect((await clinicianTokens({ patient: 'p-alice' })).json).toMatchObject({ encounter: 'e-new' });
  });

  it('gives the encounter the launcher picks, if it is that patient’s', async () => {
    expect((await clinicianTokens({ patient: 'p-alice', encounter: 'e-old' })).json).toMatchObject({
      encounter: 'e-old',
    });
    expect((await clinicianTokens({ patient: 'p-alice', encounter: 'e-bob' })).status).toBe(400);
  });

  it('gives no encounter for a patient without one', async () => {
    const { json } = await clinicianTokens({ patient: 'p-hostile' });
    expect(json?.patient).toBe('p-hostile');
    expect(json).not.toHaveProperty('encounter');
  });

  it('sends smart_style_url when asked (style=1), pointing at a style the sandbox serves to any origin', async () => {
    const { json } = await clinicianTokens({ patient: 'p-bob', style: '1' });
    expect(json?.smart_style_url).toBe(`${withVisits.url}/launcher/style.json`);
    const style = await fetch(String(json?.smart_style_url), {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(style.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await style.json()).toMatchObject({ color_text: expect.stringMatching(/^#/) });
    expect((await clinicianTokens({ patient: 'p-bob' })).json).not.toHaveProperty('smart_style_url');
  });
});
