// `npm test`: everything CI checks, in order, with one closing line that counts the tests.
// Formatting, lint and types first (cheap), then unit/integration tests (Vitest + msw), then the
// production build and the browser tests against the real sandbox in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

// Not test-results/: Playwright empties that folder when it starts.
const out = 'test-reports';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const chromium = chromiumPath();
if (!chromium) {
  console.error(
    '\nThe browser tests need Chromium, which is not installed. Install it with:\n\n' +
      '    sudo apt-get update && sudo apt-get install -y chromium\n\n' +
      '(or set CHROMIUM_PATH to a Chromium binary), then run `npm test` again.',
  );
  process.exit(1);
}

const results = {
  format: run('format', 'npx', ['prettier', '--check', '.']),
  lint: run('lint', 'npx', ['eslint', '.']),
  types: run('types', 'npx', ['tsc', '--noEmit', '-p', '.']),
  // The core again, alone, with no DOM or Node types: its purity is a compile error, not a convention.
  coreTypes: run('core types', 'npx', ['tsc', '--noEmit', '-p', 'src/core']),
  unit: run('unit and integration tests', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${out}/vitest.json`,
  ]),
  // The official SQL-on-FHIR v2 suite's own report (the Vitest test also requires every shareable test).
  sqlOnFhir: run('SQL-on-FHIR conformance report', 'npx', [
    'tsx',
    'analytics/views/cli.ts',
    'test',
    'test/sql-on-fhir/tests',
    '--report',
    `${out}/sql-on-fhir/test_report.json`,
  ]),
  build: run('build', 'npx', ['vite', 'build']),
};
results.browser =
  results.build && run('browser tests', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium });

let passed = 0;
let failed = 0;
function count(file, read) {
  if (!existsSync(file)) return;
  const [p, f] = read(JSON.parse(readFileSync(file, 'utf8')));
  passed += p;
  failed += f;
}
count(`${out}/vitest.json`, (j) => [j.numPassedTests ?? 0, j.numFailedTests ?? 0]);
count(`${out}/playwright.json`, (j) => [
  j.stats?.expected ?? 0,
  (j.stats?.unexpected ?? 0) + (j.stats?.flaky ?? 0),
]);

const broken = Object.entries(results)
  .filter(([, ok]) => !ok)
  .map(([k]) => k);
console.log(`\nChecks: ${broken.length ? `FAILED (${broken.join(', ')})` : 'all green'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken.length ? 1 : 0);
