/**
 * The committed rule fixtures and their expectations are exactly what fhir-fixtures/rules/build.ts
 * builds: a hand edit to a bundle, or a change to the builder without re-running it, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderFixtures } from '../../fhir-fixtures/rules/build';
import { RULES_DIR } from './helpers';

const built = renderFixtures();
const repoPath = (url: URL) =>
  fileURLToPath(url).replace(fileURLToPath(new URL('../../', import.meta.url)), '');

describe('rule fixtures are what build.ts builds', () => {
  it('builds every committed bundle and nothing else', () => {
    const committed = readdirSync(RULES_DIR).filter((f) => f.endsWith('.json'));
    const bundles = [...built.keys()].map(repoPath).filter((p) => p.startsWith('fhir-fixtures/'));
    expect(bundles.sort()).toEqual(committed.map((f) => `fhir-fixtures/rules/${f}`).sort());
  });

  it.each([...built].map(([url, text]) => [repoPath(url), url, text] as const))(
    '%s matches',
    (_path, url, text) => {
      expect(readFileSync(url, 'utf8')).toBe(text);
    },
  );
});
