import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  acceptedLanguage,
  EN,
  ES,
  parametersOf,
  promptLanguage,
  render,
  type MessageKey,
} from '../../src/core/prompts/messages/index';
import {
  agreedLabel,
  OVERRIDE_REASONS,
  overrideReasonText,
  promptText,
  toCard,
  type Prompt,
} from '../../src/core/prompts';
import { evaluate, expectations, patientResources } from './helpers';

const keys = Object.keys(EN) as MessageKey[];
const esEntries = ES as Readonly<Record<string, string | undefined>>;

/** Every prompt the hand-made fixture patients raise. */
const fixturePrompts: Prompt[] = Object.keys(expectations.patients).flatMap(
  (id) => evaluate(patientResources(id)).prompts,
);

describe('prompt message catalogs', () => {
  it.each(keys)('%s has a Spanish entry with the same parameters', (key) => {
    const es = esEntries[key];
    expect(es, key).toBeTruthy();
    expect(parametersOf(es ?? '')).toEqual(parametersOf(EN[key]));
    for (const gender of ['female', 'male']) {
      const variant = esEntries[`${key}_${gender}`];
      if (variant !== undefined) expect(parametersOf(variant)).toEqual(parametersOf(EN[key]));
    }
  });

  it('has no Spanish entry without an English one, and gendered forms only next to a neutral one', () => {
    for (const key of Object.keys(ES)) {
      const base = key.replace(/_(female|male)$/, '');
      expect(keys, key).toContain(base);
    }
  });

  it('fits every summary on a card, in both languages, even with the widest values', () => {
    const widest = { age: 100, bp: '128/118', count: 5, a1c: '7.4%', summary: '' };
    for (const key of keys.filter((k) => k.endsWith('.summary'))) {
      for (const lang of ['en', 'es'] as const)
        expect(render({ key, params: widest }, lang).length, `${lang} ${key}`).toBeLessThan(140);
    }
  });

  it('keeps every number and threshold of the English', () => {
    for (const key of keys) {
      const numbers = (s: string) => (s.match(/\d+(?:\.\d+)?/g) ?? []).sort();
      expect(numbers(esEntries[key] ?? ''), key).toEqual(numbers(EN[key]));
    }
  });
});

describe('Accept-Language (RFC 9110 §12.5.4)', () => {
  it.each([
    ['es;q=0.9, en;q=0.5', 'es'],
    ['en;q=0.5, es;q=0.9', 'es'],
    ['fr-CH, fr;q=0.9, es-MX;q=0.8, en;q=0.7', 'es'],
    ['es-MX', 'es'],
    ['en-US,en;q=0.9,es;q=0.8', 'en'],
    ['de, es;q=0', 'en'],
    ['es;q=0, *;q=0.5', 'en'],
    ['en;q=0, *', 'es'],
    ['es;q=0.5, en;q=0.5', 'es'],
    ['ES ; Q=0.9 , en ; q=0.1', 'es'],
    ['', 'en'],
    [undefined, 'en'],
  ] as const)('%s → %s', (header, lang) => {
    expect(acceptedLanguage(header)).toBe(lang);
  });
});

describe('prompt text in the user’s language', () => {
  it('renders every fixture prompt in Spanish, whole, with nothing left in English', () => {
    expect(fixturePrompts.length).toBeGreaterThan(20);
    for (const p of fixturePrompts) {
      const en = promptText(p, 'en');
      const es = promptText(p, 'es');
      const label = `${p.rule} ${p.variant}`;
      for (const text of [es.summary, es.detail, es.action, ...es.notes, es.benefits ?? '', es.harms ?? ''])
        expect(text, label).not.toMatch(/\{\{|\}\}/);
      expect(es.summary, label).not.toBe(en.summary);
      expect(es.detail, label).not.toBe(en.detail);
      expect(es.action, label).not.toBe(en.action);
      es.notes.forEach((n, i) => expect(n, label).not.toBe(en.notes[i]));
      if (en.benefits) expect(es.benefits, label).not.toBe(en.benefits);
      if (en.harms) expect(es.harms, label).not.toBe(en.harms);
      // A Spanish summary fits a CDS Hooks card without being cut.
      if (p.priorities.length === 0) {
        expect(es.summary.length, es.summary).toBeLessThan(140);
        expect(es.summary, label).not.toMatch(/…$/);
      }
    }
  });

  it('keeps English the default, for the CLI and CDS Hooks clients that ask for nothing', () => {
    const r1 = fixturePrompts.find((p) => p.rule === 'R1' && p.variant === 'start');
    expect(r1).toBeDefined();
    expect(promptText(r1!)).toEqual(promptText(r1!, 'en'));
    expect(promptText(r1!).summary).toBe(
      'Heart or blood-vessel disease and no statin on record: ask about starting one (high intensity if 75 or under).',
    );
    expect(promptText(r1!, 'es').action).toBe('Empezar una estatina');
  });

  it('rewords for a stated priority in the same language, quoting the patient’s own words', () => {
    const r4 = evaluate(patientResources('prio-eol-goal')).prompts.find((p) => p.rule === 'R4');
    expect(r4).toBeDefined();
    const es = promptText(r4!, 'es');
    expect(es.detail).toMatch(
      /^Converse teniendo en cuenta la prioridad que expresó la persona: «Stay at home and comfortable until the end»\. /,
    );
    // Like the English, a summary too long for a card with the rewording is cut, never left over 140.
    expect(es.summary).toMatch(/^A1c \S+ con insulina .* — según la/);
    expect(es.summary.length).toBeLessThan(140);
  });

  it('builds the whole CDS Hooks card in Spanish when asked, override reasons included', () => {
    const p = fixturePrompts.find((x) => x.benefitsHarms?.harms && x.notes.length > 0);
    expect(p).toBeDefined();
    const card = toCard(p!, 'p1', 'es');
    expect(card.summary).toBe(promptText(p!, 'es').summary);
    expect(card.detail).toContain('Daños: ');
    expect(card.detail).toContain('Fuente: ');
    expect(card.detail).not.toMatch(/Harms:|Source:|Benefits:/);
    expect(card.suggestions[0]!.actions[0]!.description).toMatch(/^Añadir al plan de cuidado compartido: /);
    expect(card.overrideReasons.map((r) => r.display)).toContain('Ya se atendió en otro lugar');
    expect(toCard(p!, 'p1').overrideReasons.map((r) => r.display)).toContain('Already addressed elsewhere');
  });

  it('agrees with the patient’s gender in Spanish, and stays neutral when it is not male or female', () => {
    const safety = fixturePrompts.find((p) => p.rule === 'R2-safety');
    expect(safety).toBeDefined();
    expect(promptText(safety!, 'es', 'female').detail).toContain('con la paciente');
    expect(promptText(safety!, 'es', 'male').detail).toContain('con el paciente');
    expect(promptText(safety!, 'es').detail).toContain('con la persona');
    expect(overrideReasonText('patient-declined', 'es', 'female')).toBe(
      'La paciente lo rechazó tras conversarlo',
    );
    expect(overrideReasonText('patient-declined', 'es')).toBe('La persona lo rechazó tras conversarlo');
    // English has no gendered forms.
    expect(overrideReasonText('patient-declined', 'en', 'female')).toBe('Patient declined after discussion');
  });

  it('shows an agreed decision the app wrote in the screen’s language, and edited words as written', () => {
    const r1 = fixturePrompts.find((p) => p.rule === 'R1');
    expect(r1).toBeDefined();
    expect(agreedLabel(r1!, 'Start a statin', 'es')).toBe('Empezar una estatina');
    expect(agreedLabel(r1!, 'Empezar una estatina', 'en')).toBe('Start a statin');
    expect(agreedLabel(r1!, 'Start a statin after the holidays', 'es')).toBe(
      'Start a statin after the holidays',
    );
  });

  it('words an override reason as the app catalogs do, so a recorded decline says what the card said', () => {
    for (const lang of ['en', 'es'] as const) {
      const catalog = JSON.parse(
        readFileSync(new URL(`../../src/i18n/prompts.${lang}.json`, import.meta.url), 'utf8'),
      ) as { reason: Record<string, string> };
      for (const { code } of OVERRIDE_REASONS) {
        expect(catalog.reason[code]).toBe(overrideReasonText(code, lang));
        for (const g of ['female', 'male'] as const)
          expect(catalog.reason[`${code}_${g}`] ?? catalog.reason[code]).toBe(
            overrideReasonText(code, lang, g),
          );
      }
    }
  });

  it('falls back to English for a language without a catalog', () => {
    expect(promptLanguage('es-MX')).toBe('es');
    expect(promptLanguage('fr')).toBe('en');
    expect(promptLanguage(undefined)).toBe('en');
    expect(render({ key: 'card.source', params: { citation: 'X' } }, promptLanguage('de'))).toBe('Source: X');
  });
});
