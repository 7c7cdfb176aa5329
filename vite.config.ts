import { defineConfig, type HtmlTagDescriptor, type Plugin, type ResolvedConfig } from 'vite';
import type { OutputAsset, OutputChunk } from 'rollup';
import react from '@vitejs/plugin-react';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type AppConfig } from './src/core/smart/config';
import { BASELINE_POLICY, securityHeaders, type PolicyOptions } from './src/core/smart/security-headers';

const page = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** config.json as the server will serve it, read once at start; unreadable means no servers. */
function readAppConfig(file: string, warn: (msg: string) => void): AppConfig {
  try {
    const config = parseConfig(JSON.parse(readFileSync(file, 'utf8')));
    for (const p of config.problems) warn(`[security headers] ${p}`);
    return config;
  } catch (err) {
    warn(
      `[security headers] ${file}: ${err instanceof Error ? err.message : String(err)}; no FHIR server allowed`,
    );
    return { servers: [], frameAncestors: [], problems: [] };
  }
}

/**
 * The app's security headers (src/core/smart/security-headers.ts) on every response of the dev
 * server and the preview server. A production static host sets the same headers itself (README).
 * The built pages also carry a config-independent baseline as a `<meta>` tag.
 */
function securityHeadersPlugin(devNonce: string | undefined): Plugin {
  let resolved: ResolvedConfig;
  const use = (file: string, options: PolicyOptions) => {
    const headers = securityHeaders(
      readAppConfig(file, (m) => resolved.logger.warn(m)),
      options,
    );
    return (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      next();
    };
  };
  return {
    name: 'common-ground-security-headers',
    configResolved(c) {
      resolved = c;
    },
    configureServer(server) {
      const { port = 5173, hmr } = server.config.server;
      const hmrPort = typeof hmr === 'object' && hmr.clientPort ? hmr.clientPort : port;
      server.middlewares.use(
        use(join(resolved.publicDir, 'config.json'), {
          ...(devNonce ? { scriptNonce: devNonce } : {}),
          extraConnect: [`ws://localhost:${hmrPort}`, `ws://127.0.0.1:${hmrPort}`],
        }),
      );
    },
    configurePreviewServer(server) {
      server.middlewares.use(use(resolve(resolved.root, resolved.build.outDir, 'config.json'), {}));
    },
    transformIndexHtml: {
      order: 'post',
      handler: () =>
        resolved.command === 'build'
          ? [
              {
                tag: 'meta',
                attrs: { 'http-equiv': 'Content-Security-Policy', content: BASELINE_POLICY },
                injectTo: 'head-prepend',
              },
            ]
          : [],
    },
  };
}

/**
 * The preview server as a production host serves a Vite build: files under /assets/ are named by
 * their content's hash, so a browser may keep them for good, and the app page after the redirect
 * reuses what the launch page already fetched instead of asking for each again (sirv's `no-cache`
 * made every one a revalidation round trip on the way to the first screen). Pages stay `no-cache`.
 */
export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

function hashedAssetCachePlugin(): Plugin {
  return {
    name: 'common-ground-hashed-asset-cache',
    configurePreviewServer(server) {
      const outDir = resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        // Only a file the build wrote: an unknown name falls back to the page, which must not stick.
        if (/^\/assets\/[\w.-]+$/.test(path) && existsSync(join(outDir, path))) {
          // sirv sets its own Cache-Control after this middleware; the hashed files' one wins.
          const setHeader = res.setHeader.bind(res);
          res.setHeader = (name, value) =>
            setHeader(name, name.toLowerCase() === 'cache-control' ? HASHED_ASSET_CACHE : value);
          res.setHeader('Cache-Control', HASHED_ASSET_CACHE);
        }
        next();
      });
    },
  };
}

/**
 * The launch page waits on two round trips to the EHR (discovery, authorize) before it hands over to
 * the app page; meanwhile it asks, at the lowest priority, for the app page's scripts it has not
 * loaded itself: the app's entry, its React half (src/app/render.tsx) and the rules' narrowed
 * searches, which the clinician's read sends once the first screen is shown. After the redirect they
 * come from the cache (hashed names, HASHED_ASSET_CACHE) instead of over the network while the
 * token is in flight, and the token request leaves sooner. Prefetching fetches only: nothing is
 * evaluated on the launch page.
 */
export function prefetchesForLaunch(bundle: Record<string, OutputAsset | OutputChunk>): string[] {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const withImports = (roots: OutputChunk[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (c: OutputChunk | undefined) => {
      if (!c || seen.has(c.fileName)) return;
      seen.add(c.fileName);
      for (const f of c.imports) visit(byFile.get(f));
    };
    roots.forEach(visit);
    return seen;
  };
  const launch = chunks.find((c) => c.isEntry && c.name === 'launch');
  const app = chunks.find((c) => c.isEntry && c.name === 'app');
  const withModule = (suffix: string) => chunks.find((c) => c.moduleIds.some((id) => id.endsWith(suffix)));
  const render = withModule('/src/app/render.tsx');
  const searches = withModule('/src/core/prompts/reads.generated.json');
  if (!launch || !app || !render || !searches)
    throw new Error(
      'launch prefetch: the app or launch entry, render.tsx or reads.generated.json is missing',
    );
  const loaded = withImports([launch]);
  return [...withImports([app, render, searches])].filter((f) => !loaded.has(f));
}

/** The launch page's prefetch links: the exchange's classic script, then the app page's modules. */
export function launchPrefetchTags(bundle: Record<string, OutputAsset | OutputChunk>): HtmlTagDescriptor[] {
  return [
    // A classic script, fetched without CORS as the app page will ask for it.
    ...exchangeScripts(bundle).map((f) => ({
      tag: 'link',
      attrs: { rel: 'prefetch', href: `/${f}` },
      injectTo: 'head' as const,
    })),
    ...prefetchesForLaunch(bundle).map((f) => ({
      tag: 'link',
      attrs: { rel: 'prefetch', href: `/${f}`, crossorigin: true },
      injectTo: 'head' as const,
    })),
  ];
}

function launchPrefetchPlugin(): Plugin {
  return {
    name: 'common-ground-launch-prefetch',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) =>
        ctx.path === '/launch/index.html' && ctx.bundle ? launchPrefetchTags(ctx.bundle) : [],
    },
  };
}

const EXCHANGE_SCRIPT = 'exchange.js';

/** The file the token exchange's classic script was written to (none before the bundle is written). */
export function exchangeScripts(bundle: Record<string, OutputAsset | OutputChunk>): string[] {
  return Object.values(bundle)
    .filter((a): a is OutputAsset => a.type === 'asset' && a.names.includes(EXCHANGE_SCRIPT))
    .map((a) => a.fileName);
}

/** Terser's options for every script the build writes (see `build` below for why terser). */
const TERSER_OPTIONS = { compress: { passes: 2 }, format: { comments: false } } as const;

/**
 * src/app/exchange-first.ts and what it imports, as one classic script (no import, no export):
 * bundled by esbuild, minified by terser as the rest of the build is (70 bytes fewer gzipped than
 * esbuild's own minifier, on a script every launch fetches before its first screen).
 */
export async function exchangeScriptSource(): Promise<string> {
  const [{ build }, { minify }] = await Promise.all([import('esbuild'), import('terser')]);
  const out = await build({
    entryPoints: [page('./src/app/exchange-first.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    legalComments: 'none',
    write: false,
  });
  const bundled = out.outputFiles[0]?.text;
  if (!bundled) throw new Error('token exchange script: esbuild wrote nothing');
  const source = (await minify(bundled, TERSER_OPTIONS)).code;
  if (!source) throw new Error('token exchange script: terser wrote nothing');
  return source;
}

/**
 * The app page's token exchange (src/app/exchange-first.ts) as a classic script of its own, run
 * before the entry's module graph. As the entry's first import it still waited for the entry to be
 * compiled and its graph instantiated (about 20–30 ms on this machine's 2 cores, in a Chromium
 * trace) before the request could leave; a 2 kB classic script from the cache runs at once (the
 * launch page prefetches it). Not `async`: a parser-blocking script runs before every module script,
 * so the exchange has started, in the page slot the sign-in awaits (src/launch/exchange-slot.ts),
 * before fhirclient's `ready()` could send the code itself. The entry does not carry the exchange;
 * without the script (the dev server) `ready()` sends it, so nothing changes but the timing.
 */
function tokenExchangeScriptPlugin(): Plugin {
  return {
    name: 'common-ground-token-exchange-script',
    apply: 'build',
    async buildStart() {
      const source = await exchangeScriptSource();
      this.emitFile({ type: 'asset', name: EXCHANGE_SCRIPT, source });
    },
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) =>
        ctx.path === '/index.html' && ctx.bundle
          ? exchangeScripts(ctx.bundle).map((f) => ({
              tag: 'script',
              attrs: { src: `/${f}` },
              injectTo: 'head-prepend' as const,
            }))
          : [],
    },
  };
}

// Two pages from one build: the SMART launch entry (/launch/) and the app, which is the redirect target (/).
export default defineConfig(({ command, isPreview }) => {
  // Vite's dev server injects inline scripts (React refresh); a nonce fresh at each start lets them
  // run under script-src without 'unsafe-inline'. Builds have no inline script and need none.
  const devNonce = command === 'serve' && !isPreview ? randomBytes(18).toString('base64') : undefined;
  return {
    plugins: [
      react(),
      // Before the security headers: both prepend to <head>, and the policy's <meta> must come first.
      tokenExchangeScriptPlugin(),
      securityHeadersPlugin(devNonce),
      hashedAssetCachePlugin(),
      launchPrefetchPlugin(),
    ],
    ...(devNonce ? { html: { cspNonce: devNonce } } : {}),
    // fhirclient's "pure" build: every browser this app supports has fetch, AbortController and
    // WebCrypto, so its polyfills (about 20 kB gzipped) are dead weight on the launch path.
    define: { FHIRCLIENT_PURE: 'true' },
    // The same reasoning for three of its dependencies, which a built page never needs (see each stand-in).
    ...(command === 'build'
      ? {
          resolve: {
            alias: {
              debug: page('./src/launch/shims/debug.ts'),
              'isomorphic-webcrypto': page('./src/launch/shims/webcrypto.ts'),
              'js-base64': page('./src/launch/shims/base64.ts'),
            },
          },
        }
      : {}),
    // Catalogs and the rules' searches are read whole (`.default`); named exports only lengthened
    // each JSON chunk with an export list of its keys.
    json: { namedExports: false },
    server: { port: 5173, strictPort: true },
    preview: { port: 5173, strictPort: true },
    build: {
      target: 'es2022',
      sourcemap: true,
      // Every browser the app supports has <link rel="modulepreload">; the polyfill is dead weight.
      modulePreload: { polyfill: false },
      // Terser's second compress pass takes a few kB more out of the first screen's JavaScript than
      // esbuild's single pass (measured in npm run bench: about 2 kB gzipped), for a few seconds of build.
      minify: 'terser',
      terserOptions: TERSER_OPTIONS,
      // fhirclient require()s the stand-ins above: give it their default export, as the real packages'.
      commonjsOptions: { requireReturnsDefault: (id: string) => id.includes('/src/launch/shims/') },
      rollupOptions: {
        input: { app: page('./index.html'), launch: page('./launch/index.html') },
      },
    },
  };
});
