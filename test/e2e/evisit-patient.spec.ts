/**
 * E-visits, the patient's side, through the sandbox: a back-pain e-visit that hits the first
 * example of each red-flag level ends on the right routing screen with nothing sent; a cold with no
 * red flag is sent once even when answers are lost on the way and the patient retries; a reload
 * mid-form keeps the answers; Spanish; axe on the question, routing and review screens.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  answerEvisit,
  evisitQuestion,
  FHIR_BASE,
  launcherUrl,
  pageCount,
  resetSandbox,
  setKnobs,
} from './support';

const PHONE = { width: 390, height: 844 };

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

async function launchPatient(page: Page, id: string): Promise<void> {
  await page.goto(launcherUrl('patient', id));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expect(page.locator('#new-problem')).toBeVisible();
}

const count = pageCount;
const question = evisitQuestion;
const answer = answerEvisit;

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).include('#new-problem').analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
}

test('back pain: the first example of each level ends on its routing screen, nothing sent', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await launchPatient(page, 'cg-theo');
  const section = page.locator('#new-problem');

  // Emergency: the very first question.
  await section.getByRole('button', { name: 'Low back pain that is new' }).click();
  await axe(page);
  await answer(page, 'lbp-1', 'Yes');
  await expect(section.getByRole('heading', { name: 'Call 911 now' })).toBeVisible();
  await expect(section.getByRole('link', { name: 'Call 911' })).toHaveAttribute('href', 'tel:911');
  await expect(section.getByTestId('evisit-not-sent')).toBeVisible();
  await axe(page);

  // Same day: back, no to the emergency question, yes to new leg weakness.
  await section.getByRole('button', { name: 'I made a mistake. Go back' }).click();
  await answer(page, 'lbp-1', 'No');
  await answer(page, 'lbp-2', 'Yes');
  await expect(section.getByRole('heading', { name: 'You need to be seen today' })).toBeVisible();
  await expect(section).toContainText('New or worsening weakness in a leg or foot');

  // In person: the first in-person question comes after every same-day one.
  await section.getByRole('button', { name: 'I made a mistake. Go back' }).click();
  await answer(page, 'lbp-2', 'No');
  for (const id of ['lbp-3', 'lbp-10', 'lbp-11']) await answer(page, id, 'No');
  await answer(page, 'lbp-4', 'Yes');
  await expect(section.getByRole('heading', { name: 'You need a visit with a clinician' })).toBeVisible();

  expect(await count(page, 'QuestionnaireResponse?patient=cg-theo')).toBe(0);
  expect(await count(page, 'Task?patient=cg-theo')).toBe(0);
});

test('a cold with no red flag: reload keeps the answers; a lost answer and a retry still leave one QR and one Task', async ({
  page,
}) => {
  await launchPatient(page, 'cg-theo');
  const section = page.locator('#new-problem');
  await section.getByRole('button', { name: 'A cold, sore throat or cough' }).click();
  await answer(page, 'uri-1', 'No');
  await question(page).getByRole('button', { name: "I don't know" }).click(); // no oximeter
  await answer(page, 'uri-8', 'No');

  await page.reload();
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expect(section.getByTestId('evisit-draft-restored')).toBeVisible();
  await expect(question(page)).toHaveAttribute('data-link-id', 'uri-10');
  await question(page).getByRole('button', { name: 'Back' }).click();
  await expect(question(page).getByRole('button', { name: 'No', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await answer(page, 'uri-8', 'No');

  for (const id of [
    'uri-10',
    'uri-4',
    'uri-5',
    'uri-7',
    'uri-11',
    'uri-12',
    'uri-3',
    'uri-6',
    'uri-9',
    'uri-13',
    'uri-15',
    'uri-16',
    'uri-14',
  ])
    await answer(page, id, 'No');
  await answer(page, 'onset', '2026-11-29');
  await question(page).getByRole('checkbox', { name: 'Cough' }).check();
  await question(page).getByRole('button', { name: 'Next' }).click();
  await answer(page, 'symptoms-other', 'Stuffy nose at night');
  // A US thermometer reads °F, offered first: 37.8 there is no body temperature, and the patient
  // is told to type it in range or choose °C.
  await answer(page, 'temperature', '37.8');
  await expect(question(page).getByRole('alert')).toHaveText(
    'Please type a number from 86 to 113 °F, or choose the other unit.',
  );
  await question(page).getByRole('radio', { name: '°C' }).check();
  await question(page).getByRole('button', { name: 'Next' }).click();
  await answer(page, 'medicines-tried', 'Honey and tea');
  await answer(page, 'allergies', 'Penicillin');

  const review = section.getByTestId('evisit-review');
  await expect(review).toContainText('Stuffy nose at night');
  await expect(review).toContainText('37.8 °C');
  await axe(page);

  // The server saves each create but the answer never reaches the browser: the runtime's own
  // retries and then the patient's Retry send the same conditional creates.
  let lostQr = 0;
  let lostTask = 0;
  await page.route(`${FHIR_BASE}/QuestionnaireResponse`, async (route) => {
    if (route.request().method() === 'POST' && lostQr++ < 1) {
      await route.fetch();
      return route.abort('failed');
    }
    return route.continue();
  });
  await page.route(`${FHIR_BASE}/Task`, async (route) => {
    if (route.request().method() === 'POST' && lostTask++ < 3) {
      await route.fetch();
      return route.abort('failed');
    }
    return route.continue();
  });
  await section.getByRole('button', { name: 'Send to my care team' }).click();
  await expect(section.getByRole('alert')).toContainText('We could not send your answers');
  await section.getByRole('button', { name: 'Try again' }).click();
  await expect(section.getByTestId('evisit-sent')).toContainText('A clinician will reply by');

  expect(await count(page, 'QuestionnaireResponse?patient=cg-theo')).toBe(1);
  expect(await count(page, 'Task?patient=cg-theo')).toBe(1);

  await page.reload();
  await expect(section.getByTestId('evisit-status')).toContainText('Waiting for a reply');
  await section.getByRole('button', { name: 'See your answers' }).click();
  await expect(section).toContainText('Honey and tea');
});

test("Spanish: the questions and the routing screen in the patient's language", async ({ page }) => {
  await launchPatient(page, 'cg-rosa');
  const section = page.locator('#new-problem');
  await expect(section.getByRole('heading', { name: 'Preguntar por un problema nuevo' })).toBeVisible();
  await section.getByRole('button', { name: 'Un resfriado, dolor de garganta o tos' }).click();
  await expect(question(page)).toContainText('¿Le falta el aire en reposo');
  await answer(page, 'uri-1', 'No');
  await answer(page, 'uri-2', '93');
  // 93 % is same day, but the emergency questions not yet asked still come first.
  await answer(page, 'uri-8', 'No');
  await answer(page, 'uri-10', 'No');
  await expect(section.getByRole('heading', { name: 'Necesita una consulta hoy' })).toBeVisible();
  await expect(section.getByTestId('evisit-not-sent')).toContainText('No enviamos estas respuestas');
});
