/**
 * The patient's voice through the sandbox: launch, say what matters, save, close the browser,
 * launch again and see it; the same in Spanish; saves under injected faults; axe on each screen
 * at phone and desktop size; the main flow by keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import type { Goal, QuestionnaireResponse } from 'fhir/r4';
import { launcherUrl, pageFhir, pageSearch, resetSandbox, setKnobs } from './support';

const THEO = 'cg-theo';
const ROSA = 'cg-rosa';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

async function launchPatient(page: Page, id: string): Promise<void> {
  await page.goto(launcherUrl('patient', id));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expect(page.locator('#what-matters form')).toBeVisible();
}

const fhirSearch = pageSearch;

const mattersForm = (page: Page) => page.locator('#what-matters form');
const careForm = (page: Page) => page.locator('#care form');
const agenda = (page: Page) => page.locator('#agenda');

async function addAim(page: Page, kind: RegExp, words: { example?: string; own?: string }) {
  const form = mattersForm(page);
  await form.getByRole('radio', { name: kind }).check();
  if (words.example) await form.getByRole('button', { name: words.example, exact: true }).click();
  if (words.own) await form.getByRole('textbox').fill(words.own);
  await form.getByRole('button', { name: /^(Save|Guardar)$/ }).click();
  await expect(form.getByRole('status').filter({ hasText: /^(Saved\.|Guardado\.)$/ })).toBeVisible();
}

async function addCare(page: Page, kind: RegExp, example: string) {
  const form = careForm(page);
  await form.getByRole('radio', { name: kind }).check();
  await form.getByRole('button', { name: example, exact: true }).click();
  await form.getByRole('button', { name: /^(Save|Guardar)$/ }).click();
  await expect(form.getByRole('status').filter({ hasText: /^(Saved\.|Guardado\.)$/ })).toBeVisible();
}

async function fillAgenda(page: Page, concerns: string[], addLabel: RegExp, saveLabel: RegExp) {
  for (const c of concerns) {
    await agenda(page).getByRole('button', { name: addLabel }).click();
    await page.keyboard.type(c);
  }
  await agenda(page).getByRole('button', { name: saveLabel }).click();
  await expect(
    agenda(page)
      .getByRole('status')
      .filter({ hasText: /^(Saved\.|Guardado\.)$/ }),
  ).toBeVisible();
}

async function freshPage(browser: Browser, viewport = DESKTOP, locale = 'en-US') {
  const context = await browser.newContext({ viewport, locale });
  return { context, page: await context.newPage() };
}

async function expectNoSeriousAxe(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    label,
  ).toEqual([]);
}

test('a patient says what matters, saves, closes the browser, and sees it all on the next launch', async ({
  browser,
}) => {
  const first = await freshPage(browser);
  const page = first.page;
  await launchPatient(page, THEO);
  await addAim(page, /What matters most in my life/, { example: 'Time with my family' });
  await addAim(page, /Something I want to be able to do/, {
    own: 'Walk my dog to the park <b>every</b> day 🐕',
  });
  await page.getByRole('button', { name: /^Make this the one thing: Walk my dog/ }).click();
  await expect(page.getByTestId('one-thing')).toContainText('Walk my dog to the park <b>every</b> day 🐕');
  await expect(page.getByTestId('order-status')).toContainText('Saved.');
  await addCare(page, /Care that is hard for me/, 'Taking more pills');
  await addCare(page, /Care that helps me/, 'More visits to the doctor');
  await fillAgenda(
    page,
    ['My knee hurts on the stairs', 'Do I still need the water pill?'],
    /Add something/,
    /Save my list/,
  );

  // What the record now holds: standards-shaped Goals and one agenda response.
  const goals = await fhirSearch<Goal>(page, `Goal?patient=${THEO}`);
  expect(goals).toHaveLength(4);
  for (const g of goals) {
    expect(g.lifecycleStatus).toBe('proposed');
    expect(g.expressedBy?.reference).toBe(`Patient/${THEO}`);
    expect(g.category?.[0]?.coding?.[0]?.code).toBe('what-matters');
    expect(g.startDate).toBeTruthy();
  }
  expect(
    goals.filter((g) => g.priority?.coding?.[0]?.code === 'high-priority').map((g) => g.description.text),
  ).toEqual(['Walk my dog to the park <b>every</b> day 🐕']);
  const qrs = await fhirSearch<QuestionnaireResponse>(page, `QuestionnaireResponse?patient=${THEO}`);
  expect(qrs).toHaveLength(1);
  expect(qrs[0]?.status).toBe('in-progress');
  await first.context.close();

  const second = await freshPage(browser);
  await launchPatient(second.page, THEO);
  const p2 = second.page;
  await expect(p2.getByTestId('one-thing')).toContainText('Walk my dog to the park <b>every</b> day 🐕');
  await expect(p2.getByTestId('others')).toContainText('Time with my family');
  await expect(p2.getByTestId('care-burdensome')).toContainText('Taking more pills');
  await expect(p2.getByTestId('care-helpful')).toContainText('More visits to the doctor');
  await expect(p2.getByLabel('Thing to talk about, number 1')).toHaveValue('My knee hurts on the stairs');
  await expect(p2.getByLabel('Thing to talk about, number 2')).toHaveValue('Do I still need the water pill?');
  expect(await p2.locator('#what-matters b').count()).toBe(0);
  await second.context.close();

  // The clinician's launch reads the same Goals back from the server.
  const doc = await freshPage(browser);
  await doc.page.goto(launcherUrl('clinician', THEO));
  await expect(doc.page.getByText('Walk my dog to the park <b>every</b> day 🐕').first()).toBeVisible();
  await doc.context.close();
});

test('the same in Spanish: the patient’s language is used, and the patient can switch', async ({
  browser,
}) => {
  const first = await freshPage(browser, PHONE, 'es-ES');
  const page = first.page;
  await launchPatient(page, ROSA);
  await expect(page.getByRole('heading', { name: 'Lo que me importa', exact: true })).toBeVisible();
  await addAim(page, /Algo que quiero poder hacer/, { example: 'Jugar con mis nietos' });
  await addCare(page, /Atención que me cuesta/, 'Quedarme en el hospital');
  await fillAgenda(page, ['Me duele la espalda'], /Agregar algo para hablar/, /Guardar mi lista/);
  await first.context.close();

  const second = await freshPage(browser, PHONE, 'es-ES');
  await launchPatient(second.page, ROSA);
  await expect(second.page.getByTestId('others')).toContainText('Jugar con mis nietos');
  await expect(second.page.getByTestId('care-burdensome')).toContainText('Quedarme en el hospital');
  await expect(second.page.getByLabel('Tema para hablar, número 1')).toHaveValue('Me duele la espalda');
  // The patient switches to English.
  await second.page.getByRole('combobox').selectOption('en');
  await expect(second.page.getByRole('heading', { name: 'What matters to me', exact: true })).toBeVisible();
  await second.context.close();

  const theo = await freshPage(browser);
  await launchPatient(theo.page, THEO);
  await theo.page.getByRole('combobox').selectOption('es');
  await expect(theo.page.getByRole('heading', { name: 'Mi lista para la próxima cita' })).toBeVisible();
  await theo.context.close();
});

test('a save while the sandbox injects errors recovers with nothing lost and no duplicate', async ({
  page,
}) => {
  await launchPatient(page, THEO);
  const form = mattersForm(page);
  await form.getByRole('radio', { name: /Something I want to be able to do/ }).check();
  await form.getByRole('textbox').fill('Sleep without waking up in pain');
  // A reload keeps what was typed, and the kind chosen.
  await page.reload();
  await expect(page.locator('#what-matters form')).toBeVisible();
  await expect(form.getByRole('textbox')).toHaveValue('Sleep without waking up in pain');
  await expect(form.getByRole('radio', { name: /Something I want to be able to do/ })).toBeChecked();

  await setKnobs({ failNext: 3 });
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  const failed = form.getByTestId('save-failed');
  await expect(failed).toContainText('We could not save this');
  await expect(form.getByRole('textbox')).toHaveValue('Sleep without waking up in pain');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // Random failures: keep pressing Try again until it is saved, as a patient would.
  await form.getByRole('radio', { name: /What matters most in my life/ }).check();
  await form.getByRole('textbox').fill('See my sister in Texas');
  await setKnobs({ errorRate: 0.6 });
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  const saved = form.getByRole('status').filter({ hasText: 'Saved.' });
  const retry = failed.getByRole('button', { name: 'Try again' });
  for (let i = 0; i < 60 && !(await saved.isVisible()); i++) {
    if (await retry.isVisible()) await retry.click();
    await page.waitForTimeout(250);
  }
  await expect(saved).toBeVisible();
  await setKnobs({ errorRate: 0 });

  const goals = await fhirSearch<Goal>(page, `Goal?patient=${THEO}`);
  expect(goals.map((g) => g.description.text).sort()).toEqual([
    'See my sister in Texas',
    'Sleep without waking up in pain',
  ]);
});

test('an edit that meets a newer version shows both and saves the patient’s choice on the newer one', async ({
  page,
}) => {
  await launchPatient(page, THEO);
  await addAim(page, /Something I want to be able to do/, { own: 'Garden on Saturdays' });
  await page.getByRole('button', { name: 'Change: Garden on Saturdays' }).click();
  await page.getByLabel('Change what you wrote').fill('Garden on Saturday mornings');
  // Someone else saves a newer version meanwhile.
  const [goal] = await fhirSearch<Goal>(page, `Goal?patient=${THEO}`);
  const { status } = await pageFhir(page, 'PUT', `Goal/${goal?.id ?? ''}`, {
    body: { ...goal, description: { text: 'Garden with help on Saturdays' } },
    ifMatch: `W/"${goal?.meta?.versionId ?? ''}"`,
  });
  expect(status).toBe(200);
  await page.getByRole('button', { name: 'Save change' }).click();
  const conflict = page.getByTestId('conflict');
  await expect(conflict.getByTestId('conflict-mine')).toContainText('Garden on Saturday mornings');
  await expect(conflict.getByTestId('conflict-theirs')).toContainText('Garden with help on Saturdays');
  await expectNoSeriousAxe(page, 'conflict');
  await conflict.getByRole('button', { name: 'Keep my version' }).click();
  await expect(conflict).toHaveCount(0);
  const after = await fhirSearch<Goal>(page, `Goal?patient=${THEO}`);
  expect(after.map((g) => g.description.text)).toEqual(['Garden on Saturday mornings']);
});

for (const [name, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`axe finds no serious or critical problems on the patient screens (${name})`, async ({ browser }) => {
    const { context, page } = await freshPage(browser, viewport);
    await launchPatient(page, THEO);
    await expectNoSeriousAxe(page, 'empty home');
    // The home's cards form one column: the e-visit card lines up with the voice cards above it.
    await expect(page.locator('#new-problem')).toBeVisible();
    const edges = await page.locator('.voice-section').evaluateAll((all) =>
      all.map((el) => {
        const r = el.getBoundingClientRect();
        return `${Math.round(r.left)}–${Math.round(r.right)}`;
      }),
    );
    expect(new Set(edges).size, edges.join(', ')).toBe(1);
    await addAim(page, /Something I want to be able to do/, { example: 'Keep driving' });
    await addAim(page, /What matters most in my life/, { own: 'Mi familia ‏مرض السكري‏ 🫀' });
    await addCare(page, /Care that is hard for me/, 'More blood tests or scans');
    await fillAgenda(page, ['Knee pain'], /Add something/, /Save my list/);
    await expectNoSeriousAxe(page, 'filled home');
    await page.getByRole('button', { name: 'Remove: Keep driving' }).click();
    await expectNoSeriousAxe(page, 'confirm remove');
    await page.getByRole('button', { name: 'Yes, take it off' }).click();
    await page.getByTestId('retired').locator('summary').click();
    await page.getByRole('button', { name: /^Change: Mi familia/ }).click();
    await expectNoSeriousAxe(page, 'editing and removed list');
    // A real change: a save of the same words has nothing to send, so it could not fail.
    await page.getByLabel('Change what you wrote').fill('Mi familia y mis amigos ‏مرض السكري‏ 🫀');
    await setKnobs({ failNext: 3 });
    await page.getByRole('button', { name: 'Save change' }).click();
    await expect(page.getByTestId('save-failed')).toBeVisible();
    await expectNoSeriousAxe(page, 'failed save');
    await setKnobs({ failNext: 0 });
    await page.getByRole('combobox').selectOption('es');
    await expect(page.getByRole('heading', { name: 'Lo que me importa', exact: true })).toBeVisible();
    await expectNoSeriousAxe(page, 'Spanish');
    await context.close();
  });
}

/** Presses Tab until the target has focus: proves it can be reached by keyboard alone. */
async function tabTo(page: Page, target: Locator, max = 250): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Could not reach ${String(target)} with Tab`);
}

test('the main flow works by keyboard alone', async ({ page }) => {
  await launchPatient(page, THEO);
  await page.locator('body').focus();
  const form = mattersForm(page);
  // An example, by keyboard.
  // Nothing is chosen for the patient: Tab reaches the group at its first radio; the arrow keys choose.
  await expect(form.getByRole('radio', { checked: true })).toHaveCount(0);
  await tabTo(page, form.getByRole('radio', { name: /What matters most in my life/ }));
  await page.keyboard.press('ArrowDown');
  await expect(form.getByRole('radio', { name: /Something I want to be able to do/ })).toBeChecked();
  await tabTo(page, form.getByRole('button', { name: 'Keep driving', exact: true }));
  await page.keyboard.press('Enter');
  await tabTo(page, form.getByRole('button', { name: 'Save', exact: true }));
  await page.keyboard.press('Enter');
  await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // Own words, by keyboard: the kind first (Space chooses the radio Tab lands on).
  await tabTo(page, form.getByRole('radio', { name: /What matters most in my life/ }));
  await page.keyboard.press('Space');
  await expect(form.getByRole('radio', { name: /What matters most in my life/ })).toBeChecked();
  await tabTo(page, form.getByRole('textbox'));
  await page.keyboard.type('Cook dinner for my family');
  await tabTo(page, form.getByRole('button', { name: 'Save', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('others')).toContainText('Cook dinner for my family');
  // The one thing and a move, by keyboard.
  await tabTo(page, page.getByRole('button', { name: 'Make this the one thing: Cook dinner for my family' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('one-thing')).toContainText('Cook dinner for my family');
  // A care preference.
  const care = careForm(page);
  await tabTo(page, care.getByRole('radio', { name: /Care that helps me/ }));
  await page.keyboard.press('ArrowDown');
  await expect(care.getByRole('radio', { name: /Care that is hard for me/ })).toBeChecked();
  await tabTo(page, care.getByRole('button', { name: 'Staying in the hospital', exact: true }));
  await page.keyboard.press('Enter');
  await tabTo(page, care.getByRole('button', { name: 'Save', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('care-burdensome')).toContainText('Staying in the hospital');
  // The agenda.
  await tabTo(page, agenda(page).getByRole('button', { name: 'Add something to talk about' }));
  await page.keyboard.press('Enter');
  await page.keyboard.type('Dizzy when I stand up');
  await tabTo(page, agenda(page).getByRole('button', { name: 'Save my list' }));
  await page.keyboard.press('Enter');
  await expect(agenda(page).getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const goals = await fhirSearch<Goal>(page, `Goal?patient=${THEO}`);
  expect(goals).toHaveLength(3);
  const qrs = await fhirSearch<QuestionnaireResponse>(page, `QuestionnaireResponse?patient=${THEO}`);
  expect(qrs).toHaveLength(1);
});

test('an expired access token is renewed with the refresh token, and the save goes through', async ({
  page,
}) => {
  // Long enough for the launch and first read on a busy CI machine, short enough to expire mid-test.
  await setKnobs({ tokenLifetimeSeconds: 4 });
  await launchPatient(page, THEO);
  await page.waitForTimeout(4500);
  await addAim(page, /Something I want to be able to do/, { own: 'Swim in the lake this summer' });
  const goals = await fhirSearch<Goal>(page, `Goal?patient=${THEO}`);
  expect(goals.map((g) => g.description.text)).toContain('Swim in the lake this summer');
});

test('when the session cannot be renewed, the page says how to go on and the typed words wait for the next launch', async ({
  page,
}) => {
  // Long enough for the launch and first read on a busy CI machine, short enough to expire mid-test.
  await setKnobs({ tokenLifetimeSeconds: 4 });
  // A server that grants no refresh token (no online_access): the expired token is all the app has.
  await page.goto(launcherUrl('patient', THEO, { grant: 'launch/patient openid fhirUser patient/*.cruds' }));
  await expect(page.locator('#what-matters form')).toBeVisible();
  await page.waitForTimeout(4500);
  const form = mattersForm(page);
  await form.getByRole('radio', { name: /Something I want to be able to do/ }).check();
  await form.getByRole('textbox').fill('Teach my grandson to fish');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('Your session has ended');
  await expect(page.getByRole('link', { name: 'Start again' })).toBeVisible();

  await setKnobs({ tokenLifetimeSeconds: 3600 });
  await launchPatient(page, THEO);
  await expect(mattersForm(page).getByRole('textbox')).toHaveValue('Teach my grandson to fish');
});
