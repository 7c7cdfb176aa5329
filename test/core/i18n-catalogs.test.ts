import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(__dirname, '../../src/i18n');

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

/** `key_female` / `key_male`: a form that agrees with the patient’s gender (src/i18n/instance.ts). */
const GENDERED = /_(female|male)(?=$|_)/;

describe('message catalogs', () => {
  const catalogs = readdirSync(dir).filter((f) => f.endsWith('.en.json') || f === 'en.json');
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
  const twin = (file: string) => file.replace(/en\.json$/, 'es.json');

  it.each(catalogs)('%s has a Spanish twin with exactly the same keys, besides gendered forms', (file) => {
    const neutral = (k: string) => !GENDERED.test(k);
    expect(
      keys(read(twin(file)))
        .filter(neutral)
        .sort(),
    ).toEqual(keys(read(file)).sort());
  });

  it.each(catalogs)('%s: every gendered Spanish form has its neutral key and its other gender', (file) => {
    const es = new Set(keys(read(twin(file))));
    for (const k of es) {
      if (!GENDERED.test(k)) continue;
      expect(es, k).toContain(k.replace(GENDERED, ''));
      expect(es, k).toContain(k.replace(GENDERED, (_, g: string) => (g === 'female' ? '_male' : '_female')));
    }
  });
});
