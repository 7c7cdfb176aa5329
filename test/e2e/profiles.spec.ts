/**
 * The app unchanged under each launch profile (epic-like, oracle-like, strict): the patient launches,
 * sees their record and writes what matters; the clinician launches, sees the record and the
 * patient's words, and agrees on that goal (an update, with If-Match); both writes are read back.
 */
import { expect, test, type Page } from '@playwright/test';
import type { Bundle, Goal } from 'fhir/r4';
import { fixturePatients, launcherUrl, resetSandbox, setKnobs } from './support';

const MARIA = fixturePatients().find((p) => p.id === 'cg-maria')!;
const PROFILES = ['epic-like', 'oracle-like', 'strict'] as const;

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

/** What the app holds in this tab: the server it talks to and the token response it got. */
async function session(page: Page): Promise<{ serverUrl: string; patient: string; token: string }> {
  return page.evaluate(() => {
    const key = JSON.parse(sessionStorage.getItem('SMART_KEY') ?? '""') as string;
    const state = JSON.parse(sessionStorage.getItem(key) ?? '{}') as {
      serverUrl?: string;
      tokenResponse?: { access_token?: string; patient?: string };
    };
    return {
      serverUrl: state.serverUrl ?? '',
      patient: state.tokenResponse?.patient ?? '',
      token: state.tokenResponse?.access_token ?? '',
    };
  });
}

async function goals(page: Page): Promise<Goal[]> {
  const { serverUrl, patient, token } = await session(page);
  const bundle = await page.evaluate(
    async ({ url, token }) =>
      (
        await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } })
      ).json(),
    { url: `${serverUrl}/Goal?patient=${patient}`, token },
  );
  return ((bundle as Bundle).entry ?? [])
    .map((e) => e.resource as Goal)
    .filter((g) => g?.resourceType === 'Goal');
}

/** Every FHIR error the app met under the profile, as `status url`. */
function watch(page: Page, failures: string[]): void {
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/profiles/')) failures.push(`${r.status()} ${r.url()}`);
  });
}

function isEpicFallback(failure: string): boolean {
  const [status, url = ''] = failure.split(' ');
  return (
    status === '400' &&
    (url === 'http://localhost:8080/profiles/epic-like/fhir' ||
      /\/Observation\?patient=[^&]+&_count=\d+$/.test(url) ||
      /\/Observation\?patient=[^&]+&component-code=[^&]+&_count=\d+$/.test(url))
  );
}

for (const profile of PROFILES) {
  test(`${profile}: patient and clinician launches read the whole record and write`, async ({ browser }) => {
    const words = `Walk to the market (${profile})`;
    const failures: string[] = [];

    // The patient, standalone from the portal.
    const patient = await (await browser.newContext()).newPage();
    watch(patient, failures);
    await patient.goto(launcherUrl('patient', MARIA.id, { profile }));
    await expect(patient.locator('.patient-view[data-ready="true"]')).toBeVisible();
    expect((await session(patient)).serverUrl).toBe(`http://localhost:8080/profiles/${profile}/fhir`);
    await expect(patient.getByTestId('patient-banner').getByRole('heading')).toHaveText(MARIA.name);
    await expect(patient.getByTestId('problems-current')).toContainText(MARIA.activeProblems[0]!);
    const form = patient.locator('#what-matters form');
    await form.getByRole('radio', { name: /Something I want to be able to do/ }).check();
    await form.getByRole('textbox').fill(words);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    // The clinician, launched from the EHR.
    const clinician = await (await browser.newContext()).newPage();
    watch(clinician, failures);
    await clinician.goto(launcherUrl('clinician', MARIA.id, { profile }));
    await expect(clinician.locator('.clinician-view[data-ready="true"]')).toBeVisible();
    if (profile === 'epic-like') {
      // need_patient_banner is false inside the EHR, which shows its own; the patient is known by an opaque id.
      await expect(clinician.getByTestId('patient-banner')).toHaveCount(0);
      expect((await session(clinician)).patient).toMatch(/^e[A-Za-z0-9\-.]{43}$/);
    } else {
      await expect(clinician.getByTestId('patient-banner').getByRole('heading')).toHaveText(MARIA.name);
    }
    for (const problem of MARIA.activeProblems)
      await expect(clinician.getByTestId('problems-current')).toContainText(problem);
    await expect(clinician.getByTestId('what-matters')).toContainText(words);
    const negotiate = clinician.getByTestId('negotiate');
    await negotiate
      .getByRole('button', {
        name: new RegExp(`^Agree on this goal\\s*:\\s*${words.replace(/[()]/g, '\\$&')}$`),
      })
      .click();
    const goalForm = negotiate.getByTestId('goal-form');
    await goalForm.getByRole('radio', { name: /^Active/ }).check();
    await goalForm.getByRole('button', { name: 'Save — we both agree' }).click();
    await expect(negotiate.getByRole('status').first()).toHaveText('Goal saved.');

    // Read back under the same profile: one Goal in the patient's words, now agreed.
    const saved = (await goals(clinician)).filter((g) => g.description.text === words);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.lifecycleStatus).toBe('active');
    // And from the patient's side, with the patient's own token.
    const mine = (await goals(patient)).filter((g) => g.description.text === words);
    expect(mine.map((g) => g.lifecycleStatus)).toEqual(['active']);
    // The only refusals are epic-like's own, each answered by the app's fallback: the batch of reads,
    // the Observation search without a category, and the rules' narrowed search by component code
    // alone (the prompts then wait for the whole list, as without narrowed reads).
    const refused = failures.filter((f) => !(profile === 'epic-like' && isEpicFallback(f)));
    expect(refused).toEqual([]);
    if (profile === 'epic-like') expect(failures.filter(isEpicFallback).length).toBeGreaterThanOrEqual(2);
  });
}
