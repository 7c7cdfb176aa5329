import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const page = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Two pages from one build: the SMART launch entry (/launch/) and the app, which is the redirect target (/).
export default defineConfig({
  plugins: [react()],
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
