/**
 * Spanish is never mixed with English: every screen of both views, walked in Spanish with its forms
 * and details open, shows none of the app's own English — no English catalog value and no English
 * prompt text whose Spanish differs. Words from the record and the patient's own words are exempt
 * (they are not in the catalogs). Words about the patient agree with her recorded gender.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EN as PROMPTS_EN, ES as PROMPTS_ES } from '../../src/core/prompts/messages/index';
import { launcherUrl, resetSandbox } from './support';

const ROSA = 'cg-rosa'; // Spanish-speaking, female (fhir-fixtures/patients/rosa-spanish.json)
const SAFETY = 'r2-safety-pos'; // five prompts, a safety warning among them (rules/r2.json)
const REWORDED = 'prio-eol-goal'; // R4 with notes, benefits and harms, reworded for an end-of-life goal
const I18N = fileURLToPath(new URL('../../src/i18n/', import.meta.url));

function flatten(obj: unknown, prefix = ''): [string, string][] {
  if (typeof obj === 'string') return [[prefix, obj]];
  if (typeof obj !== 'object' || obj === null) return [];
  return Object.entries(obj).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

interface EnglishText {
  key: string;
  en: string;
  pattern: RegExp;
}

/** The app's English that has a different Spanish: every catalog value and prompt message. */
function englishTexts(): EnglishText[] {
  const pairs: [string, string, string | undefined][] = [];
  const spanish = new Set<string>();
  for (const file of readdirSync(I18N).filter((f) => /(^|\.)en\.json$/.test(f))) {
    const en = flatten(JSON.parse(readFileSync(`${I18N}${file}`, 'utf8')));
    const es = new Map(
      flatten(JSON.parse(readFileSync(`${I18N}${file.replace(/en\.json$/, 'es.json')}`, 'utf8'))),
    );
    for (const v of es.values()) spanish.add(v);
    for (const [k, v] of en) pairs.push([`${file}:${k}`, v, es.get(k)]);
  }
  for (const v of Object.values(PROMPTS_ES)) if (v) spanish.add(v);
  for (const [k, v] of Object.entries(PROMPTS_EN))
    pairs.push([`prompts:${k}`, v, (PROMPTS_ES as Record<string, string>)[k]]);

  return pairs
    .filter(
      ([, en, es]) => en !== es && !spanish.has(en) && /[A-Za-z]{2}/.test(en.replace(/\{\{\w+\}\}/g, '')),
    )
    .map(([key, en]) => {
      const literal = en
        .split(/\{\{\w+\}\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+?');
      // Short words ("Save", "Goals") count only as a whole text; longer ones anywhere in one.
      const plain = en.replace(/\{\{\w+\}\}/g, '').trim();
      const pattern =
        plain.length < 12 ? new RegExp(`^${literal}$`) : new RegExp(`(^|[^A-Za-z])${literal}($|[^A-Za-z])`);
      return { key, en, pattern };
    });
}

const ENGLISH = englishTexts();

/** Every visible text on the page, one entry per text node, plus labels a screen reader reads. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return (r.width > 0 || r.height > 0) && getComputedStyle(el).visibility !== 'hidden';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      if (text && n.parentElement && shown(n.parentElement)) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (!shown(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/** Fails on any of the app's English on screen, naming the catalog key it came from. */
async function expectNoEnglish(page: Page, screenName: string, atLeast = 10): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const texts = await visibleTexts(page);
  expect(texts.length, screenName).toBeGreaterThanOrEqual(atLeast);
  const found = texts.flatMap((t) =>
    ENGLISH.filter((e) => e.pattern.test(t)).map((e) => `${e.key} (“${e.en}”) in “${t}”`),
  );
  expect(found, `English on the ${screenName} screen`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.lang), screenName).toBe('es');
}

async function spanishPage(browser: Browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ locale: 'es-ES', viewport });
  return { context, page: await context.newPage() };
}

test.beforeEach(async () => {
  await resetSandbox();
});

test('the catalogs give this test English to look for', () => {
  expect(ENGLISH.length).toBeGreaterThan(300);
  expect(ENGLISH.some((e) => e.key === 'prompts:action.R1')).toBe(true);
});

test('the patient view in Spanish: every section, its forms and dialogs, all in Spanish', async ({
  browser,
}) => {
  const { context, page } = await spanishPage(browser, { width: 390, height: 844 });
  await page.goto(launcherUrl('patient', ROSA));
  await expect(page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expect(page.locator('#what-matters form')).toBeVisible();
  await expectNoEnglish(page, 'patient, first launch');

  const matters = page.locator('#what-matters form');
  await matters.getByRole('radio', { name: /Lo que más me importa en la vida/ }).check();
  await matters.getByRole('button', { name: 'Estar cómoda, sin dolor', exact: true }).click();
  await matters.getByRole('button', { name: 'Guardar', exact: true }).click();
  await expect(matters.getByRole('status').filter({ hasText: /^Guardado\.$/ })).toBeVisible();
  const care = page.locator('#care form');
  await care.getByRole('radio', { name: /Atención que me cuesta/ }).check();
  await care
    .getByRole('button', {
      name: 'Atención que me mantenga cómoda, aunque tal vez no viva tanto',
      exact: true,
    })
    .click();
  await care.getByRole('button', { name: 'Guardar', exact: true }).click();
  await expect(care.getByRole('status').filter({ hasText: /^Guardado\.$/ })).toBeVisible();
  await page
    .locator('#agenda')
    .getByRole('button', { name: /Agregar algo para hablar/ })
    .click();
  await page.keyboard.type('Me duele la rodilla');
  await expectNoEnglish(page, 'patient, after adding');

  await page.getByRole('button', { name: /^Cambiar: Estar cómoda/ }).click();
  await expectNoEnglish(page, 'patient, changing a priority');
  await page.getByRole('button', { name: 'No cambiar' }).click();
  await page.getByRole('button', { name: /^Quitar: Estar cómoda/ }).click();
  await expectNoEnglish(page, 'patient, confirming a removal');
  await page.getByRole('button', { name: 'Sí, quitarlo' }).click();
  await expect(page.getByText(/Cosas que quitó de su lista/)).toBeVisible();
  await expectNoEnglish(page, 'patient, after a removal');
  await context.close();
});

test('the clinician view in Spanish: prompt cards open, a decline form, the goal and plan editors, the print copy', async ({
  browser,
}) => {
  const { context, page } = await spanishPage(browser);
  await page.goto(launcherUrl('clinician', ROSA));
  await expect(page.locator('.clinician-view[data-ready="true"]')).toBeVisible();
  await expect(page.locator('article[data-rule="R8a"]')).toBeVisible({ timeout: 30_000 });
  // Words about Rosa agree with her recorded gender.
  await expect(page.getByRole('heading', { name: 'Lo que le importa a esta paciente' })).toBeVisible();
  await expectNoEnglish(page, 'clinician, prompt cards');

  await page.locator('article[data-rule="R8a"]').getByRole('button', { name: 'Rechazar…' }).click();
  await expect(page.getByRole('radio', { name: 'La paciente lo rechazó tras conversarlo' })).toBeVisible();
  await expectNoEnglish(page, 'clinician, decline form');
  await page.locator('article[data-rule="R8a"]').getByRole('button', { name: 'Cancelar' }).click();

  await page.getByTestId('negotiate').getByRole('button', { name: 'Proponer una meta clínica' }).click();
  await page.getByTestId('goal-form').getByRole('button', { name: 'Añadir un objetivo' }).click();
  await expectNoEnglish(page, 'clinician, goal form');

  const r10 = page.locator('article[data-rule="R10"]');
  await r10.getByRole('button', { name: /^Acordar: / }).click();
  await expect(r10.getByText('Guardado en el plan de cuidado compartido.')).toBeVisible();
  const plan = page.getByTestId('shared-plan');
  await plan.getByLabel('Qué, en palabras sencillas').fill('Caminar después de cenar');
  await plan.getByLabel('Decisión').selectOption('agreed');
  await plan.getByRole('button', { name: 'Añadir', exact: true }).click();
  await expectNoEnglish(page, 'clinician, plan editor');

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-copy')).toBeVisible();
  // The print copy is the plan alone: its title, date, heading and the one agreed item.
  await expectNoEnglish(page, 'clinician, print copy', 4);
  await page.emulateMedia({ media: 'screen' });
  await context.close();

  // The patient then sees the shared plan the clinician wrote, in Spanish too.
  const patient = await spanishPage(browser);
  await patient.page.goto(launcherUrl('patient', ROSA));
  await expect(patient.page.locator('.patient-view[data-ready="true"]')).toBeVisible();
  await expectNoEnglish(patient.page, 'patient, shared plan');
  await patient.context.close();
});

test('prompt cards with notes, benefits and harms, and a safety warning, all in Spanish', async ({
  browser,
}) => {
  const { context, page } = await spanishPage(browser);
  await page.goto(launcherUrl('clinician', SAFETY));
  await expect(page.locator('article[data-rule="R2-safety"]')).toBeVisible({ timeout: 30_000 });
  await expectNoEnglish(page, 'clinician, safety prompts');
  await page.goto(launcherUrl('clinician', REWORDED));
  const r4 = page.locator('article[data-rule="R4"]');
  await expect(r4).toBeVisible({ timeout: 30_000 });
  await expect(r4.locator('.benefits-harms')).toBeVisible();
  await expect(r4).toContainText('Converse teniendo en cuenta la prioridad que expresó');
  await expectNoEnglish(page, 'clinician, reworded prompt');
  await context.close();
});

test('the clinician view in Spanish on a phone: every form stays inside its panel', async ({ browser }) => {
  const { context, page } = await spanishPage(browser, { width: 390, height: 844 });
  await page.goto(launcherUrl('clinician', ROSA));
  await expect(page.locator('.clinician-view[data-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('shared-plan').locator('select').first()).toBeVisible();
  // A fieldset is as wide as its widest control unless told otherwise: the plan's decision select
  // once pushed "Añadir al plan" past the card's edge.
  const outside = await page.evaluate(() =>
    [...document.querySelectorAll('.panel fieldset, .panel select, .panel textarea')].flatMap((el) => {
      const panel = el.closest('.panel')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.right > panel.right + 0.5 || box.left < panel.left - 0.5
        ? [`${el.tagName} ${el.textContent?.slice(0, 30) ?? ''}`]
        : [];
    }),
  );
  expect(outside).toEqual([]);
  await context.close();
});
