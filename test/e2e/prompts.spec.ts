import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { launcherUrl, resetSandbox } from './support';

// A hand-made rule patient: an old MI and no statin (fhir-fixtures/rules/r1.json).
const PATIENT = 'r1-pos-icd';

async function seriousAxeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .include('.prompts')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.beforeEach(async () => {
  await resetSandbox();
});

test('the clinician sees the statin prompt, agrees, and the decision is in the shared plan on relaunch and in the patient’s view', async ({
  page,
  browser,
}) => {
  await page.goto(launcherUrl('clinician', PATIENT));
  const card = page.locator('article[data-rule="R1"]');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Care that may be missing' })).toBeVisible();
  await card.getByRole('button', { name: 'Agree: Start a statin' }).click();
  await expect(card.getByText('Saved in the shared care plan.')).toBeVisible();

  // A new session reads the decision back from the server.
  const again = await browser.newContext();
  const clinician = await again.newPage();
  await clinician.goto(launcherUrl('clinician', PATIENT));
  await expect(clinician.locator('article[data-rule="R1"]')).toContainText(/Agreed on .*: Start a statin/, {
    timeout: 30_000,
  });
  await again.close();

  const portal = await browser.newContext();
  const patient = await portal.newPage();
  await patient.goto(launcherUrl('patient', PATIENT));
  await expect(patient.getByTestId('plan-doing')).toContainText('Start a statin');
  await portal.close();
});

test('declining with a reason sets the prompt aside and records why', async ({ page, browser }) => {
  await page.goto(launcherUrl('clinician', PATIENT));
  const card = page.locator('article[data-rule="R1"]');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Decline…' }).click();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await card.getByRole('radio', { name: 'Patient declined after discussion' }).check();
  await card.getByRole('textbox', { name: 'Note (optional)' }).fill('Wants to try diet first');
  await card.getByRole('button', { name: 'Record the decline' }).click();
  await expect(card).toBeHidden();
  await expect(page.getByText('R1: declined in the last 12 months')).toBeAttached();

  const again = await browser.newContext();
  const clinician = await again.newPage();
  await clinician.goto(launcherUrl('clinician', PATIENT));
  await expect(clinician.getByRole('heading', { name: 'Care to talk about' })).toBeVisible();
  await expect(clinician.getByText('R1: declined in the last 12 months')).toBeAttached({ timeout: 30_000 });
  await expect(clinician.locator('article[data-rule="R1"]')).toHaveCount(0);
  await again.close();
});
