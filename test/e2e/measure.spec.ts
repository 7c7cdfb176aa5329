/**
 * Measuring co-production through the sandbox: Ana's visit ended yesterday, so opening the app
 * offers the CollaboRATE survey; she answers it (by tap and arrow key) and says how a goal is going,
 * reloads (not offered again, her report still there), and the clinician sees the trend and score.
 * One launch per role; axe and the phone width on the survey itself.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { launcherUrl, resetSandbox, setKnobs } from './support';

const ANA = 'cg-ana';

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

test('survey and goal follow-up in the patient launch, shown to the clinician', async ({ browser }) => {
  const patient = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await patient.newPage();
  await page.goto(launcherUrl('patient', ANA));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();

  const survey = page.locator('#survey');
  await expect(survey.getByRole('heading', { name: 'About your visit' })).toBeVisible();
  await expect(survey.getByText('Thinking about the appointment you have just had…')).toBeVisible();
  // Ten points and both labels fit a phone: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const q = survey.getByRole('group', { name: /^Question \d of 3/ });
  await expect(q).toHaveCount(3);
  await expect(q.nth(0).getByText('0 = No effort was made')).toBeVisible();
  await expect(q.nth(0).getByText('9 = Every effort was made')).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('#survey').include('#follow-up').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // One tap, then the arrow key moves along the scale.
  await q.nth(0).getByRole('radio', { name: '8' }).click();
  await page.keyboard.press('ArrowRight');
  await expect(q.nth(0).getByRole('radio', { name: '9 Every effort was made' })).toBeChecked();
  // Question 2 skipped.
  await q.nth(2).getByRole('radio', { name: '6' }).click();
  await survey.getByRole('button', { name: 'Send my answers' }).click();
  await expect(survey.getByTestId('survey-done')).toHaveText(/Thank you/);

  const row = page.getByTestId('follow-up-cg-ana-goal-park');
  await expect(row).toContainText('You have not said how this is going yet.');
  await row.getByRole('radio', { name: 'A bit better than I expected' }).check();
  await row.getByRole('button', { name: 'Save how it is going' }).click();
  await expect(row).toContainText('Last time you said: A bit better than I expected');

  await page.reload();
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('follow-up-cg-ana-goal-park')).toContainText(
    'Last time you said: A bit better than I expected',
  );
  await expect(page.getByRole('heading', { name: 'About your visit' })).toHaveCount(0);
  await patient.close();

  const clinician = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ws = await clinician.newPage();
  await ws.goto(launcherUrl('clinician', ANA));
  await expect(ws.locator('.clinician-view[data-ready="true"]')).toBeVisible();
  const panel = ws.getByTestId('between-visits');
  await expect(panel.getByTestId('goal-trend-cg-ana-goal-park')).toContainText('a bit better than expected');
  await expect(panel.getByTestId('goal-trend-cg-ana-goal-choir')).toContainText('No report yet.');
  await expect(panel.getByTestId('survey-score')).toContainText('Not the top score on all 3 questions.');
  await expect(panel.getByTestId('survey-score')).toContainText('understand 9, listen skipped, include 6');
  await clinician.close();
});
