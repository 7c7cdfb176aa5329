/**
 * Fidelity through the sandbox, with cg-tess: what the patient said reads back with the same
 * meaning in both views, whoever wrote it (another app's Goal, her daughter's, Observations), a
 * care preference is never a goal to agree on, a target keeps its comparator through an edit, and
 * a check-off made while the patient rewords the item lands on that item and says so.
 */
import { expect, test, type Page } from '@playwright/test';
import type { Goal, QuestionnaireResponse } from 'fhir/r4';
import { agendaItems } from '../../src/core/voice/agenda';
import { launcherUrl, pageRead, resetSandbox, setKnobs } from './support';

const TESS = 'cg-tess';

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

const read = <T>(page: Page, path: string) => pageRead<T>(page, path);

async function launch(page: Page, role: 'clinician' | 'patient') {
  await page.goto(launcherUrl(role, TESS));
  await expect(page.locator(`.${role}-view[data-ready="true"]`)).toBeVisible();
}

test('clinician: every priority the record holds, with its source; only outcome goals to agree on', async ({
  page,
}) => {
  await launch(page, 'clinician');
  const matters = page.getByTestId('what-matters');
  // Another app's goal, marked high priority, is the one thing — read-only here, and said so.
  await expect(matters.getByTestId('one-thing')).toContainText('Swim in the lake again this summer');
  await expect(matters.getByTestId('one-thing')).toContainText('recorded by another app; read-only here');
  await expect(matters.locator('li', { hasText: 'Keep Mom living at home' })).toContainText(
    'said by a family member or caregiver',
  );
  for (const text of [
    'Being there for my grandson’s graduation',
    'More blood tests are a burden to me',
    'I would rather not go back to the hospital',
  ]) {
    await expect(matters.locator('li', { hasText: text })).toContainText(
      'from an Observation; read-only here',
    );
  }
  await expect(matters).toContainText('Taking more pills');
  await expect(matters.getByTestId('matters-empty')).toHaveCount(0);

  // The care preference informs the prompts and What matters; it is not a goal to agree on.
  const negotiate = page.getByTestId('negotiate');
  await expect(negotiate.getByRole('button', { name: /Swim in the lake again this summer$/ })).toBeVisible();
  await expect(negotiate).not.toContainText('Taking more pills');
  await expect(page.locator('[data-panel="goals"]')).not.toContainText('Taking more pills');
  // The daughter's goal is hers wherever it is listed, never tagged as the patient's own words.
  for (const list of [page.locator('[data-panel="goals"]'), negotiate]) {
    const daughter = list.locator('li', { hasText: 'Keep Mom living at home' });
    await expect(daughter).toContainText('Said by a family member or caregiver');
    await expect(daughter).not.toContainText("Patient's own words");
  }
});

test('patient: priorities other apps wrote are shown, read-only and saying so; the care preference is not a goal', async ({
  page,
}) => {
  await launch(page, 'patient');
  const matters = page.getByRole('region', { name: 'What matters to me' });
  const one = matters.getByTestId('one-thing');
  await expect(one).toContainText('Swim in the lake again this summer');
  await expect(one).toContainText("You added this in another app. You can't change it here.");
  await expect(one.getByRole('button')).toHaveCount(0);
  const daughter = matters.locator('li', { hasText: 'Keep Mom living at home' });
  await expect(daughter).toContainText(
    "Someone close to you said this, in another app. You can't change it here.",
  );
  // The patient did not add a family member's words.
  await expect(daughter).not.toContainText('You added this');
  const burdensome = page.getByTestId('care-burdensome');
  await expect(burdensome).toContainText('Taking more pills');
  const tests = burdensome.locator('li', { hasText: 'More blood tests are a burden to me' });
  await expect(tests).toContainText("This is in your health record. You can't change it here.");
  await expect(tests.getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('care-other')).toContainText('I would rather not go back to the hospital');
  await expect(page.getByRole('region', { name: 'Your goals' })).not.toContainText('Taking more pills');
});

test('editing "HbA1c below 8.0%" shows "less than 8" and saves the target with its comparator', async ({
  page,
}) => {
  await launch(page, 'clinician');
  await expect(page.locator('[data-panel="goals"]')).toContainText('HbA1c < 8 %');
  const negotiate = page.getByTestId('negotiate');
  await negotiate.getByRole('button', { name: /^Edit\s*:\s*HbA1c below 8\.0%$/ }).click();
  const row = negotiate.getByRole('group', { name: 'Target 1' });
  await expect(row.getByLabel('Target')).toHaveValue('under');
  await expect(row.getByLabel('Target').locator('option:checked')).toHaveText('less than');
  await expect(row.getByLabel('Value')).toHaveValue('8');
  await row.getByLabel('Value').fill('7,5');
  await negotiate.getByRole('button', { name: 'Save — we both agree' }).click();
  await expect(negotiate.getByRole('status').first()).toHaveText('Goal saved.');
  const goal = await read<Goal>(page, 'Goal/cg-tess-a1c');
  expect(goal.target?.[0]?.detailQuantity).toEqual({
    comparator: '<',
    value: 7.5,
    unit: '%',
    system: 'http://unitsofmeasure.org',
    code: '%',
  });
  expect(goal.target?.[0]?.dueDate).toBeTruthy();
  await expect(page.locator('[data-panel="goals"]')).toContainText('HbA1c < 7.5 %');
});

test('a check-off while the patient rewords that item lands on it, and the message says what happened', async ({
  browser,
}) => {
  const clinician = await (await browser.newContext()).newPage();
  await launch(clinician, 'clinician');
  const agenda = clinician.getByTestId('agenda');
  await expect(agenda.getByRole('checkbox', { name: 'My feet tingle at night' })).toBeVisible();

  // Meanwhile the patient rewords the item in her own view and saves.
  const patient = await (await browser.newContext()).newPage();
  await launch(patient, 'patient');
  const list = patient.getByRole('region', { name: 'My list for my next visit' });
  await list.getByLabel('Thing to talk about, number 1').fill('My feet tingle and burn at night');
  await list.getByRole('button', { name: 'Save my list' }).click();
  await expect(list.getByText('Saved.')).toBeVisible();

  // The clinician ticks the item as they still see it.
  await agenda.getByRole('checkbox', { name: 'My feet tingle at night' }).check();
  await expect(agenda.getByRole('status')).toHaveText(
    'The patient reworded this item meanwhile (it was “My feet tingle at night”); your check-off was saved on it.',
  );
  await expect(agenda.getByRole('checkbox', { name: 'My feet tingle and burn at night' })).toBeChecked();
  const saved = await read<QuestionnaireResponse>(clinician, 'QuestionnaireResponse/cg-tess-agenda');
  expect(agendaItems(saved).map((i) => [i.text, i.addressed])).toEqual([
    ['My feet tingle and burn at night', true],
    ['Can I stop one of my pills?', false],
  ]);
});
