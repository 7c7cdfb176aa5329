import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP_LAUNCH_URL } from '../../sandbox/index';
import { startFakeSandbox, type FakeSandbox } from './support/fake-sandbox';
import { launch, TEST_LAUNCH_URI } from './support/smart-test-client';

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
