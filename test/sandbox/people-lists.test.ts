import { fileURLToPath } from 'node:url';
import type { Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheck, FhirResponse } from '../../sandbox/contract';
import { createFhirServer, type SandboxFhirServer } from '../../sandbox/fhir/server';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));
const allowAll: AccessCheck = () => 'ok';
let server: SandboxFhirServer;

function put(patient: Patient): Promise<FhirResponse> {
  return server.handle(
    {
      method: 'PUT',
      path: `/Patient/${patient.id}`,
      query: new URLSearchParams(),
      headers: {},
      body: patient,
    },
    allowAll,
  );
}

const names = async (): Promise<string[]> => (await server.listPatients()).map((p) => p.id ?? '');

beforeAll(async () => {
  server = await createFhirServer({
    baseUrl: 'http://sandbox.test/fhir/',
    fixturesDir: FIXTURES,
    today: new Date('2026-11-26T12:00:00Z'),
    authorizeUrl: 'http://sandbox.test/auth/authorize',
    tokenUrl: 'http://sandbox.test/auth/token',
  });
}, 60_000);

// The lists are kept between launches; these say that a kept list never hides a change.
describe('the launcher’s people lists', () => {
  it('shows a patient written after the list was read, in chooser order', async () => {
    const before = await names();
    expect(before).not.toContain('zz-new');
    const created = await put({
      resourceType: 'Patient',
      id: 'zz-new',
      name: [{ given: ['Aaron'], family: 'Aardvark' }],
    });
    expect(created.status).toBe(201);
    const after = await names();
    expect(after).toContain('zz-new');
    // Hand-made cg- records first, then by name: Aaron Aardvark leads the rest.
    expect(after[after.findIndex((id) => !id.startsWith('cg-'))]).toBe('zz-new');
  });

  it('re-sorts after a rename, and a reset brings back the fixtures alone', async () => {
    expect(
      (await put({ resourceType: 'Patient', id: 'zz-new', name: [{ given: ['Zed'], family: 'Zulu' }] }))
        .status,
    ).toBe(200);
    const renamed = await server.listPatients();
    expect(renamed.at(-1)?.id).toBe('zz-new');
    await server.reset();
    expect(await names()).not.toContain('zz-new');
  });

  it('gives each caller its own array of frozen resources', async () => {
    const first = await server.listPatients();
    first.length = 0;
    expect((await server.listPatients()).length).toBeGreaterThan(0);
    expect(Object.isFrozen((await server.listPatients())[0])).toBe(true);
  });
});
