/**
 * The conformance client's tools, written from the CDS Hooks 2.0 text: an EHR's signing keys behind
 * a JWKS URL, the JWT it signs per call, prefetch built from a patient's resources, and the service
 * started on a free port with a fresh feedback file.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Resource } from 'fhir/r4';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { TrustedClient } from '../../cds-hooks/auth';
import { startCdsService, type RunningCdsService } from '../../cds-hooks/server';
import { ehrPrefetch } from './ehr-prefetch';

export const ISS = 'https://ehr.example.org';

export interface Ehr {
  jwksUrl: string;
  keys: { alg: 'ES256' | 'RS384' | 'ES384'; privateKey: CryptoKey; kid: string }[];
  close(): Promise<void>;
}

/** An EHR's public keys at a JWKS URL on loopback. */
export async function startEhrKeys(): Promise<Ehr> {
  const keys: Ehr['keys'] = [];
  const jwks: JWK[] = [];
  for (const alg of ['ES256', 'RS384', 'ES384'] as const) {
    const pair = await generateKeyPair(alg);
    const kid = `${alg}-key`;
    keys.push({ alg, privateKey: pair.privateKey, kid });
    jwks.push({ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' });
  }
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: jwks }));
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const jwksUrl = `http://localhost:${(server.address() as AddressInfo).port}/jwks.json`;
  return {
    jwksUrl,
    keys,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SignOptions {
  aud: string;
  alg?: 'ES256' | 'RS384' | 'ES384';
  iss?: string;
  jti?: string;
  jku?: string;
  exp?: number;
  iat?: number;
  claims?: JWTPayload;
}

export async function sign(ehr: Ehr, o: SignOptions): Promise<string> {
  const key = ehr.keys.find((k) => k.alg === (o.alg ?? 'ES256'))!;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...o.claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...(o.jku ? { jku: o.jku } : {}) })
    .setIssuer(o.iss ?? ISS)
    .setAudience(o.aud)
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 300)
    .setJti(o.jti ?? randomUUID())
    .sign(key.privateKey);
}

export interface Service extends RunningCdsService {
  feedbackFile: string;
}

export async function startService(clients: TrustedClient[], today = '2026-06-30'): Promise<Service> {
  const feedbackFile = join(mkdtempSync(join(tmpdir(), 'cds-hooks-')), 'feedback.ndjson');
  const running = await startCdsService({
    port: 0,
    clients,
    feedbackFile,
    appLaunchUrl: 'http://localhost:5173/launch/',
    today: () => today,
  });
  return { ...running, feedbackFile };
}

/** The prefetch an EHR fills from the discovery templates, from one patient's resources. */
export function prefetchOf(resources: readonly Resource[], patientId: string): Record<string, unknown> {
  return ehrPrefetch(resources, patientId);
}

export interface HookCall {
  service: string;
  hook: string;
  patientId: string;
  prefetch?: Record<string, unknown>;
  context?: Record<string, unknown>;
  fhirServer?: string;
  fhirAuthorization?: Record<string, unknown>;
}

export function hookBody(c: HookCall): Record<string, unknown> {
  return {
    hook: c.hook,
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/dr', patientId: c.patientId, ...c.context },
    ...(c.prefetch ? { prefetch: c.prefetch } : {}),
    ...(c.fhirServer ? { fhirServer: c.fhirServer } : {}),
    ...(c.fhirAuthorization ? { fhirAuthorization: c.fhirAuthorization } : {}),
  };
}

export interface Card {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: string;
  source: { label: string; url?: string; topic?: { system?: string; code?: string } };
  suggestions?: {
    label: string;
    uuid: string;
    actions: { type: string; description: string; resource?: Resource; resourceId?: string }[];
  }[];
  selectionBehavior?: string;
  overrideReasons?: { system?: string; code: string; display: string }[];
  links?: { label: string; url: string; type: string }[];
}

/** POSTs a hook with a fresh token for exactly that service URL. */
export async function callHook(
  svc: Service,
  ehr: Ehr,
  c: HookCall,
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { cards?: Card[]; message?: string } }> {
  const url = `${svc.url}/cds-services/${c.service}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token ?? (await sign(ehr, { aud: url }))}`,
      ...headers,
    },
    body: JSON.stringify(hookBody(c)),
  });
  return { status: res.status, body: (await res.json()) as { cards?: Card[]; message?: string } };
}

export const ruleOf = (c: Card) => c.source.topic?.code;
