/**
 * The issuer's keys are cached: verifying calls costs no network, a rotated key (a kid the cached
 * set does not have) refetches the JWKS once and is then cached too, an unknown kid within the
 * cooldown fetches nothing, and the set is fetched again after its TTL.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createAuthenticator, JWKS_CACHE } from '../../cds-hooks/auth';

const ISS = 'https://ehr.example.org';
const BASE = 'http://localhost:8090';
const PATH = '/cds-services/common-ground-patient-view';

let server: Server;
let jwksUrl = '';
let fetches = 0;
let published: JWK[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  jwksUrl = `http://localhost:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.useRealTimers());

async function key(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

const sign = (k: Awaited<ReturnType<typeof key>>) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: k.kid })
    .setIssuer(ISS)
    .setAudience(`${BASE}${PATH}`)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(randomUUID())
    .sign(k.privateKey);

it('fetches the JWKS once for many calls, once more on a rotated kid, never within the cooldown, again after the TTL', async () => {
  // Only Date is faked: the key cache's clock moves, sockets and timers stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-02T10:00:00Z'));
  const a = await key('a');
  const b = await key('b');
  const c = await key('c');
  published = [a.jwk];
  fetches = 0;
  const auth = createAuthenticator({ clients: [{ iss: ISS, jwksUrl }], baseUrl: BASE });
  const verify = async (k: typeof a) => auth.verify(`Bearer ${await sign(k)}`, PATH);

  for (let i = 0; i < 5; i++) expect(await verify(a)).toEqual({ ok: true, iss: ISS });
  expect(fetches).toBe(1);

  // The EHR rotates to key b after the cooldown since the last fetch.
  published = [a.jwk, b.jwk];
  vi.setSystemTime(Date.now() + JWKS_CACHE.cooldownMs + 1000);
  expect(await verify(b)).toEqual({ ok: true, iss: ISS });
  expect(fetches).toBe(2);
  for (let i = 0; i < 5; i++) expect((await verify(b)).ok).toBe(true);
  expect(await verify(a)).toEqual({ ok: true, iss: ISS });
  expect(fetches).toBe(2);

  // A kid the EHR never published, right after a fetch: refused, and no fetch.
  const refused = await verify(c);
  expect(refused.ok).toBe(false);
  expect(fetches).toBe(2);

  // Past the TTL the set is read again (here it now has c as well).
  published = [b.jwk, c.jwk];
  vi.setSystemTime(Date.now() + JWKS_CACHE.ttlMs + 1000);
  expect(await verify(c)).toEqual({ ok: true, iss: ISS });
  expect(fetches).toBe(3);
  expect((await verify(b)).ok).toBe(true);
  expect(fetches).toBe(3);
});
