/**
 * E-visits, the clinician's side, through the sandbox: the patient sends a cold with no red flag;
 * the review queue (a clinician launch with no patient in context, user-level scopes) lists it;
 * the clinician opens it, reads the summary, sees the R7 prompt when an antibiotic is chosen, sends
 * self-care advice — with answers lost on the way and a retry — and each resource is written once;
 * the patient reads the reply in their own launch. A Spanish-speaking patient's reply is prefilled
 * in Spanish, and a send that meets an e-visit another clinician took writes nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import type { Bundle, Condition, QuestionnaireResponseItem, Task } from 'fhir/r4';
import {
  answerEvisit,
  APP_LAUNCH,
  FHIR_BASE,
  evisitQuestion,
  launcherUrl,
  pageCount,
  pageRead,
  resetSandbox,
  SANDBOX,
  setKnobs,
} from './support';

const QUEUE_LAUNCH = `${SANDBOX}/launcher?${new URLSearchParams({ role: 'clinician', queue: '1', launch_uri: APP_LAUNCH })}`;

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

const fhir = (page: Page, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
  pageRead(page, path, method, body);
const question = evisitQuestion;
const answer = answerEvisit;
const count = pageCount;

/**
 * An e-visit written straight to the server as the app writes one — the patient's answers, then
 * the Task that puts them in the queue — for tests whose subject is the clinician's side.
 */
async function writeEvisit(
  page: Page,
  patient: string,
  kind: 'uri' | 'lbp',
  items: QuestionnaireResponseItem[],
  task: Partial<Task> = {},
) {
  const now = new Date().toISOString();
  const slug = kind === 'uri' ? 'evisit-uri' : 'evisit-low-back-pain';
  const qr = await fhir(page, 'POST', 'QuestionnaireResponse', {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `https://common-ground.example/fhir/Questionnaire/${slug}|1.0.0`,
    status: 'completed',
    subject: { reference: `Patient/${patient}` },
    author: { reference: `Patient/${patient}` },
    authored: now,
    item: items,
  });
  await fhir(page, 'POST', 'Task', {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: 'https://common-ground.example/fhir/CodeSystem/evisit-task', code: kind }] },
    focus: { reference: `QuestionnaireResponse/${qr.id ?? ''}` },
    for: { reference: `Patient/${patient}` },
    authoredOn: now,
    reasonCode: {
      coding: [{ system: 'https://common-ground.example/fhir/CodeSystem/evisit-route', code: 'async-ok' }],
    },
    ...task,
  });
}

/** The patient's own e-visit, through the app: every red flag no, then the basics. */
async function patientSendsACold(page: Page) {
  await page.goto(launcherUrl('patient', 'cg-theo'));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  const section = page.locator('#new-problem');
  await section.getByRole('button', { name: 'A cold, sore throat or cough' }).click();
  await answer(page, 'uri-1', 'No');
  await question(page).getByRole('button', { name: "I don't know" }).click(); // no oximeter
  for (const id of [
    'uri-8',
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
  await answer(page, 'temperature', '100.2');
  await answer(page, 'medicines-tried', 'Honey and tea');
  await answer(page, 'allergies', 'Penicillin');
  await section.getByRole('button', { name: 'Send to my care team' }).click();
  await expect(section.getByTestId('evisit-sent')).toBeVisible();
}

test('queue → review → self-care reply sent once despite lost answers → the patient reads it', async ({
  page,
  browser,
}) => {
  // Two launches, a 22-question e-visit and the rule engine's first load, on a shared 2-core machine.
  test.setTimeout(90_000);
  await patientSendsACold(page);

  const ehr = await browser.newContext();
  const clinician = await ehr.newPage();
  await clinician.goto(QUEUE_LAUNCH);
  await expect(clinician.getByRole('heading', { name: 'E-visits waiting for review' })).toBeVisible();
  const row = clinician.getByTestId('evisit-queue-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Theo Nakamura');
  await expect(row).toContainText('A cold, sore throat or cough');
  await expect(row).toContainText('No red flag');

  // Keyboard: the row is a button; Enter opens the review, whose heading takes the focus.
  await row.getByRole('button').focus();
  await clinician.keyboard.press('Enter');
  const review = clinician.getByTestId('evisit-review');
  await expect(review.getByRole('heading', { level: 2 })).toBeFocused();
  const summary = review.getByTestId('evisit-summary');
  await expect(summary).toContainText('No red flag answered yes.');
  await expect(summary).toContainText('Main symptoms: cough.');
  await expect(summary).toContainText('In their words: “Stuffy nose at night”');
  await expect(summary).toContainText('Medicine allergies, as stated: “Penicillin”');
  await expect(summary).toContainText('Answered no: short of breath at rest');

  // Nothing is decided for the clinician: no diagnosis among two, no plan, no minutes, no message.
  const diagnosis = review.getByRole('combobox', { name: /^Diagnosis/ });
  await expect(diagnosis.locator('option:checked')).toHaveText('Choose a diagnosis');
  await expect(review.getByRole('radio', { checked: true })).toHaveCount(0);
  const message = review.getByRole('textbox', { name: 'Message to the patient, in English' });
  await expect(message).toHaveValue('');
  await expect(review.getByRole('textbox', { name: /Minutes spent/ })).toHaveValue('');
  const send = review.getByRole('button', { name: 'Send reply and close' });
  await expect(send).toBeDisabled();
  await expect(send).toHaveAccessibleDescription(
    'Choose a diagnosis. Choose a plan. Enter the minutes spent.',
  );

  // An antibiotic runs the stewardship check (R7) on the chosen diagnosis before anything can be sent.
  await diagnosis.selectOption('J00');
  await review.getByRole('radio', { name: /Antibiotic/ }).check();
  await expect(send).toBeDisabled();
  await expect(review.locator('article[data-rule="R7"]')).toBeVisible({ timeout: 30_000 });

  await review.getByRole('radio', { name: /Self-care advice/ }).check();
  await expect(message).toHaveValue(/Antibiotics do not help/);
  await expect(message).toHaveValue(/39 °C \(102.2 °F\)/);
  await review.getByRole('textbox', { name: /Minutes spent/ }).fill('12');
  await expect(review).toContainText('Billed as CPT 99422');

  // A reload keeps every choice with the message they shaped.
  await clinician.reload();
  await clinician.getByTestId('evisit-queue-row').getByRole('button').click();
  await expect(diagnosis.locator('option:checked')).toHaveText(/^Acute nasopharyngitis/);
  await expect(review.getByRole('radio', { name: /Self-care advice/ })).toBeChecked();
  await expect(review.getByRole('textbox', { name: /Minutes spent/ })).toHaveValue('12');
  await expect(message).toHaveValue(/Antibiotics do not help/);

  // The server saves the message but the answer never arrives, three times: the runtime's retries,
  // then the clinician's, send the same conditional create.
  let lost = 0;
  await clinician.route(`${FHIR_BASE}/Communication`, async (route) => {
    if (route.request().method() === 'POST' && lost++ < 3) {
      await route.fetch();
      return route.abort('failed');
    }
    return route.continue();
  });
  await review.getByRole('button', { name: 'Send reply and close' }).click();
  await expect(review.getByRole('alert')).toContainText('The reply was not fully sent');
  await review.getByRole('button', { name: 'Try again' }).click();
  await expect(clinician.getByTestId('evisit-queue-notice')).toContainText(
    'Reply sent to Theo Nakamura. The e-visit is closed.',
  );
  await expect(clinician.getByTestId('evisit-queue-empty')).toBeVisible();
  await ehr.close();

  expect(await count(page, 'Communication?subject=Patient/cg-theo')).toBe(1);
  expect(await count(page, 'Encounter?patient=cg-theo&class=VR')).toBe(1);
  // The diagnosis the clinician chose, not the first in the list.
  expect(await count(page, 'Condition?patient=cg-theo&code=J00')).toBe(1);
  expect(await count(page, 'Condition?patient=cg-theo&code=J06.9')).toBe(0);
  expect(await count(page, 'Task?patient=cg-theo&status=completed')).toBe(1);
  expect(JSON.stringify(await fhir(page, 'GET', 'Encounter?patient=cg-theo&class=VR'))).toContain('99422');

  await page.reload();
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('evisit-status')).toContainText('Reply from your care team');
  const reply = page.getByTestId('evisit-reply');
  await expect(reply).toContainText('Antibiotics do not help');
  // The message's blank line is a paragraph break on the patient's screen.
  await expect(reply.locator('p')).toHaveCount(2);
  await expect(reply.locator('p').nth(1)).toContainText('Call us back if you get a fever of 39 °C');
  // Signed with the reviewer's name, read from their Practitioner.
  await expect(reply.locator('footer')).toHaveText('— Dr. Jordan Lee');
});

test("a Spanish-speaking patient's reply is prefilled in Spanish, whatever the clinician reads", async ({
  page,
  browser,
}) => {
  await page.goto(launcherUrl('patient', 'cg-rosa'));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  // The patient's screens are walked in evisit-patient.spec.ts; here the request is written directly.
  await writeEvisit(page, 'cg-rosa', 'lbp', [
    { linkId: 'lbp-1', answer: [{ valueBoolean: false }] },
    { linkId: 'pain-score', answer: [{ valueInteger: 6 }] },
  ]);

  const ehr = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const clinician = await ehr.newPage();
  await clinician.goto(QUEUE_LAUNCH);
  await clinician.getByTestId('evisit-queue-row').getByRole('button').click();
  const review = clinician.getByTestId('evisit-review');
  await expect(review.getByTestId('evisit-summary')).toContainText('Pain now 6/10.');
  const message = review.getByRole('textbox', { name: 'Message to the patient, in Spanish' });
  await expect(message).toHaveAttribute('lang', 'es');
  await review.getByRole('radio', { name: /^Self-care advice/ }).check();
  await expect(message).toHaveValue(/La mayoría de los dolores de espalda nuevos mejoran solos/);
  await review.getByRole('radio', { name: 'Book a visit' }).check();
  await expect(message).toHaveValue(/llame a la clínica para pedir una cita/);
  await review.getByRole('textbox', { name: /Minutes spent/ }).fill('6');

  // Another clinician takes the e-visit meanwhile: this send stops at the Task (If-Match), before
  // writing anything of its own.
  const [taken] = ((await fhir(clinician, 'GET', 'Task?patient=cg-rosa')) as Bundle).entry ?? [];
  await fhir(clinician, 'PUT', `Task/${taken?.resource?.id ?? ''}`, {
    ...taken?.resource,
    status: 'in-progress',
  });
  const send = review.getByRole('button', { name: 'Send reply and close' });
  await send.click();
  await expect(review.getByRole('alert')).toContainText(
    'Another reviewer took this e-visit while you were writing. Nothing of your reply was sent',
  );
  expect(await count(page, 'Communication?subject=Patient/cg-rosa')).toBe(0);
  expect(await count(page, 'Encounter?patient=cg-rosa&class=VR')).toBe(0);
  // Replying anyway is a choice the clinician makes, with the message they wrote kept.
  const held = review.getByTestId('evisit-held');
  await expect(held).toContainText('Another reviewer began replying to this e-visit.');
  await expect(send).toBeDisabled();
  await expect(message).toHaveValue(/llame a la clínica para pedir una cita/);
  await held.getByRole('button', { name: 'Take this e-visit over and reply' }).click();
  await send.click();
  await expect(clinician.getByTestId('evisit-queue-notice')).toContainText('Reply sent to');
  expect(await count(page, 'Communication?subject=Patient/cg-rosa')).toBe(1);
  const [closed] = ((await fhir(clinician, 'GET', 'Task?patient=cg-rosa')) as Bundle<Task>).entry ?? [];
  expect(closed?.resource).toMatchObject({
    status: 'completed',
    owner: { reference: 'Practitioner/cg-dr-lee' },
  });
  await ehr.close();
});

test('a clinician reading in Spanish chooses among Spanish code names; the record keeps the code system display', async ({
  page,
  browser,
}) => {
  await page.goto(launcherUrl('patient', 'cg-rosa'));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await writeEvisit(page, 'cg-rosa', 'lbp', [{ linkId: 'lbp-1', answer: [{ valueBoolean: false }] }]);

  const ehr = await browser.newContext({ locale: 'es-ES' });
  const clinician = await ehr.newPage();
  await clinician.goto(QUEUE_LAUNCH);
  await clinician.getByTestId('evisit-queue-row').getByRole('button').click();
  const review = clinician.getByTestId('evisit-review');
  // Words about the patient agree with Rosa's recorded gender, as in her workspace.
  await expect(review).toContainText('Lo que contó la paciente');
  await expect(review).toContainText('Lo que le importa a la paciente');
  const diagnosis = review.getByRole('combobox', { name: /^Diagnóstico/ });
  await expect(diagnosis.locator('option')).toHaveText(['Dolor lumbar, no especificado (M54.50)']);
  await review.getByRole('radio', { name: 'Imagen de columna lumbar, como orden propuesta' }).check();
  // The order is checked only once a study is chosen: none is picked for the clinician.
  await expect(review.getByTestId('evisit-stewardship')).toContainText('Elija el estudio: se comprueba');
  await expect(review.getByRole('combobox', { name: 'Estudio' }).locator('option')).toHaveText([
    'Elija el estudio',
    'Radiografía de la columna lumbar (CPT 72100)',
    'Resonancia magnética de la columna lumbar sin contraste (CPT 72148)',
  ]);
  await review.getByRole('radio', { name: /^Consejos de autocuidado/ }).check();
  await review.getByRole('textbox', { name: /^Minutos dedicados/ }).fill('8');
  await expect(review).toContainText(
    'Se factura como CPT 99421: servicio de evaluación y manejo digital en línea, 5 a 10 minutos.',
  );
  await review.getByRole('button', { name: 'Enviar respuesta y cerrar' }).click();
  await expect(clinician.getByTestId('evisit-queue-notice')).toContainText('Respuesta enviada a');
  const [condition] =
    ((await fhir(page, 'GET', 'Condition?patient=cg-rosa&category=encounter-diagnosis')) as Bundle<Condition>)
      .entry ?? [];
  expect(condition?.resource?.code?.coding?.[0]).toMatchObject({
    code: 'M54.50',
    display: 'Low back pain, unspecified',
  });
  await ehr.close();
});

test('an e-visit a colleague is answering shows who, and is not answered twice by accident', async ({
  page,
  browser,
}) => {
  await page.goto(launcherUrl('patient', 'cg-theo'));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  // Taken by the nurse practitioner, as the app takes one: in progress, owned by them. One instant
  // for both dates: Task's inv-1 refuses a lastModified before authoredOn, which two clock reads
  // a millisecond apart could give.
  const taken = new Date().toISOString();
  await writeEvisit(page, 'cg-theo', 'uri', [{ linkId: 'uri-1', answer: [{ valueBoolean: false }] }], {
    status: 'in-progress',
    owner: { reference: 'Practitioner/cg-np-okafor', display: 'Chidi Okafor, NP' },
    authoredOn: taken,
    lastModified: taken,
  });

  const ehr = await browser.newContext();
  const clinician = await ehr.newPage();
  await clinician.goto(QUEUE_LAUNCH);
  const row = clinician.getByTestId('evisit-queue-row');
  await expect(row).toContainText('in review by Chidi Okafor, NP');
  await row.getByRole('button').click();
  const review = clinician.getByTestId('evisit-review');
  const held = review.getByTestId('evisit-held');
  await expect(held).toContainText('Chidi Okafor, NP began replying to this e-visit.');
  await expect(review.getByRole('button', { name: 'Send reply and close' })).toBeDisabled();
  await expect(held.getByRole('button', { name: 'Reply instead of Chidi Okafor, NP' })).toBeVisible();
  expect(await count(page, 'Communication?subject=Patient/cg-theo')).toBe(0);
  await ehr.close();
});

test('an antibiotic for a cold: the R7 prompt inline, declined with a reason, then the reply goes with the order', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await page.goto(launcherUrl('patient', 'cg-theo'));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  // The patient's screens are walked above; here the request is written directly.
  await writeEvisit(page, 'cg-theo', 'uri', [{ linkId: 'uri-1', answer: [{ valueBoolean: false }] }]);

  const ehr = await browser.newContext();
  const clinician = await ehr.newPage();
  await clinician.goto(QUEUE_LAUNCH);
  await clinician.getByTestId('evisit-queue-row').getByRole('button').click();
  const review = clinician.getByTestId('evisit-review');
  await review.getByRole('combobox', { name: /^Diagnosis/ }).selectOption('J06.9');
  await review.getByRole('radio', { name: /Antibiotic/ }).check();
  const send = review.getByRole('button', { name: 'Send reply and close' });
  await expect(send).toBeDisabled();
  const r7 = review.locator('article[data-rule="R7"]');
  await expect(r7).toBeVisible({ timeout: 30_000 });
  await expect(r7.getByRole('heading', { level: 4 })).toContainText('Antibiotic for a cold');

  await r7.getByRole('button', { name: 'Decline…' }).click();
  await r7.getByRole('radio', { name: 'Clinical reason (see note)' }).check();
  await r7
    .getByRole('textbox', { name: 'Note (optional)' })
    .fill('Ear pain on video; treating as otitis media');
  await r7.getByRole('button', { name: 'Record the decline' }).click();
  await expect(r7.getByText('Saved in the shared care plan.')).toBeVisible();
  await expect(review.getByTestId('evisit-stewardship')).toContainText('Declined with a reason');
  await review.getByRole('textbox', { name: /Minutes spent/ }).fill('8');
  await expect(send).toBeEnabled();
  await send.click();
  await expect(clinician.getByTestId('evisit-queue-notice')).toContainText('Reply sent to');
  await ehr.close();

  // The decline is in the shared plan once, with its reason; the order is written once, as intended.
  const plans = (await fhir(page, 'GET', 'CarePlan?patient=cg-theo')) as Bundle;
  const activities = (plans.entry ?? []).flatMap(
    (e) =>
      (e.resource as { activity?: { detail?: { code?: { coding?: { code?: string }[] } } }[] }).activity ??
      [],
  );
  const r7Activities = activities.filter((a) => a.detail?.code?.coding?.some((c) => c.code === 'R7'));
  expect(r7Activities).toHaveLength(1);
  expect(JSON.stringify(r7Activities[0])).toContain('treating as otitis media');
  const orders = (await fhir(page, 'GET', 'MedicationRequest?patient=cg-theo&intent=proposal')) as Bundle;
  expect(orders.entry ?? []).toHaveLength(1);
});
