import { describe, expect, it } from 'vitest';
import { generateSigningKeys } from '../../sandbox/auth/keys';
import { issueAccessToken, verifyAccessToken } from '../../sandbox/auth/tokens';

// Verified tokens are cached (the signature check was half the sandbox's CPU per search): these are
// the properties a cache could break.
describe('verified access tokens, cached', () => {
  const base = 'http://localhost:8080/fhir';
  const claims = { client_id: 'app', scope: 'patient/*.rs', patient: 'p1' };

  it('still expire: a token seen before is refused once its exp has passed', async () => {
    const keys = await generateSigningKeys();
    const now = Date.now();
    const token = await issueAccessToken(keys, { fhirBaseUrl: base, lifetimeSeconds: 60, claims, now });
    expect(await verifyAccessToken(keys, token, base, now)).toMatchObject(claims);
    expect(await verifyAccessToken(keys, token, base, now + 30_000)).toMatchObject(claims);
    expect(await verifyAccessToken(keys, token, base, now + 61_000)).toBeUndefined();
    expect(await verifyAccessToken(keys, token, base, now)).toMatchObject(claims);
  });

  it('are good only at the base they were issued for, even after a hit elsewhere', async () => {
    const keys = await generateSigningKeys();
    const token = await issueAccessToken(keys, { fhirBaseUrl: base, lifetimeSeconds: 60, claims });
    expect(await verifyAccessToken(keys, token, base)).toBeDefined();
    expect(
      await verifyAccessToken(keys, token, 'http://localhost:8080/profiles/strict/fhir'),
    ).toBeUndefined();
  });

  it("are not another key's: a new sandbox (new keys) refuses the old sandbox's token", async () => {
    const [a, b] = [await generateSigningKeys(), await generateSigningKeys()];
    const token = await issueAccessToken(a, { fhirBaseUrl: base, lifetimeSeconds: 60, claims });
    expect(await verifyAccessToken(a, token, base)).toBeDefined();
    expect(await verifyAccessToken(b, token, base)).toBeUndefined();
  });

  it('hand out claims no caller can change for the next request', async () => {
    const keys = await generateSigningKeys();
    const token = await issueAccessToken(keys, { fhirBaseUrl: base, lifetimeSeconds: 60, claims });
    const first = await verifyAccessToken(keys, token, base);
    expect(() => {
      (first as { patient?: string }).patient = 'someone-else';
    }).toThrow();
    expect((await verifyAccessToken(keys, token, base))?.patient).toBe('p1');
  });
});
