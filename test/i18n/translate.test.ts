import { describe, expect, it } from 'vitest';
import { createI18n, setPatientGender } from '../../src/i18n';
import { newI18n, type Catalog, type CatalogSource } from '../../src/i18n/instance';
import type { Language } from '../../src/i18n/language';

/** Catalogs written for these tests, so they keep testing the translator whatever the app's words become. */
const WORDS: Record<Language, Catalog> = {
  en: {
    greet: 'Hello {{name}}, {{ name }} again',
    items: { count_one: '{{count}} item', count_other: '{{count}} items' },
    plain: 'Same in every form',
    onlyEnglish: 'Only in English',
    ready: 'Ready',
    feel: { comfy: 'Comfortable' },
    nested: { deeper: { leaf: 'Leaf' } },
  },
  es: {
    greet: 'Hola {{name}}, otra vez {{ name }}',
    items: { count_one: '{{count}} cosa', count_other: '{{count}} cosas' },
    plain: 'Igual en toda forma',
    ready: 'Lista para todos',
    ready_female: 'Lista',
    ready_male: 'Listo',
    ready_formal: 'Preparado',
    feel: {
      comfy: 'Estar a gusto',
      comfy_female: 'Estar cómoda',
      comfy_male: 'Estar cómodo',
      comfy_female_one: 'Una cómoda',
      comfy_female_other: '{{count}} cómodas',
    },
    nested: { deeper: { leaf: 'Hoja' } },
  },
};

const atOnce: CatalogSource = { parts: 1, load: (lang) => WORDS[lang] };

function ready(lng: Language) {
  const i18n = newI18n(lng, atOnce);
  void i18n.loadLanguages(['en', 'es']);
  return i18n;
}

describe('interpolation', () => {
  it('fills every {{name}}, with or without spaces, and does not escape (React does)', () => {
    const t = ready('en').t;
    expect(t('greet', { name: '<b>Ana & Bo</b>' })).toBe('Hello <b>Ana & Bo</b>, <b>Ana & Bo</b> again');
    expect(ready('es').t('greet', { name: 'Ana' })).toBe('Hola Ana, otra vez Ana');
  });

  it('writes numbers as given and leaves a placeholder it has no value for', () => {
    const t = ready('en').t;
    expect(t('greet', { name: 0 })).toBe('Hello 0, 0 again');
    expect(t('greet')).toBe('Hello {{name}}, {{ name }} again');
  });

  it('walks dotted keys into nested parts', () => {
    expect(ready('es').t('nested.deeper.leaf')).toBe('Hoja');
  });
});

describe('plurals', () => {
  it('picks _one / _other by the language’s rules, and fills {{count}}', () => {
    const en = ready('en');
    const es = ready('es');
    expect([0, 1, 2].map((count) => en.t('items.count', { count }))).toEqual([
      '0 items',
      '1 item',
      '2 items',
    ]);
    expect([0, 1, 2].map((count) => es.t('items.count', { count }))).toEqual([
      '0 cosas',
      '1 cosa',
      '2 cosas',
    ]);
    // Spanish has a "many" category for a million; the catalogs write _one and _other only, so it reads as _other.
    expect(es.t('items.count', { count: 1_000_000 })).toBe('1000000 cosas');
  });

  it('treats a string count as a value only, as i18next did', () => {
    expect(ready('en').t('plain', { count: '1' })).toBe('Same in every form');
    expect(ready('en').t('items.count', { count: '3' })).toBe('items.count');
  });

  it('uses the app’s catalogs the same way', () => {
    const en = createI18n('en');
    const es = createI18n('es');
    expect(en.t('workspace.evisitQueue.queue.count', { count: 1 })).toBe('1 e-visit waiting.');
    expect(en.t('workspace.evisitQueue.queue.count', { count: 3 })).toBe('3 e-visits waiting, oldest first.');
    expect(es.t('workspace.evisitQueue.queue.count', { count: 1 })).toBe('1 consulta en espera.');
    expect(es.t('panel.malformed', { count: 2 })).toMatch(/^2 /);
  });
});

describe('words that agree with the patient', () => {
  it('prefers the _female / _male form once the gender is set, and neutral words otherwise', () => {
    const i18n = ready('es');
    expect(i18n.t('ready')).toBe('Lista para todos');
    setPatientGender(i18n, 'female');
    expect(i18n.t('ready')).toBe('Lista');
    expect(i18n.t('plain')).toBe('Igual en toda forma');
    setPatientGender(i18n, 'male');
    expect(i18n.t('feel.comfy')).toBe('Estar cómodo');
    setPatientGender(i18n, 'unknown');
    expect(i18n.t('feel.comfy')).toBe('Estar a gusto');
  });

  it('combines the gendered form with the plural, most specific first', () => {
    const i18n = ready('es');
    setPatientGender(i18n, 'female');
    expect(i18n.t('feel.comfy', { count: 1 })).toBe('Una cómoda');
    expect(i18n.t('feel.comfy', { count: 4 })).toBe('4 cómodas');
    // No gendered plural of "items": the plain plural.
    expect(i18n.t('items.count', { count: 4 })).toBe('4 cosas');
    setPatientGender(i18n, 'male');
    expect(i18n.t('feel.comfy', { count: 4 })).toBe('Estar cómodo');
  });

  it('lets an explicit context win over the gender', () => {
    const i18n = ready('es');
    setPatientGender(i18n, 'female');
    expect(i18n.t('ready', { context: 'formal' })).toBe('Preparado');
    expect(i18n.t('ready', { context: 'male' })).toBe('Listo');
    expect(i18n.t('ready', { context: 'absent' })).toBe('Lista para todos');
  });

  it('keeps each instance’s patient apart', () => {
    const a = ready('es');
    const b = ready('es');
    setPatientGender(a, 'female');
    expect(b.t('ready')).toBe('Lista para todos');
  });
});

describe('a key the language lacks', () => {
  it('reads in English', () => {
    expect(ready('es').t('onlyEnglish')).toBe('Only in English');
  });

  it('shows the default value when no language has it, else the key', () => {
    const t = ready('es').t;
    expect(t('status.weird', { defaultValue: 'weird {{x}}', x: 1 })).toBe('weird 1');
    expect(t('no.such.key')).toBe('no.such.key');
    // A path through a string, or to a whole part, is not a translation either.
    expect(t('plain.more')).toBe('plain.more');
    expect(t('nested.deeper')).toBe('nested.deeper');
    // Nor is anything an object inherits.
    expect(t('nested.constructor')).toBe('nested.constructor');
  });

  it('reads an unsupported language as English', () => {
    const i18n = ready('en');
    expect(i18n.getFixedT('fr')('plain')).toBe('Same in every form');
    expect(i18n.getFixedT('es-MX')('plain')).toBe('Igual en toda forma');
  });
});

describe('getFixedT', () => {
  it('translates in its language whatever the screens are in, with the patient’s gender', () => {
    const i18n = ready('en');
    setPatientGender(i18n, 'female');
    const es = i18n.getFixedT('es');
    expect(es('ready')).toBe('Lista');
    expect(i18n.t('ready')).toBe('Ready');
    expect(i18n.getFixedT('es')).toBe(es);
  });
});

describe('changeLanguage', () => {
  it('waits for the language’s catalogs, then switches, tells subscribers and sets the page’s lang', async () => {
    const arrivals: Record<string, (c: Catalog) => void> = {};
    const i18n = newI18n('en', {
      parts: 1,
      load: (lang) => new Promise<Catalog>((res) => (arrivals[lang] = res)),
    });
    const en = i18n.loadLanguages('en');
    arrivals.en?.(WORDS.en);
    await en;
    expect(document.documentElement.lang).toBe('en');
    let told = 0;
    const stop = i18n.subscribe(() => told++);
    const switched = i18n.changeLanguage('es');
    await Promise.resolve();
    expect(i18n.language).toBe('en');
    expect(told).toBe(0);
    arrivals.es?.(WORDS.es);
    const t = await switched;
    expect(i18n.language).toBe('es');
    expect(t('plain')).toBe('Igual en toda forma');
    expect(i18n.t('plain')).toBe('Igual en toda forma');
    expect(document.documentElement.lang).toBe('es');
    expect(told).toBe(1);
    stop();
    await i18n.changeLanguage('en');
    expect(told).toBe(1);
  });

  it('stays in the current language when the new one’s words cannot be read, and tries again next time', async () => {
    let fail = true;
    const i18n = newI18n('en', {
      parts: 1,
      load: async (lang) => {
        if (lang === 'es' && fail) throw new Error('offline');
        return WORDS[lang];
      },
    });
    await i18n.loadLanguages('en');
    await i18n.changeLanguage('es');
    expect(i18n.language).toBe('en');
    expect(i18n.t('plain')).toBe('Same in every form');
    fail = false;
    await i18n.changeLanguage('es');
    expect(i18n.language).toBe('es');
  });

  it('lets the last of two quick switches win', async () => {
    const arrivals: Record<string, (c: Catalog) => void> = {};
    const i18n = newI18n('en', {
      parts: 1,
      load: (lang) => (lang === 'en' ? WORDS.en : new Promise<Catalog>((res) => (arrivals[lang] = res))),
    });
    await i18n.loadLanguages('en');
    const toSpanish = i18n.changeLanguage('es');
    const backToEnglish = i18n.changeLanguage('en');
    arrivals.es?.(WORDS.es);
    await Promise.all([toSpanish, backToEnglish]);
    expect(i18n.language).toBe('en');
  });

  it('waits for as many parts as the screens have asked for', async () => {
    const asked: string[] = [];
    const parts: Catalog[] = [{ first: 'First' }, { later: 'Later' }];
    const i18n = newI18n('en', {
      parts: 2,
      load: async (lang, part) => {
        asked.push(`${lang}:${part}`);
        return parts[part] ?? {};
      },
    });
    expect(await i18n.loadParts('en', 1)).toBe(true);
    await i18n.changeLanguage('es');
    expect(asked).toEqual(['en:0', 'es:0']);
    await i18n.loadLanguages('es');
    expect(asked).toEqual(['en:0', 'es:0', 'es:1']);
    await i18n.changeLanguage('en');
    expect(asked).toEqual(['en:0', 'es:0', 'es:1', 'en:1']);
    expect(i18n.t('later')).toBe('Later');
  });
});
