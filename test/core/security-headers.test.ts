/**
 * The app's security headers: the policy derived from config.json, and the dev and preview servers
 * (started here through Vite's API on free ports) sending it as HTTP headers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, preview } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/smart/config';
import { contentSecurityPolicy, securityHeaders } from '../../src/core/smart/security-headers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG_FILE = join(ROOT, 'vite.config.ts');

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

const EHR_CONFIG = {
  frameAncestors: ['https://portal.example'],
  servers: [
    {
      iss: 'https://fhir.ehr.example/r4',
      clientId: 'a',
      frameAncestors: ['https://chart.ehr.example'],
      connectOrigins: ['https://auth.ehr.example'],
    },
    { iss: 'http://localhost:8080/fhir', clientId: 'b' },
    { iss: 'http://evil.example/fhir', clientId: 'bad' },
  ],
};

describe('the policy from config.json', () => {
  const d = directives(contentSecurityPolicy(parseConfig(EHR_CONFIG)));

  it('connects only to the configured FHIR servers and their extra origins, never to any https', () => {
    expect(d.get('connect-src')).toEqual([
      "'self'",
      'https://fhir.ehr.example',
      'https://auth.ehr.example',
      'http://localhost:8080',
    ]);
  });

  it('lets only the configured EHR pages frame the app', () => {
    expect(d.get('frame-ancestors')).toEqual([
      "'self'",
      'https://portal.example',
      'https://chart.ehr.example',
    ]);
  });

  it('runs only the app’s own scripts', () => {
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
  });

  it('lets the shipped config.json frame the app from the sandbox EHR on 127.0.0.1 (the embedded launch)', () => {
    const shipped = parseConfig(JSON.parse(readFileSync(join(ROOT, 'public/config.json'), 'utf8')));
    expect(shipped.problems).toEqual([]);
    const policy = directives(securityHeaders(shipped)['Content-Security-Policy'] ?? '');
    expect(policy.get('frame-ancestors')).toContain('http://127.0.0.1:8080');
    expect(policy.get('connect-src')).toContain('http://localhost:8080');
    expect(policy.get('connect-src')).not.toContain('https:');
  });
});

describe('the servers send the headers', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('vite preview sends the policy from the served config.json as HTTP headers', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'cg-preview-'));
    dirs.push(outDir);
    writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(outDir, 'config.json'), JSON.stringify(EHR_CONFIG));
    const server = await preview({
      configFile: CONFIG_FILE,
      root: ROOT,
      logLevel: 'silent',
      build: { outDir },
      preview: { port: 0, strictPort: false, host: '127.0.0.1' },
    });
    try {
      const address = server.httpServer.address();
      if (!address || typeof address === 'string') throw new Error('preview did not listen');
      for (const path of ['/', '/config.json']) {
        const res = await fetch(`http://127.0.0.1:${address.port}${path}`);
        expect(res.status, path).toBe(200);
        const d = directives(res.headers.get('content-security-policy') ?? '');
        expect(d.get('frame-ancestors'), path).toEqual([
          "'self'",
          'https://portal.example',
          'https://chart.ehr.example',
        ]);
        expect(d.get('connect-src'), path).toContain('https://auth.ehr.example');
        expect(d.get('script-src'), path).toEqual(["'self'"]);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
    } finally {
      await server.close();
    }
  });

  it('the dev server sends it too, with a nonce for the inline scripts it injects', async () => {
    const server = await createServer({
      configFile: CONFIG_FILE,
      root: ROOT,
      logLevel: 'silent',
      server: { port: 0, strictPort: false, host: '127.0.0.1', hmr: false, watch: null },
    });
    try {
      await server.listen();
      const address = server.httpServer?.address();
      if (!address || typeof address === 'string') throw new Error('dev server did not listen');
      const res = await fetch(`http://127.0.0.1:${address.port}/`);
      const d = directives(res.headers.get('content-security-policy') ?? '');
      const nonce = d.get('script-src')?.find((v) => v.startsWith("'nonce-"));
      expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/=]{20,}'$/);
      expect(d.get('connect-src')).toContain('http://localhost:8080');
      expect(d.get('frame-ancestors')).toContain('http://127.0.0.1:8080');
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce!.slice(7, -1)}"`);
    } finally {
      await server.close();
    }
  });
});
