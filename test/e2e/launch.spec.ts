import { expect, test, type Page } from '@playwright/test';
import { APP_LAUNCH, FHIR_BASE, fixturePatients, launcherUrl, resetSandbox, SANDBOX } from './support';

const patients = fixturePatients();
// The hand-made patient with the most current problems: the screen must show each of them.
const showcase = patients
  .filter((p) => p.id.startsWith('cg-'))
  .sort((a, b) => b.activeProblems.length - a.activeProblems.length)[0]!;

test.beforeEach(async () => {
  await resetSandbox();
});

async function expectRecord(page: Page, name: string, problems: string[]) {
  await expect(page.getByTestId('patient-banner').getByRole('heading')).toHaveText(name);
  const list = page.getByTestId('problems-current');
  for (const problem of problems) await expect(list).toContainText(problem);
}

test('a clinician EHR launch through the sandbox shows the patient and the problem list', async ({
  page,
}) => {
  const seen: string[] = [];
  page.on('request', (r) => seen.push(r.url()));
  await page.goto(launcherUrl('clinician', showcase.id));
  await expectRecord(page, showcase.name, showcase.activeProblems);
  await expect(page.getByRole('heading', { name: 'Problems', exact: true })).toBeVisible();
  // Real redirects: through the app's launch page, the sandbox's authorize endpoint, and back.
  expect(seen.some((u) => u.startsWith('http://localhost:5173/launch/?iss='))).toBe(true);
  expect(seen.some((u) => u.startsWith(`${SANDBOX}/auth/authorize?`))).toBe(true);
  // No code or token is left in the address bar.
  expect(new URL(page.url()).search).toBe('');
});

test('a patient standalone launch through the sandbox shows their record in plain words', async ({
  page,
}) => {
  await page.goto(launcherUrl('patient', showcase.id));
  await expectRecord(page, showcase.name, showcase.activeProblems);
  await expect(page.locator('.patient-view')).toBeVisible();
});

test('the patient logs in and allows access on the sandbox page when no portal session exists', async ({
  page,
}) => {
  await page.goto(`http://localhost:5173/launch/?iss=${encodeURIComponent(FHIR_BASE)}`);
  await page.getByLabel('Patient', { exact: true }).selectOption(showcase.id);
  await page.getByRole('button', { name: /allow/i }).click();
  await expectRecord(page, showcase.name, showcase.activeProblems);
});

test('a tester launches from the launcher page: pick a patient and a role, then Launch', async ({ page }) => {
  await page.goto(`${SANDBOX}/launcher`);
  await page.getByLabel('Patient (name, birth date, id)').selectOption(showcase.id);
  await page.getByRole('radio', { name: /Patient — portal/ }).check();
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expectRecord(page, showcase.name, showcase.activeProblems);
  await expect(page.locator('.patient-view')).toBeVisible();
});

test('denying access ends on a page that says so, with a way to start again', async ({ page }) => {
  await page.goto(`http://localhost:5173/launch/?iss=${encodeURIComponent(FHIR_BASE)}`);
  await page.getByRole('button', { name: /deny/i }).click();
  await expect(page.getByRole('alert')).toContainText('Access was not allowed');
  await expect(page.getByRole('link', { name: 'Start again' })).toBeVisible();
});

test('narrower granted scopes: the app runs read-only and says so', async ({ page }) => {
  await page.goto(launcherUrl('clinician', showcase.id, { grant: 'launch openid fhirUser patient/*.rs' }));
  await expectRecord(page, showcase.name, showcase.activeProblems);
  await expect(page.getByTestId('read-only')).toContainText('Goal, CarePlan, QuestionnaireResponse');
});

test('inside an EHR that shows its own banner (need_patient_banner=false) the app leaves it out', async ({
  page,
}) => {
  await page.goto(launcherUrl('clinician', showcase.id, { banner: '0' }));
  const list = page.getByTestId('problems-current');
  for (const problem of showcase.activeProblems) await expect(list).toContainText(problem);
  await expect(page.getByTestId('patient-banner')).toHaveCount(0);
});

test('a launch from an unknown server is refused before any redirect', async ({ page }) => {
  await page.goto('http://localhost:5173/launch/?iss=https%3A%2F%2Fevil.example%2Ffhir&launch=x');
  await expect(page.getByRole('alert')).toContainText('not set up for this health record system');
  expect(page.url()).toContain('localhost:5173/launch/');
});

test('opening the app without a launch explains how to start', async ({ page }) => {
  await page.goto('http://localhost:5173/');
  await expect(page.getByRole('alert')).toContainText('Open Common Ground from your EHR or patient portal');
});

test('the programmatic launch works for every fixture patient', async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const listed = (await (await fetch(`${SANDBOX}/sandbox/patients`)).json()) as { id: string }[];
  expect(listed.map((p) => p.id).sort()).toEqual(patients.map((p) => p.id).sort());
  for (const p of patients) {
    await page.goto(launcherUrl('clinician', p.id));
    await expect(page.getByTestId('patient-banner').getByRole('heading'), p.id).toHaveText(p.name);
    await expect(page.locator('[data-ready="true"]'), p.id).toBeVisible();
  }
});

test('the built app runs under its content security policy without a single violation or console error', async ({
  page,
}) => {
  const violations: string[] = [];
  // Any error on the console (a failed request such as a missing icon, an uncaught exception) is a defect.
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    else if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const tokenRequests: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/auth/token'))
      tokenRequests.push(r.url());
  });
  const policies = new Map<string, string | undefined>();
  const caching = new Map<string, string | undefined>();
  page.on('response', (r) => {
    if (!r.url().startsWith('http://localhost:5173/')) return;
    const path = new URL(r.url()).pathname;
    if (r.request().resourceType() === 'document') {
      policies.set(path, r.headers()['content-security-policy']);
    }
    caching.set(path, r.headers()['cache-control']);
  });
  await page.goto(launcherUrl('clinician', showcase.id));
  await expectRecord(page, showcase.name, showcase.activeProblems);
  // The lazily loaded workspace, rule engine and code sets must all load under the policy too.
  await expect(page.locator('.prompts[aria-busy="false"]')).toBeVisible({ timeout: 30_000 });
  // Both pages came with the policy as an HTTP header (frame-ancestors only works there) ...
  expect([...policies.keys()].sort()).toEqual(['/', '/launch/']);
  for (const policy of policies.values()) {
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("connect-src 'self' http://localhost:8080 https://launch.smarthealthit.org;");
    expect(policy).toContain("frame-ancestors 'self' http://localhost:8080 http://127.0.0.1:8080");
  }
  // ... and the build keeps a baseline in the page for a host that sends no headers.
  const baseline = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(baseline).toContain("script-src 'self'");
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
  // The app page's token exchange ran as its own classic script, under the same policy, parser-
  // blocking so that it runs before the entry, whose sign-in awaited it: the code went to the server
  // once.
  const scripts = await page.locator('head script[src]').evaluateAll((all) =>
    all.map((s) => ({
      src: s.getAttribute('src'),
      async: s.hasAttribute('async'),
      type: s.getAttribute('type'),
    })),
  );
  expect(scripts[0]).toEqual({
    src: expect.stringMatching(/^\/assets\/exchange-[\w-]+\.js$/),
    async: false,
    type: null,
  });
  expect(scripts.slice(1).every((s) => s.type === 'module')).toBe(true);
  expect(tokenRequests).toHaveLength(1);
  // The pages are asked for afresh each time; the files named by their hash are kept for good, so
  // the app page after the redirect does not fetch again what the launch page already has.
  expect(caching.get('/')).toBe('no-cache');
  expect(caching.get('/launch/')).toBe('no-cache');
  const assets = [...caching].filter(([path]) => path.startsWith('/assets/'));
  expect(assets.length).toBeGreaterThan(5);
  for (const [path, header] of assets) expect(header, path).toBe('public, max-age=31536000, immutable');
});

test('embedded in an EHR page on another site, where the browser refuses sessionStorage, the launch completes in the frame', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  // The state lives in memory here: the exchange's classic script and the entry must share one store.
  let tokenRequests = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/auth/token')) tokenRequests += 1;
  });
  const q = new URLSearchParams({
    role: 'clinician',
    patient: showcase.id,
    launch_uri: APP_LAUNCH,
    style: '1',
  });
  await page.goto(`http://127.0.0.1:8080/launcher/embedded?${q}`);
  await expect(page.getByText(`Chart: ${showcase.name}`, { exact: false })).toBeVisible();
  const frame = page.frameLocator('iframe[title="Common Ground"]');
  await expect(frame.getByTestId('patient-banner').getByRole('heading')).toHaveText(showcase.name);
  const list = frame.getByTestId('problems-current');
  for (const problem of showcase.activeProblems) await expect(list).toContainText(problem);
  const app = page.frames().find((f) => f.url().startsWith('http://localhost:5173/'));
  expect(app, 'the app runs in the frame').toBeDefined();
  // This really is the cross-site case: the framed app may not use sessionStorage or localStorage.
  const storage = await app!.evaluate(() =>
    ['sessionStorage', 'localStorage'].map((k) => {
      try {
        return typeof (window as unknown as Record<string, Storage>)[k]!.length;
      } catch (e) {
        return (e as Error).name;
      }
    }),
  );
  expect(storage).toEqual(['SecurityError', 'SecurityError']);
  expect(await app!.evaluate(() => window.name)).toBe('');
  expect(new URL(app!.url()).search).toBe('');
  // The EHR's smart_style_url was honoured: its highlight colour is the app's accent.
  await expect
    .poll(() => app!.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent')))
    .toBe('#5a2d82');
  expect(violations).toEqual([]);
  expect(tokenRequests).toBe(1);
});

test('a reload inside the cross-site frame ends on a page that names the cause: storage', async ({
  page,
}) => {
  const q = new URLSearchParams({ role: 'clinician', patient: showcase.id, launch_uri: APP_LAUNCH });
  await page.goto(`http://127.0.0.1:8080/launcher/embedded?${q}`);
  const frame = page.frameLocator('iframe[title="Common Ground"]');
  await expect(frame.getByTestId('patient-banner')).toBeVisible();
  const app = page.frames().find((f) => f.url().startsWith('http://localhost:5173/'))!;
  await app.evaluate(() => window.location.reload());
  await expect(frame.getByRole('alert')).toContainText('This window cannot keep you signed in');
  await expect(frame.getByRole('alert')).not.toContainText('Could not reach');
});
