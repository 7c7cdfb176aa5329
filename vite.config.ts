import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const page = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The built pages run only their own scripts: record text can never become script, even if a bug
 * put it into markup. FHIR servers are configuration (any https base, or the local sandbox), so
 * connect-src stays open to https. Dev builds skip it: Vite's dev server injects inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'common-ground-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Two pages from one build: the SMART launch entry (/launch/) and the app, which is the redirect target (/).
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  // fhirclient's "pure" build: every browser this app supports has fetch, AbortController and
  // WebCrypto, so its polyfills (about 20 kB gzipped) are dead weight on the launch path.
  define: { FHIRCLIENT_PURE: 'true' },
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: { app: page('./index.html'), launch: page('./launch/index.html') },
    },
  },
});
