import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { knobsFromEnv, parseKnobsPatch } from '../../sandbox/http/knobs';
import { RequestLog } from '../../sandbox/http/request-log';
import { startFakeSandbox, type FakeSandbox } from './support/fake-sandbox';
import { bearer, fullLaunch, token } from './support/smart-test-client';

const JSON_TYPE = { 'content-type': 'application/json' };

const SCOPES = 'launch openid fhirUser patient/*.cruds';

let sb: FakeSandbox;
let accessToken: string;
beforeAll(async () => {
  sb = await startFakeSandbox({ knobs: { tokenLifetimeSeconds: 600 } });
  accessToken = String(
    (await fullLaunch(sb.url, sb.fhirBaseUrl, { scope: SCOPES, patient: 'p-alice' })).tokens.json
      .access_token,
  );
});
afterAll(() => sb.close());
beforeEach(async () => {
  await fetch(`${sb.url}/sandbox/reset`, { method: 'POST', headers: JSON_TYPE });
  await fetch(`${sb.url}/sandbox/log`, { method: 'DELETE' });
});

const postKnobs = (body: unknown) =>
  fetch(`${sb.url}/sandbox/knobs`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
const getGoal = (headers: Record<string, string> = {}) =>
  fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, { headers: { ...bearer(accessToken), ...headers } });

describe('CORS', () => {
  it('answers preflights with the headers browser apps send', async () => {
    // The launch in beforeAll read the patient's encounters; only what the preflight does counts.
    sb.fake.requests.length = 0;
    const res = await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,content-type,if-match',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const h of [
      'authorization',
      'content-type',
      'if-match',
      'if-none-exist',
      'if-none-match',
      'prefer',
    ]) {
      expect(allowed).toContain(h);
    }
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(sb.fake.requests).toHaveLength(0);
  });

  it('exposes ETag, Location, Content-Location and Last-Modified on FHIR responses', async () => {
    const res = await getGoal({ origin: 'http://localhost:5173' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const exposed = res.headers
      .get('access-control-expose-headers')!
      .split(',')
      .map((h) => h.trim().toLowerCase());
    expect(exposed).toEqual(
      expect.arrayContaining(['etag', 'location', 'content-location', 'last-modified']),
    );
    expect(res.headers.get('etag')).toBe('W/"1"');
  });

  it('allows the token endpoint cross-origin', async () => {
    const res = await fetch(`${sb.url}/auth/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('FHIR dispatch', () => {
  it('passes method, path, query, lower-case headers and JSON body, but not the token', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/Goal?patient=p-alice&_count=5`, {
      method: 'POST',
      headers: {
        ...bearer(accessToken),
        'Content-Type': 'application/fhir+json',
        'If-None-Exist': 'identifier=x|1',
      },
      body: JSON.stringify({ resourceType: 'Goal', subject: { reference: 'Patient/p-alice' } }),
    });
    expect(res.status).toBe(201);
    const seen = sb.fake.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.path).toBe('/Goal');
    expect(seen.query.get('_count')).toBe('5');
    expect(seen.headers['if-none-exist']).toBe('identifier=x|1');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.body).toMatchObject({ resourceType: 'Goal' });
    expect(res.headers.get('location')).toContain('/Goal/');
  });

  it('serves /metadata even with a stale or bogus token', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/metadata`, {
      headers: { authorization: 'Bearer expired.or.bogus' },
    });
    expect(res.status).toBe(200);
  });

  it('answers bad JSON with a 400 OperationOutcome', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/Goal`, {
      method: 'POST',
      headers: { ...bearer(accessToken), 'content-type': 'application/fhir+json' },
      body: '{"resourceType": "Goal",',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('accepts bodies over 10 MB', async () => {
    const big = JSON.stringify({
      resourceType: 'Parameters',
      parameter: [{ name: 'x', valueString: 'y'.repeat(11 * 1024 * 1024) }],
    });
    const res = await fetch(`${sb.fhirBaseUrl}/echo`, {
      method: 'POST',
      headers: { ...bearer(accessToken), 'content-type': 'application/fhir+json' },
      body: big,
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-echo'))).toBe(big.length);
  });

  it('turns a handler exception into a 500 OperationOutcome and stays up', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/boom`, { headers: bearer(accessToken) });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await getGoal()).status).toBe(200);
  });

  it('answers 404 for unknown paths outside /fhir', async () => {
    expect((await fetch(`${sb.url}/nope`)).status).toBe(404);
    expect((await fetch(`${sb.url}/sandbox/nope`)).status).toBe(404);
  });

  it('answers 405 for the wrong method on auth endpoints', async () => {
    expect((await fetch(`${sb.url}/auth/token`)).status).toBe(405);
  });
});

describe('knobs', () => {
  it('reads and changes knobs at run time, rejecting bad values', async () => {
    expect(await (await fetch(`${sb.url}/sandbox/knobs`)).json()).toEqual({
      latencyMs: 0,
      errorRate: 0,
      tokenLifetimeSeconds: 600,
      failNext: 0,
    });
    const res = await postKnobs({ latencyMs: 5 });
    expect(res.status).toBe(200);
    expect(sb.knobs.latencyMs).toBe(5);
    expect((await postKnobs({ errorRate: 2 })).status).toBe(400);
    expect((await postKnobs({ bogus: 1 })).status).toBe(400);
    expect(
      (await fetch(`${sb.url}/sandbox/knobs`, { method: 'POST', headers: JSON_TYPE, body: 'not json' }))
        .status,
    ).toBe(400);
    expect(sb.knobs.errorRate).toBe(0);
  });

  it('failNext makes the next N FHIR calls 503 with an OperationOutcome, not /metadata', async () => {
    await postKnobs({ failNext: 2 });
    expect((await fetch(`${sb.fhirBaseUrl}/metadata`)).status).toBe(200);
    const first = await getGoal();
    expect(first.status).toBe(503);
    expect(((await first.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await getGoal()).status).toBe(503);
    expect((await getGoal()).status).toBe(200);
    expect(sb.knobs.failNext).toBe(0);
  });

  it('errorRate 1 fails every FHIR call but not discovery', async () => {
    sb.knobs.errorRate = 1;
    expect((await getGoal()).status).toBe(503);
    expect((await fetch(`${sb.fhirBaseUrl}/metadata`)).status).toBe(200);
    expect((await fetch(`${sb.fhirBaseUrl}/.well-known/smart-configuration`)).status).toBe(200);
  });

  it('adds latency to FHIR and token calls', async () => {
    sb.knobs.latencyMs = 250;
    let t = Date.now();
    expect((await getGoal()).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    t = Date.now();
    await token(sb.url, { grant_type: 'refresh_token', refresh_token: 'x' });
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    sb.knobs.latencyMs = 0;
    t = Date.now();
    await getGoal();
    expect(Date.now() - t).toBeLessThan(200);
  });

  it('reset restores the start knobs and reloads the FHIR data', async () => {
    await postKnobs({ latencyMs: 10, failNext: 3 });
    const before = sb.fake.resetCount;
    const res = await fetch(`${sb.url}/sandbox/reset`, { method: 'POST', headers: JSON_TYPE });
    expect(res.status).toBe(200);
    expect(sb.fake.resetCount).toBe(before + 1);
    expect(sb.knobs).toEqual({ latencyMs: 0, errorRate: 0, tokenLifetimeSeconds: 600, failNext: 0 });
  });

  it('parses knobs from the environment', () => {
    expect(
      knobsFromEnv({ SANDBOX_LATENCY_MS: '150', SANDBOX_ERROR_RATE: '0.1', SANDBOX_TOKEN_LIFETIME: '' }),
    ).toEqual({
      latencyMs: 150,
      errorRate: 0.1,
    });
    expect(() => knobsFromEnv({ SANDBOX_ERROR_RATE: 'lots' })).toThrow(/SANDBOX_ERROR_RATE/);
    expect(parseKnobsPatch({ tokenLifetimeSeconds: 0 }).ok).toBe(false);
  });
});

describe('request log', () => {
  it('records FHIR calls oldest first with timings and status; DELETE clears it', async () => {
    await getGoal();
    await fetch(`${sb.fhirBaseUrl}/Goal?patient=p-alice`, { headers: bearer(accessToken) });
    await fetch(`${sb.fhirBaseUrl}/Goal/g-alice`);
    const log = (await (await fetch(`${sb.url}/sandbox/log`)).json()) as {
      method: string;
      path: string;
      start: number;
      end: number;
      status: number;
    }[];
    expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /fhir/Goal/g-alice 200',
      'GET /fhir/Goal?patient=p-alice 200',
      'GET /fhir/Goal/g-alice 401',
    ]);
    for (const e of log) expect(e.end).toBeGreaterThanOrEqual(e.start);
    expect(JSON.stringify(log)).not.toContain(accessToken);
    expect((await fetch(`${sb.url}/sandbox/log`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${sb.url}/sandbox/log`)).json()).toEqual([]);
  });

  it('is a bounded ring buffer, newest last', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.add({ method: 'GET', path: `/${i}`, start: i, end: i, status: 200 });
    expect(log.list().map((e) => e.path)).toEqual(['/2', '/3', '/4']);
  });
});

describe('sandbox tools', () => {
  it('lists patients as JSON', async () => {
    const patients = (await (await fetch(`${sb.url}/sandbox/patients`)).json()) as {
      id: string;
      name: string;
    }[];
    expect(patients.map((p) => p.id)).toEqual(['p-alice', 'p-bob', 'p-hostile']);
    expect(patients[0]).toMatchObject({ name: 'Alice Ames', birthDate: '1950-03-04' });
  });

  it('redirects / to the launcher', async () => {
    const res = await fetch(`${sb.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/launcher');
  });
});
