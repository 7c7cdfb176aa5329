/**
 * One patient's words, walked through every view and back, through the real sandbox, in English
 * and in Spanish: the patient says what matters (an outcome goal and a care preference) and what to
 * talk about; the clinician sees them, agrees the goal (and is never offered the care preference as
 * a goal), accepts one prompt and declines another, and writes the plan; the patient then reads the
 * same decisions with the same meaning, and the print copy says it in the patient's language.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { launcherUrl, resetSandbox, setKnobs } from './support';

interface Walk {
  lang: 'en' | 'es';
  patient: string;
  locale: string;
  goal: { kind: RegExp; example: string };
  care: { kind: RegExp; example: string };
  agenda: { add: RegExp; save: RegExp; item: string };
  saved: RegExp;
  /** What the patient reads in the plan. */
  plan: { doing: string; doingItem: string; declined: string; declinedItem: string; reason: string };
  print: { title: RegExp };
}

const WALKS: Walk[] = [
  {
    lang: 'en',
    patient: 'cg-maria',
    locale: 'en-US',
    goal: { kind: /Something I want to be able to do/, example: 'Walk to the store or to church' },
    care: { kind: /Care that is hard for me/, example: 'Taking more pills' },
    agenda: { add: /Add something/, save: /Save my list/, item: 'My knee hurts on the stairs' },
    saved: /^Saved\.$/,
    plan: {
      doing: 'What we will do',
      doingItem: 'Talk about your wishes for future care and who should speak for you',
      declined: 'What we decided not to do',
      declinedItem: 'Choose a colon cancer test together',
      reason: 'It is not a priority for you now',
    },
    print: { title: /Care plan for/ },
  },
  {
    lang: 'es',
    patient: 'cg-rosa',
    locale: 'es-ES',
    goal: { kind: /Algo que quiero poder hacer/, example: 'Caminar a la tienda o a la iglesia' },
    care: { kind: /Atención que me cuesta/, example: 'Tomar más pastillas' },
    agenda: {
      add: /Agregar algo para hablar/,
      save: /Guardar mi lista/,
      item: 'Me duele la rodilla en la escalera',
    },
    saved: /^Guardado\.$/,
    plan: {
      doing: 'Lo que vamos a hacer',
      doingItem: 'Hablar de sus deseos para el cuidado futuro y de quién debería hablar por usted',
      declined: 'Lo que decidimos no hacer',
      declinedItem: 'Elegir juntos una prueba de cáncer de colon',
      reason: 'No es una prioridad para usted ahora',
    },
    print: { title: /plan de cuidado/i },
  },
];

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

async function open(browser: Browser, locale: string, url: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function patientSays(page: Page, w: Walk) {
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  const matters = page.locator('#what-matters form');
  await matters.getByRole('radio', { name: w.goal.kind }).check();
  await matters.getByRole('button', { name: w.goal.example, exact: true }).click();
  await matters.getByRole('button', { name: /^(Save|Guardar)$/ }).click();
  await expect(matters.getByRole('status').filter({ hasText: w.saved })).toBeVisible();
  const care = page.locator('#care form');
  await care.getByRole('radio', { name: w.care.kind }).check();
  await care.getByRole('button', { name: w.care.example, exact: true }).click();
  await care.getByRole('button', { name: /^(Save|Guardar)$/ }).click();
  await expect(care.getByRole('status').filter({ hasText: w.saved })).toBeVisible();
  const agenda = page.locator('#agenda');
  await agenda.getByRole('button', { name: w.agenda.add }).click();
  await page.keyboard.type(w.agenda.item);
  await agenda.getByRole('button', { name: w.agenda.save }).click();
  await expect(agenda.getByRole('status').filter({ hasText: w.saved })).toBeVisible();
}

for (const w of WALKS) {
  test(`round trip (${w.lang}): patient voice → clinician agreement, one prompt accepted and one declined → patient view → print`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const patient = await open(browser, w.locale, launcherUrl('patient', w.patient));
    await patientSays(patient, w);
    await patient.context().close();

    // The clinician (an English-speaking clinician in both walks) sees what the patient said.
    const doc = await open(browser, 'en-US', launcherUrl('clinician', w.patient));
    await expect(doc.locator('.clinician-view[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
    const matters = doc.getByTestId('what-matters');
    await expect(matters).toContainText(w.goal.example);
    await expect(matters).toContainText(w.care.example);
    await expect(doc.getByTestId('agenda')).toContainText(w.agenda.item);

    // Only the outcome goal is offered for agreement; the care preference informs, it is not a goal.
    const negotiate = doc.getByTestId('negotiate');
    const agree = (text: string) =>
      negotiate.getByRole('button', { name: new RegExp(`^Agree on this goal\\s*:\\s*${text}$`) });
    await expect(agree(w.goal.example)).toHaveCount(1);
    await expect(agree(w.care.example)).toHaveCount(0);
    await agree(w.goal.example).click();
    const form = negotiate.getByTestId('goal-form');
    await expect(form.getByRole('textbox').first()).toHaveValue(w.goal.example);
    await form.getByRole('button', { name: 'Save — we both agree' }).click();
    await expect(negotiate.getByRole('status').first()).toHaveText('Goal saved.');

    // One prompt accepted, one declined as not a priority.
    const acp = doc.locator('article[data-rule="R10"]');
    await expect(acp).toBeVisible({ timeout: 30_000 });
    await acp.getByRole('button', { name: /^Agree:/ }).click();
    await expect(acp.getByText('Saved in the shared care plan.')).toBeVisible();
    const crc = doc.locator('article[data-rule="R8a"]');
    await crc.getByRole('button', { name: 'Decline…' }).click();
    await crc.getByRole('radio', { name: 'Not a priority for the patient now' }).check();
    await crc.getByRole('button', { name: 'Record the decline' }).click();
    await expect(crc).toBeHidden();

    // The plan lists the agreed goal, and is saved once.
    const plan = doc.getByTestId('shared-plan');
    await plan.getByRole('checkbox', { name: w.goal.example }).check();
    await plan.getByLabel('Visit summary').fill('We agreed what to do next.');
    await plan.getByRole('button', { name: 'Save the shared care plan' }).click();
    await expect(plan.getByText('Shared care plan saved.')).toBeVisible();

    // The print copy is the patient's plan, in the patient's language, with the same three groups.
    await doc.emulateMedia({ media: 'print' });
    const copy = doc.getByTestId('print-copy');
    await expect(copy).toBeVisible();
    await expect(copy).toContainText(w.print.title);
    await expect(copy).toContainText(w.goal.example);
    await expect(copy).toContainText(w.plan.doingItem);
    await expect(copy).toContainText(w.plan.declinedItem);
    await doc.context().close();

    // The patient reads the same decisions with the same meaning.
    const back = await open(browser, w.locale, launcherUrl('patient', w.patient));
    const view = back.getByTestId('care-plan');
    await expect(view).toBeVisible({ timeout: 30_000 });
    await expect(view.getByTestId('plan-goals')).toContainText(w.goal.example);
    await expect(view.getByRole('heading', { name: w.plan.doing })).toBeVisible();
    await expect(view.getByTestId('plan-doing')).toContainText(w.plan.doingItem);
    await expect(view.getByTestId('plan-doing')).not.toContainText(w.plan.declinedItem);
    await expect(view.getByRole('heading', { name: w.plan.declined })).toBeVisible();
    await expect(view.getByTestId('plan-declined')).toContainText(`${w.plan.declinedItem} — `);
    await expect(view.getByTestId('plan-declined')).toContainText(w.plan.reason);
    // The care preference is still what the patient said about care, never one of the plan's goals.
    await expect(view.getByTestId('plan-goals')).not.toContainText(w.care.example);
    await expect(back.getByTestId('care-burdensome')).toContainText(w.care.example);
    await back.context().close();
  });
}
