/**
 * The front door and the authorization server with the real FHIR half (sandbox/fhir/server.ts)
 * and the project's fixtures: launch, then read and write through the token's scopes.
 */
import type { Bundle, Goal, OperationOutcome } from 'fhir/r4';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';
import { defaultPractitioner } from '../../sandbox/launcher/people';
import { bearer, fullLaunch } from './support/smart-test-client';

const JSON_TYPE = { 'content-type': 'application/json' };

let sb: RunningSandbox;
let patientId: string;
let otherPatientId: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  const patients = (await (await fetch(`${sb.url}/sandbox/patients`)).json()) as { id: string }[];
  expect(patients.length).toBeGreaterThan(1);
  patientId = patients[0]!.id;
  otherPatientId = patients[1]!.id;
}, 60_000);
afterAll(() => sb?.close());

const subjects = (bundle: Bundle) =>
  new Set((bundle.entry ?? []).map((e) => (e.resource as Goal | undefined)?.subject?.reference));

describe('sandbox with the real FHIR server', () => {
  it('serves /metadata without a token, and smart-configuration', async () => {
    const metadata = await fetch(`${sb.fhirBaseUrl}/metadata`);
    expect(metadata.status).toBe(200);
    expect(((await metadata.json()) as { resourceType: string }).resourceType).toBe('CapabilityStatement');
    const config = await fetch(`${sb.fhirBaseUrl}/.well-known/smart-configuration`);
    expect(((await config.json()) as { token_endpoint: string }).token_endpoint).toBe(`${sb.url}/auth/token`);
  });

  it('launches as the default clinician, then reads and writes within the patient scopes', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch openid fhirUser patient/Patient.rs patient/Goal.cruds',
      patient: patientId,
    });
    expect(tokens.json.patient).toBe(patientId);
    const doctor = defaultPractitioner(await sb.fhirServer.listPractitioners());
    expect(decodeJwt(String(tokens.json.id_token)).fhirUser).toBe(
      `${sb.fhirBaseUrl}/Practitioner/${doctor?.id}`,
    );
    const h = bearer(tokens.json.access_token);
    expect((await fetch(`${sb.fhirBaseUrl}/Patient/${patientId}`, { headers: h })).status).toBe(200);
    const goal: Goal = {
      resourceType: 'Goal',
      lifecycleStatus: 'proposed',
      description: { text: 'Walk to the park with my grandchildren' },
      subject: { reference: `Patient/${patientId}` },
    };
    const created = await fetch(`${sb.fhirBaseUrl}/Goal`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/fhir+json', origin: 'http://localhost:5173' },
      body: JSON.stringify(goal),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-expose-headers')).toContain('ETag');
    const elsewhere = await fetch(`${sb.fhirBaseUrl}/Goal`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ ...goal, subject: { reference: `Patient/${otherPatientId}` } }),
    });
    expect(elsewhere.status).toBe(403);
    expect((await fetch(`${sb.fhirBaseUrl}/Condition?patient=${patientId}`, { headers: h })).status).toBe(
      403,
    );
    expect((await fetch(`${sb.fhirBaseUrl}/Patient/${otherPatientId}`, { headers: h })).status).toBe(403);
  });

  it('refuses a body that is not JSON by its Content-Type with 415 (R4 http.html: the correct mime type SHALL be used), storing nothing', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch patient/Goal.cruds',
      patient: patientId,
    });
    const h = bearer(tokens.json.access_token);
    const words = 'Typed as plain text';
    const goal = JSON.stringify({
      resourceType: 'Goal',
      lifecycleStatus: 'proposed',
      description: { text: words },
      subject: { reference: `Patient/${patientId}` },
    });
    for (const type of ['text/plain', 'application/fhir+xml', undefined]) {
      const res = await fetch(`${sb.fhirBaseUrl}/Goal`, {
        method: 'POST',
        headers: { ...h, ...(type ? { 'content-type': type } : {}) },
        body: new TextEncoder().encode(goal),
      });
      expect(res.status).toBe(415);
      const outcome = (await res.json()) as { issue: { code: string; diagnostics: string }[] };
      expect(outcome.issue[0]).toMatchObject({
        code: 'not-supported',
        diagnostics: expect.stringContaining('application/fhir+json'),
      });
    }
    const stored = (await (
      await fetch(`${sb.fhirBaseUrl}/Goal?patient=${patientId}`, { headers: h })
    ).json()) as Bundle;
    expect((stored.entry ?? []).filter((e) => (e.resource as Goal).description.text === words)).toEqual([]);
    for (const type of ['application/fhir+json', 'application/json; charset=utf-8'])
      expect(
        (
          await fetch(`${sb.fhirBaseUrl}/Goal`, {
            method: 'POST',
            headers: { ...h, 'content-type': type },
            body: goal,
          })
        ).status,
      ).toBe(201);
  });

  it('filters search results to the patient compartment for patient/ scopes but not user/ scopes', async () => {
    const patientScoped = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch patient/Goal.rs',
      patient: patientId,
    });
    const userScoped = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch user/Goal.rs',
      patient: patientId,
    });
    const search = async (accessToken: unknown) =>
      (await (
        await fetch(`${sb.fhirBaseUrl}/Goal?_count=500`, { headers: bearer(accessToken) })
      ).json()) as Bundle;
    const all = subjects(await search(userScoped.tokens.json.access_token));
    expect(all.size).toBeGreaterThan(1);
    const own = subjects(await search(patientScoped.tokens.json.access_token));
    expect([...own].every((s) => s === `Patient/${patientId}`)).toBe(true);
  });

  it('refuses an unsupported search modifier over HTTP, on GET and POST _search, and reads a type modifier as its type', async () => {
    const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
      scope: 'launch user/Goal.rs',
      patient: patientId,
    });
    const h = bearer(tokens.json.access_token);
    const refused = await fetch(`${sb.fhirBaseUrl}/Goal?patient=${patientId}&lifecycle-status:in=http://x`, {
      headers: h,
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as OperationOutcome).issue[0]?.diagnostics).toContain(
      'The "lifecycle-status" parameter has the modifier "in", which this server does not support',
    );
    const posted = await fetch(`${sb.fhirBaseUrl}/Goal/_search`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' },
      body: `subject:identifier=${encodeURIComponent('http://x|1')}`,
    });
    expect(posted.status).toBe(400);
    const typed = async (type: string) =>
      subjects(
        (await (
          await fetch(`${sb.fhirBaseUrl}/Goal?subject:${type}=${patientId}`, { headers: h })
        ).json()) as Bundle,
      );
    expect([...(await typed('Patient'))]).toEqual([`Patient/${patientId}`]);
    expect((await typed('Group')).size).toBe(0);
  });
  it('answers 401 without a token', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/Patient/${patientId}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('reset reloads the data', async () => {
    expect((await fetch(`${sb.url}/sandbox/reset`, { method: 'POST', headers: JSON_TYPE })).status).toBe(200);
    expect((await fetch(`${sb.url}/sandbox/patients`)).status).toBe(200);
  });
});
