import { defineConfig } from '@playwright/test';
// @ts-expect-error -- a plain .mjs helper shared with scripts/test.mjs; it has no type declarations.
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';

const SANDBOX = 'http://localhost:8080';
const APP = 'http://localhost:5173';

// Browser tests: the built app (vite preview) and the real sandbox EHR, real OAuth redirects,
// Debian's Chromium. Tests share one sandbox, so they run one at a time and reset it first.
export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-reports/playwright.json' }]],
  use: {
    baseURL: APP,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  webServer: [
    {
      command: 'npx tsx sandbox/main.ts',
      url: `${SANDBOX}/fhir/metadata`,
      env: { SANDBOX_PORT: '8080' },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      command: 'npx vite preview --port 5173 --strictPort',
      url: `${APP}/launch/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
