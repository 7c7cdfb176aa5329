import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(__dirname, '../../src/i18n');

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('message catalogs', () => {
  const catalogs = readdirSync(dir).filter((f) => f.endsWith('.en.json') || f === 'en.json');
  it.each(catalogs)('%s has a Spanish twin with exactly the same keys', (file) => {
    const en = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    const es = JSON.parse(readFileSync(join(dir, file.replace(/en\.json$/, 'es.json')), 'utf8')) as unknown;
    expect(keys(es).sort()).toEqual(keys(en).sort());
  });
});
