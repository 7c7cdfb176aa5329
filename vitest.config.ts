import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// Two kinds of test: pure/server code runs in Node; the browser app runs in jsdom with msw.
// Browser (Playwright) tests live in test/e2e and are not run by Vitest.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      // Vitest would otherwise pick fhirclient's Node entry, where FHIR.oauth2 is undefined. Only the
      // bare name: deep imports such as fhirclient/lib/adapters/BrowserAdapter resolve as usual.
      {
        find: /^fhirclient$/,
        replacement: fileURLToPath(
          new URL('./node_modules/fhirclient/lib/entry/browser.js', import.meta.url),
        ),
      },
    ],
  },
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/{core,prompts,cli,sandbox,bench,analytics,cds-hooks}/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'app',
          environment: 'jsdom',
          environmentOptions: { jsdom: { url: 'https://app.example.org/' } },
          include: ['test/app/**/*.test.{ts,tsx}', 'test/i18n/**/*.test.{ts,tsx}'],
          setupFiles: ['test/app/setup.ts'],
          // esbuild cannot run inside jsdom: the build's classic scripts are made once, in Node.
          globalSetup: ['test/app/build-scripts.ts'],
          // Inlined so vi.resetModules() gives a fresh fhirclient, as a new page load would.
          server: { deps: { inline: ['fhirclient'] } },
        },
      },
    ],
  },
});
