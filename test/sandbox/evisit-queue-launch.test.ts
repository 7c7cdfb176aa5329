/**
 * The e-visit review queue launch: a clinician EHR launch with no patient in context, whose
 * user-level scopes reach every patient's records of the granted types and nothing else.
 */
import type { Bundle } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSandbox, type FakeSandbox } from './support/fake-sandbox';
import { authorize, exchangeCode, bearer, launch } from './support/smart-test-client';

let sb: FakeSandbox;
beforeAll(async () => {
  sb = await startFakeSandbox();
});
afterAll(() => sb.close());

async function queueToken(scope: string) {
  const launched = await launch(sb.url, { role: 'clinician', queue: '1' });
  expect(launched.status).toBe(302);
  const auth = await authorize(sb.url, {
    fhirBaseUrl: sb.fhirBaseUrl,
    scope,
    launch: launched.location?.searchParams.get('launch') ?? undefined,
    cookie: launched.cookie,
  });
  const tokens = await exchangeCode(sb.url, auth);
  if (!tokens) throw new Error(`authorize answered ${auth.res.status}`);
  return { launched, tokens };
}

describe('the e-visit review queue launch', () => {
  it('launches the app at its queue activity, with a launch but no patient', async () => {
    const { launched, tokens } = await queueToken('launch openid fhirUser user/Goal.rs');
    expect(launched.location?.searchParams.get('view')).toBe('evisit-queue');
    expect(launched.location?.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
    expect(tokens.status).toBe(200);
    expect(tokens.json.patient).toBeUndefined();
    expect(tokens.json.scope).toBe('launch openid fhirUser user/Goal.rs');
  });

  it('user-level scopes reach every patient of the granted type, and only that type', async () => {
    const { tokens } = await queueToken('launch openid fhirUser user/Goal.rs patient/Patient.rs');
    const headers = bearer(tokens.json.access_token);
    const goals = (await (await fetch(`${sb.fhirBaseUrl}/Goal`, { headers })).json()) as Bundle;
    expect(goals.entry?.map((e) => e.resource?.id).sort()).toEqual(['g-alice', 'g-bob']);
    // patient/ scopes without a patient in context reach nothing.
    expect((await fetch(`${sb.fhirBaseUrl}/Patient/p-alice`, { headers })).status).toBe(403);
    const write = await fetch(`${sb.fhirBaseUrl}/Goal`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Goal',
        lifecycleStatus: 'proposed',
        description: { text: 'x' },
        subject: { reference: 'Patient/p-alice' },
      }),
    });
    expect(write.status).toBe(403);
  });

  it('is a clinician launch only', async () => {
    const res = await launch(sb.url, { role: 'patient', queue: '1' });
    expect(res.status).toBe(400);
  });

  it('the launcher form offers it', async () => {
    const body = await (await fetch(`${sb.url}/launcher`)).text();
    expect(body).toMatch(/name="queue" value="1"[^>]*>\s*Clinician — e-visit review queue \(no patient\)/);
  });
});
