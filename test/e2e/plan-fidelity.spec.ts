/**
 * The shared care plan means the same thing in every view, through the real sandbox: a declined
 * prompt is never "what we will do" for the patient; a plan the EHR wrote is the one the clinician
 * continues (and the patient keeps seeing one plan); an accepted HbA1c prompt adds an outcome goal
 * the plan lists; the app's own words follow the viewer's language.
 */
import { expect, test, type Browser } from '@playwright/test';
import { launcherUrl, resetSandbox } from './support';

const R1 = 'r1-pos-icd'; // an old MI and no statin (fhir-fixtures/rules/r1.json)
const R4 = 'r4-pos-icd'; // older adult with tight HbA1c on a medicine that causes lows (rules/r4.json)
const LUPE = 'cg-lupe'; // an active assess-plan CarePlan written by the clinic (patients/lupe-ehr-plan.json)

test.beforeEach(async () => {
  await resetSandbox();
});

async function patientPage(browser: Browser, patient: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(launcherUrl('patient', patient));
  await expect(page.getByTestId('care-plan')).toBeVisible({ timeout: 30_000 });
  return { page, context };
}

test('a prompt declined as "not a priority" is what we decided not to do, in plain words, in English and Spanish', async ({
  page,
  browser,
}) => {
  await page.goto(launcherUrl('clinician', R1));
  const card = page.locator('article[data-rule="R1"]');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Decline…' }).click();
  await card.getByRole('radio', { name: 'Not a priority for the patient now' }).check();
  await card.getByRole('textbox', { name: 'Note (optional)' }).fill('Wants to talk with her daughter');
  await card.getByRole('button', { name: 'Record the decline' }).click();
  await expect(card).toBeHidden();

  const { page: patient, context } = await patientPage(browser, R1);
  const plan = patient.getByTestId('care-plan');
  await expect(plan.getByTestId('plan-declined')).toContainText(
    'Start a statin medicine for your heart — because: It is not a priority for you now — Wants to talk with her daughter',
  );
  await expect(plan.getByTestId('plan-doing')).toHaveCount(0);
  await patient.getByRole('combobox').selectOption('es');
  await expect(plan.getByRole('heading', { name: 'Lo que decidimos no hacer' })).toBeVisible();
  await expect(plan.getByTestId('plan-declined')).toContainText(
    'Empezar una estatina, un medicamento para el corazón — porque: No es una prioridad para usted ahora — Wants to talk with her daughter',
  );
  await context.close();
});

test('the clinician sees and continues the plan the EHR wrote; the patient still has one plan', async ({
  page,
  browser,
}) => {
  const before = await patientPage(browser, LUPE);
  await expect(before.page.getByTestId('care-plan')).toContainText('Diabetes plan from the clinic');
  await expect(before.page.getByTestId('plan-doing')).toContainText('Eye exam once a year');
  await before.context.close();

  await page.goto(launcherUrl('clinician', LUPE));
  const plan = page.getByTestId('shared-plan');
  await expect(plan.getByTestId('plan-adopting')).toBeVisible({ timeout: 30_000 });
  await expect(plan).not.toContainText('No shared care plan yet');
  await expect(plan.getByTestId('plan-activities')).toContainText('Eye exam once a year');
  await expect(plan.getByTestId('other-plans')).toContainText('Diabetes self management plan');
  await plan.getByLabel('Visit summary').fill('We talked about your feet and your eyes.');
  await plan.getByRole('button', { name: 'Save the shared care plan' }).click();
  await expect(plan.getByText('Shared care plan saved.')).toBeVisible();
  await expect(plan.getByTestId('plan-adopting')).toBeHidden();

  const after = await patientPage(browser, LUPE);
  const view = after.page.getByTestId('care-plan');
  await expect(view).toContainText('Diabetes plan from the clinic');
  await expect(view).toContainText('We talked about your feet and your eyes.');
  await expect(view.getByTestId('plan-doing')).toContainText('Eye exam once a year');
  await expect(view.getByTestId('plan-earlier')).toContainText(
    'Check feet at every visit. Eye exam once a year.',
  );
  await after.context.close();
});

test('accepting the HbA1c prompt adds the outcome goal the plan lists', async ({ page, browser }) => {
  await page.goto(launcherUrl('clinician', R4));
  const card = page.locator('article[data-rule="R4"]');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await card.getByRole('button', { name: /^Agree:/ }).click();
  await expect(card.getByText('Saved in the shared care plan.')).toBeVisible();

  const { page: patient, context } = await patientPage(browser, R4);
  await expect(patient.getByTestId('plan-goals')).toContainText('HbA1c below 8%');
  await expect(patient.getByTestId('plan-doing')).toContainText(
    'Aim for an easier HbA1c goal and lower the medicine that causes lows',
  );
  await expect(patient.getByTestId('plan-doing')).not.toContainText('because');
  await context.close();
});
