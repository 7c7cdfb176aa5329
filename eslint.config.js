import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'test-reports',
      'playwright-report',
      'fhir-fixtures/**/*.json',
      'public',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Patient and server text is never rendered as HTML.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The core is shared by the browser app, the CLI and (later) a CDS Hooks service: keep it pure.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'fhirclient', 'fhirclient/*', 'node:*', 'msw', 'msw/*'],
              message: 'src/core stays free of UI, network and Node APIs.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'fetch', 'window', 'document', 'localStorage', 'sessionStorage'],
    },
  },
  // Layers, lowest first: core → platform (fhirclient, storage) → ui (the shared shell) → features
  // (prompts, then voice and workspace) → app (the page's wiring and the role router). A layer
  // imports only from those below it.
  ...[
    ['src/platform/**/*.{ts,tsx}', ['ui', 'prompts', 'evisit', 'voice', 'workspace', 'app']],
    ['src/ui/**/*.{ts,tsx}', ['prompts', 'evisit', 'voice', 'workspace', 'app']],
    ['src/prompts/**/*.{ts,tsx}', ['evisit', 'voice', 'workspace', 'app']],
    // E-visits sit between the prompt cards (their stewardship reuses them) and the two views.
    ['src/evisit/**/*.{ts,tsx}', ['voice', 'workspace', 'app']],
    ['src/voice/**/*.{ts,tsx}', ['workspace', 'app']],
    ['src/workspace/**/*.{ts,tsx}', ['voice', 'app']],
  ].map(([files, above]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: above.map((layer) => `../${layer}/*`),
              message: 'A lower layer must not import a higher one (see eslint.config.js).',
            },
          ],
        },
      ],
    },
  })),
);
