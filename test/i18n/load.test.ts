import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';
import { SCREEN_CATALOGS } from '../../src/i18n/catalogs';
import type { Catalog } from '../../src/i18n/instance';
import { loadI18n, withEveryLanguage } from '../../src/i18n/load';

const ROOT = join(__dirname, '../..');

/**
 * The modules the app page's React half holds at once: render.tsx and what it imports statically,
 * under src/ (a dynamic import() is a screen of its own, which waits for the screens' words).
 */
function firstScreenModules(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = join(dirname(file), m[1] ?? '');
      const found = ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext);
      const next = found.find((f) => {
        try {
          readFileSync(join(ROOT, f));
          return true;
        } catch {
          return false;
        }
      });
      if (next && !next.startsWith('src/i18n/') && !next.startsWith('src/core/')) visit(next);
    }
  };
  visit('src/app/render.tsx');
  return [...seen];
}

/** Catalog keys a module names: quoted dotted keys, and the fixed start of a `prefix.${…}` key. */
function keysIn(file: string, namespaces: ReadonlySet<string>): { keys: string[]; prefixes: string[] } {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const named = (k: string) => namespaces.has(k.split('.')[0] ?? '');
  const keys = [...source.matchAll(/'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)].map((m) => m[1] ?? '').filter(named);
  const prefixes = [...source.matchAll(/`([a-zA-Z][\w-]*(?:\.[\w-]+)*)\.\$\{/g)]
    .map((m) => m[1] ?? '')
    .filter(named);
  return { keys, prefixes };
}

function node(catalog: Catalog, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((n, part) => (n as Record<string, unknown> | undefined)?.[part], catalog);
}

describe('the first screen’s words', () => {
  // Namespaces of every catalog, so a key of the screens' catalog on the first screen is caught too.
  const namespaces = new Set([...Object.keys(en), 'voice', 'workspace', 'prompts', 'measure', 'evisit']);
  const modules = firstScreenModules();

  it('finds the first screen’s modules', () => {
    expect(modules).toEqual(
      expect.arrayContaining(['src/app/App.tsx', 'src/app/RecordScreen.tsx', 'src/ui/PatientBanner.tsx']),
    );
  });

  it.each([
    ['en', en],
    ['es', es],
  ] as const)('are all in the small %s catalog, without the screens’ words', (_lang, catalog) => {
    const missing: string[] = [];
    for (const file of modules) {
      const { keys, prefixes } = keysIn(file, namespaces);
      for (const key of keys) {
        const last = key.split('.').pop() ?? '';
        const parent = node(catalog, key.split('.').slice(0, -1).join('.')) as
          Record<string, unknown> | undefined;
        const found = typeof node(catalog, key) === 'string' || typeof parent?.[`${last}_other`] === 'string';
        if (!found) missing.push(`${file}: ${key}`);
      }
      for (const prefix of prefixes) {
        if (typeof node(catalog, prefix) !== 'object') missing.push(`${file}: ${prefix}.…`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('loadI18n', () => {
  it('opens with the first screen’s words only, and the screens get theirs before they load', async () => {
    const screens = vi.spyOn(SCREEN_CATALOGS, 'es');
    const i18n = await loadI18n('es');
    expect(i18n.language).toBe('es');
    expect(document.documentElement.lang).toBe('es');
    expect(i18n.t('goals.title')).toBe('Metas');
    // The screens' words wait until a screen asks for them, so they never hold the first one back.
    await new Promise((r) => setTimeout(r, 20));
    expect(screens).not.toHaveBeenCalled();
    const screen = await withEveryLanguage(Promise.resolve('screen'));
    expect(screens).toHaveBeenCalledTimes(1);
    expect(screen).toBe('screen');
    expect(i18n.t('workspace.evisitQueue.queue.title')).toBe('Consultas en línea pendientes de revisión');
    expect(i18n.getFixedT('en')('workspace.evisitQueue.queue.title')).toBe('E-visits waiting for review');
  });
});
