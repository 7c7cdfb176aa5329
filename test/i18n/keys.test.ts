import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n';
import en from '../../src/i18n/en.json';
import esCatalog from '../../src/i18n/es.json';
import screensEn from '../../src/i18n/screens.en';
import screensEs from '../../src/i18n/screens.es';
import { ENGLISH_LABELS } from '../../src/core/plan/narrative';

const SRC = join(__dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return ['i18n', 'core', 'cli'].includes(e.name) && dir === SRC ? [] : sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/**
 * The translator takes any string as a key (as i18next's types did), so a misspelled key would show
 * itself on screen; this reads every key the screens name and checks the catalogs have it.
 */
describe('every key the screens name', () => {
  const namespaces = new Set([...Object.keys(en), 'voice', 'workspace', 'prompts', 'measure', 'evisit']);
  const inNamespace = (k: string) => namespaces.has(k.split('.')[0] ?? '');
  const files = sources(SRC);
  const named = files.flatMap((file) => {
    // Draft names (useDraft's first argument) look like keys but name a place in storage.
    const source = readFileSync(file, 'utf8').replace(
      /useDraft\b[^(]*\(\s*(?:'[^']*'|"[^"]*"|`[^`]*`)/g,
      'useDraft(',
    );
    const where = relative(SRC, file);
    const keys = [...source.matchAll(/['"]([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"]/g)].map((m) => m[1] ?? '');
    const prefixes = [...source.matchAll(/`([a-zA-Z][\w-]*(?:\.[\w-]+)*)\.\$\{/g)].map((m) => m[1] ?? '');
    return [
      ...keys.filter(inNamespace).map((key) => ({ where, key, prefix: false })),
      ...prefixes.filter(inNamespace).map((key) => ({ where, key, prefix: true })),
    ];
  });

  it('finds the keys', () => {
    expect(named.length).toBeGreaterThan(300);
  });

  it.each(['en', 'es'] as const)('is in the %s catalogs', (lang) => {
    // A key with no translation comes back as itself; a prefix (`${prefix}.x`, or a constant the
    // screen builds keys from) must lead to some translations.
    const t = createI18n(lang).getFixedT(lang);
    const missing = named
      .filter(
        ({ key, prefix }) =>
          !hasBranch(lang, key) && (prefix || (t(key, { count: 2 }) === key && t(key) === key)),
      )
      .map(({ where, key, prefix }) => `${where}: ${key}${prefix ? '.…' : ''}`);
    expect(missing).toEqual([]);
  });
});

function hasBranch(lang: 'en' | 'es', key: string): boolean {
  const catalogs = lang === 'en' ? [en, screensEn] : [esCatalog, screensEs];
  return catalogs.some((c) => {
    const n = key
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], c);
    return typeof n === 'object' && n !== null;
  });
}

describe('one plan, one set of headings', () => {
  it.each(['en', 'es'] as const)(
    'the patient’s view, the print copy and the narrative head the aims alike (%s)',
    (lang) => {
      const t = createI18n(lang).getFixedT(lang);
      const headings = ['voice.plan.goals', 'workspace.summary.goals', 'workspace.narrative.goals'].map((k) =>
        t(k),
      );
      expect(new Set(headings).size).toBe(1);
      if (lang === 'en') expect(headings[0]).toBe(ENGLISH_LABELS.goals);
    },
  );
});
