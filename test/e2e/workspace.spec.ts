/**
 * The clinician workspace through the sandbox: a patient records priorities and an agenda; the
 * clinician launches, sees them first, checks off an agenda item, agrees on a goal with a target,
 * writes the shared care plan, relaunches and finds it; the patient's launch then shows the plan.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Bundle, CarePlan, FhirResource, Goal } from 'fhir/r4';
import { AGENDA_CANONICAL, agendaAnswers } from '../../src/core/voice/agenda';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import { launcherUrl, pageRead, resetSandbox, setKnobs } from './support';

const MARIA = 'cg-maria';
const WALTER = 'cg-walter';
const ONE_THING = 'Dance at my grandson’s wedding in June';

test.beforeEach(async () => {
  await resetSandbox();
  await setKnobs({ latencyMs: 0, errorRate: 0, failNext: 0 });
});

const fhir = <T>(page: Page, method: 'GET' | 'POST', path: string, body?: FhirResource) =>
  pageRead<T>(page, path, method, body);

/** What the patient prepared before the visit, written with the patient's own token. */
async function patientPrepares(page: Page) {
  await page.goto(launcherUrl('patient', MARIA));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  const id = () => ({ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` });
  const ctx = { patientId: MARIA, today };
  await fhir(
    page,
    'POST',
    'Goal',
    newPriorityGoal(
      { kind: 'outcome-goal', text: ONE_THING, oneThing: true, rank: 1 },
      { ...ctx, identifier: id() },
    ),
  );
  await fhir(
    page,
    'POST',
    'Goal',
    newPriorityGoal({ kind: 'value', text: 'Stay in my own home', rank: 2 }, { ...ctx, identifier: id() }),
  );
  await fhir(
    page,
    'POST',
    'Goal',
    newPriorityGoal(
      { kind: 'care-burdensome', text: 'Finger-sticks four times a day' },
      { ...ctx, identifier: id() },
    ),
  );
  await fhir(page, 'POST', 'QuestionnaireResponse', {
    resourceType: 'QuestionnaireResponse',
    identifier: id(),
    questionnaire: AGENDA_CANONICAL,
    status: 'completed',
    subject: { reference: `Patient/${MARIA}` },
    authored: today,
    item: agendaAnswers([
      { text: 'My knee hurts on the stairs', addressed: false },
      { text: 'Can I take fewer pills?', addressed: false },
    ]),
  });
}

async function axeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

async function launchClinician(page: Page, patient = MARIA) {
  await page.goto(launcherUrl('clinician', patient));
  await expect(page.locator('.clinician-view[data-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('shared-plan')).toBeVisible();
}

test('clinician: priorities first, agenda check-off, goal agreed with a target, shared plan written and found again; the patient sees it', async ({
  page,
  browser,
}) => {
  await patientPrepares(page);

  const clinician = await (await browser.newContext()).newPage();
  await launchClinician(clinician);

  // What matters to the patient, before anything else on the page.
  const matters = clinician.getByTestId('what-matters');
  await expect(matters.getByTestId('one-thing')).toContainText(ONE_THING);
  await expect(matters).toContainText('Stay in my own home');
  await expect(matters).toContainText('Finger-sticks four times a day');
  await expect(clinician.locator('main h2').first()).toHaveText('What matters to this patient');
  const top = async (testId: string) => (await clinician.getByTestId(testId).boundingBox())?.y ?? Infinity;
  expect(await top('what-matters')).toBeLessThan(await top('negotiate'));

  // The agenda: one item checked off, and saved.
  const agenda = clinician.getByTestId('agenda');
  await agenda.getByRole('checkbox', { name: 'My knee hurts on the stairs' }).check();
  await expect(agenda.getByRole('status')).toHaveText('1 of 2 talked about.');

  // Agree on the patient's goal with a target and the problem it addresses (keyboard for the form).
  const negotiate = clinician.getByTestId('negotiate');
  await negotiate
    .getByRole('button', { name: new RegExp(`^Agree on this goal\\s*:\\s*${ONE_THING}$`) })
    .click();
  const form = negotiate.getByTestId('goal-form');
  await form.getByRole('button', { name: 'Add a target' }).press('Enter');
  const target = form.getByRole('group', { name: 'Target 1' });
  await target.getByLabel('Measure').selectOption('hba1c');
  await target.getByLabel('Target').selectOption('below');
  await form.getByLabel('Value').fill('8');
  await form.getByRole('checkbox', { name: 'Type 2 diabetes' }).check();
  await form.getByRole('radio', { name: /^Active/ }).check();
  await form.getByRole('button', { name: 'Save — we both agree' }).click();
  await expect(negotiate.getByRole('status').first()).toHaveText('Goal saved.');
  // The EHR's own goal ("<8 %") and the one just agreed (at or below 8), each as written.
  await expect(clinician.getByTestId('trend-hba1c')).toContainText('Goal: below 8 %; at or below 8 %.');

  // The shared care plan.
  const plan = clinician.getByTestId('shared-plan');
  await plan.getByRole('checkbox', { name: ONE_THING }).check();
  await plan.getByLabel('What, in plain words').fill('Walk 20 minutes after dinner');
  await plan.getByLabel('Decision').selectOption('agreed');
  await plan.getByRole('button', { name: 'Add', exact: true }).click();
  await plan.getByLabel('What, in plain words').fill('Check sugar four times a day');
  await plan.getByLabel('Decision').selectOption('not-to-do');
  await plan.getByLabel('Why (optional)').fill('Too burdensome; once a day is enough');
  await plan.getByRole('button', { name: 'Add', exact: true }).click();
  await plan
    .getByLabel('Visit summary')
    .fill('We will aim for the wedding: walking daily, fewer finger-sticks.');
  expect(await axeViolations(clinician)).toEqual([]);
  await plan.getByRole('button', { name: 'Save the shared care plan' }).click();
  await expect(plan.getByText('Shared care plan saved.')).toBeVisible();

  // On the server: one shared plan, as US Core asks; the goal agreed, the agenda checked.
  const plans =
    (await fhir<Bundle>(clinician, 'GET', `CarePlan?patient=${MARIA}&_count=200`)).entry?.map(
      (e) => e.resource as CarePlan,
    ) ?? [];
  const ours = plans.filter((p) =>
    p.category?.some((c) => c.coding?.some((x) => x.code === 'shared-care-plan')),
  );
  expect(ours).toHaveLength(1);
  expect(ours[0]?.author?.reference).toMatch(/^Practitioner\//);
  // Maria's clinic already had an active assess-plan plan: it is continued, its activity kept first.
  expect(ours[0]?.id).toBe('cg-maria-careplan');
  const notToDo = ours[0]?.activity?.find((a) => a.detail?.description === 'Check sugar four times a day');
  expect(notToDo?.detail?.doNotPerform).toBe(true);
  const goals =
    (await fhir<Bundle>(clinician, 'GET', `Goal?patient=${MARIA}`)).entry?.map((e) => e.resource as Goal) ??
    [];
  const agreed = goals.find((g) => g.description.text === ONE_THING);
  expect(agreed?.lifecycleStatus).toBe('active');
  expect(agreed?.target?.[0]?.detailRange?.high?.value).toBe(8);

  // The printed copy is the patient's plan alone.
  await clinician.emulateMedia({ media: 'print' });
  await expect(clinician.getByTestId('print-copy')).toBeVisible();
  await expect(clinician.getByTestId('what-matters')).toBeHidden();
  await expect(clinician.getByTestId('print-copy')).toContainText('Walk 20 minutes after dinner');
  await clinician.emulateMedia({ media: 'screen' });

  // Relaunch: the plan, the check-off and the agreed goal are there.
  const again = await (await browser.newContext()).newPage();
  await launchClinician(again);
  await expect(again.getByTestId('plan-saved-at')).toBeVisible();
  await expect(again.getByTestId('plan-activities')).toContainText('Walk 20 minutes after dinner');
  await expect(again.getByTestId('plan-activities')).toContainText('Check sugar four times a day');
  await expect(again.getByRole('checkbox', { name: 'My knee hurts on the stairs' })).toBeChecked();
  await expect(again.getByLabel('Visit summary')).toHaveValue(
    'We will aim for the wedding: walking daily, fewer finger-sticks.',
  );

  // The patient's own launch shows the plan.
  const patient = await (await browser.newContext()).newPage();
  await patient.goto(launcherUrl('patient', MARIA));
  await expect(patient.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expect(patient.getByTestId('care-plan')).toContainText('Walk 20 minutes after dinner');
});

test('clinician without write scopes: read-only, and says why', async ({ page }) => {
  await page.goto(launcherUrl('clinician', MARIA, { grant: 'launch openid fhirUser patient/*.rs' }));
  await expect(page.locator('.clinician-view[data-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('read-only')).toContainText('Goal, CarePlan, QuestionnaireResponse');
  await expect(page.getByRole('button', { name: 'Save the shared care plan' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Propose a clinical goal' })).toBeDisabled();
});

test('clinician with no recorded priorities is prompted to ask, and records the patient’s words', async ({
  page,
}) => {
  // Walter has recorded no priorities of his own.
  await launchClinician(page, WALTER);
  const matters = page.getByTestId('what-matters');
  await expect(matters.getByTestId('matters-empty')).toContainText('What matters most to you');
  await matters.getByLabel("In the patient's words").fill('Keep driving to church on Sundays');
  await matters.getByLabel('Something they want to be able to do').check();
  await matters.getByLabel('This is the one thing that matters most').check();
  await matters.getByRole('button', { name: "Save the patient's words" }).click();
  await expect(matters.getByTestId('one-thing')).toContainText('Keep driving to church on Sundays');
  const goals =
    (await fhir<Bundle>(page, 'GET', `Goal?patient=${WALTER}`)).entry?.map((e) => e.resource as Goal) ?? [];
  const recorded = goals.find((g) => g.description.text === 'Keep driving to church on Sundays');
  expect(recorded?.expressedBy?.reference).toBe(`Patient/${WALTER}`);
  expect(recorded?.note?.[0]?.authorReference?.reference).toMatch(/^Practitioner\//);
});
