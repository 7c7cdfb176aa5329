/**
 * Decision aids (issue 13) through the sandbox: the clinician opens the numbers on an R1 and an R8a
 * card, reads the figures' names and their sources in English and Spanish, shows the patient (which
 * notes the aid in the shared plan), the print copy carries the aid, and the patient's own launch
 * shows it with the plan.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { launcherUrl, resetSandbox } from './support';

const R1_PATIENT = 'r1-pos-icd'; // old MI, no statin (fhir-fixtures/rules/r1.json)
const ROSA = 'cg-rosa'; // Spanish-speaking, 68, due for colon screening (R8a)

const STATIN =
  'If 100 people with heart disease take a statin for 5 years, about 10 of them will avoid a heart attack, stroke or artery operation.';

async function seriousAxeViolations(page: Page, selector: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.beforeEach(async () => {
  await resetSandbox();
});

test('R1 in English: the numbers with their source, shown to the patient, noted in the plan, printed, and in the patient’s launch', async ({
  page,
  browser,
}) => {
  await page.goto(launcherUrl('clinician', R1_PATIENT));
  const card = page.locator('article[data-rule="R1"]');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await card.getByRole('button', { name: 'See the numbers' }).click();
  const figure = card.getByRole('img', { name: STATIN });
  await expect(figure).toBeVisible();
  await expect(figure).toHaveAttribute('data-marked', '10');
  await expect(card.locator('.aid-figure .aid-source')).toHaveText(
    'Source: Collins et al., Lancet 2016;388:2532 (Summary)',
  );
  expect(await seriousAxeViolations(page, '.prompts')).toEqual([]);

  await card.getByRole('button', { name: 'Show the patient' }).click();
  const dialog = page.getByRole('dialog', { name: 'What the numbers say' });
  await expect(dialog.getByRole('img', { name: STATIN })).toBeVisible();
  expect(await seriousAxeViolations(page, '.aid-show-patient')).toEqual([]);
  await expect(card.getByText('Noted in the shared plan: this aid was shown.')).toBeAttached();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The print copy is read from the saved plan: reload so it is the server's.
  await page.reload();
  await expect(page.getByTestId('print-copy')).toBeAttached({ timeout: 30_000 });
  await page.emulateMedia({ media: 'print' });
  const copy = page.getByTestId('print-copy');
  await expect(copy.getByRole('heading', { name: 'The numbers we talked about' })).toBeVisible();
  await expect(copy.getByRole('img', { name: STATIN })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  const portal = await browser.newContext();
  const patient = await portal.newPage();
  await patient.goto(launcherUrl('patient', R1_PATIENT));
  const aids = patient.getByTestId('plan-aids');
  await expect(aids.getByRole('img', { name: STATIN })).toBeVisible({ timeout: 30_000 });
  await expect(aids.getByText(/Collins et al., Lancet 2016/).first()).toBeVisible();
  expect(await seriousAxeViolations(patient, '[data-testid="plan-aids"]')).toEqual([]);
  await portal.close();
});

test('R8a in Spanish: colonoscopy beside the stool test, each named in Spanish, with its source', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(launcherUrl('clinician', ROSA));
  const card = page.locator('article[data-rule="R8a"]');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Ver las cifras' }).click();
  const deaths = card.locator('figure[data-outcome="crc-deaths-avoided"]');
  await expect(
    deaths.getByRole('img', {
      name: 'Si 1,000 personas de 50 a 79 años se hacen una colonoscopia, 6 menos mueren de cáncer de colon en 15 años.',
    }),
  ).toBeVisible();
  await expect(
    deaths.getByRole('img', {
      name: 'Si 1,000 personas de 50 a 79 años se hacen la prueba de heces (FIT) cada año, 6 menos mueren de cáncer de colon en 15 años.',
    }),
  ).toBeVisible();
  await expect(deaths.locator('.aid-source')).toHaveText(
    'Fuente: Buskermolen, BMJ 2019 (abstract, UWA repository)',
  );
  await expect(card.getByRole('img')).toHaveCount(6);
  await expect(card.getByText('Una colonoscopia').first()).toBeVisible();
  await expect(card.getByText('Prueba de heces (FIT)').first()).toBeVisible();
  expect(await seriousAxeViolations(page, '.prompts')).toEqual([]);
  await context.close();
});
