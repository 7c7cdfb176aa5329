/**
 * A write may only refer to what the server holds, as on HAPI and the EHRs behind it: a Goal for a
 * mistyped patient id, or a CarePlan naming a Goal never created, is refused with a 400 naming the
 * element, instead of being stored to fail on the first real server. Inside a transaction the check
 * waits for the last entry (an entry may name what a later one creates), and a failure undoes all.
 */
import { fileURLToPath } from 'node:url';
import type { Bundle, CarePlan, Goal, OperationOutcome } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheck, FhirRequest, FhirResponse } from '../../sandbox/contract';
import { createFhirServer, type SandboxFhirServer } from '../../sandbox/fhir/server';
import { literalReferences } from '../../sandbox/fhir/referential';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));
const BASE = 'http://sandbox.test/fhir';
const allowAll: AccessCheck = () => 'ok';

let server: SandboxFhirServer;
beforeAll(async () => {
  server = await createFhirServer({
    baseUrl: BASE,
    fixturesDir: FIXTURES,
    authorizeUrl: 'http://sandbox.test/auth/authorize',
    tokenUrl: 'http://sandbox.test/auth/token',
  });
}, 60_000);

function call(method: string, path: string, body?: unknown): Promise<FhirResponse> {
  const req: FhirRequest = { method, path, query: new URLSearchParams(), headers: {}, body };
  return server.handle(req, allowAll);
}

const diagnostics = (r: FhirResponse) => (r.body as OperationOutcome).issue[0]?.diagnostics ?? '';

const goal = (subject: string, extra: Partial<Goal> = {}): Goal => ({
  resourceType: 'Goal',
  lifecycleStatus: 'proposed',
  description: { text: 'Walk to the park' },
  subject: { reference: subject },
  ...extra,
});

const plan = (goals: string[]): CarePlan => ({
  resourceType: 'CarePlan',
  status: 'active',
  intent: 'plan',
  subject: { reference: 'Patient/cg-maria' },
  goal: goals.map((reference) => ({ reference })),
});

async function goalCount(): Promise<number> {
  const res = await call('GET', '/Goal', undefined);
  return ((res.body as Bundle).total ?? 0) as number;
}

describe('a write naming what the server does not hold', () => {
  it('is refused with 400 naming the element and the missing target; the real one is stored', async () => {
    const refused = await call('POST', '/Goal', goal('Patient/cg-mraia'));
    expect(refused.status).toBe(400);
    expect(diagnostics(refused)).toBe(
      'Goal.subject refers to Patient/cg-mraia, which this server does not hold',
    );
    expect((await call('POST', '/Goal', goal('Patient/cg-maria'))).status).toBe(201);
    expect((await call('POST', '/Goal', goal(`${BASE}/Patient/cg-maria`))).status).toBe(201);
  });

  it('is refused deep in the resource, and on update and patch', async () => {
    const deep = await call('POST', '/CarePlan', plan(['Goal/never-made']));
    expect(deep.status).toBe(400);
    expect(diagnostics(deep)).toContain('CarePlan.goal[0] refers to Goal/never-made');
    const created = (await call('POST', '/Goal', goal('Patient/cg-maria'))).body as Goal;
    const put = await call('PUT', `/Goal/${created.id}`, {
      ...created,
      expressedBy: { reference: 'Practitioner/nobody' },
    });
    expect(put.status).toBe(400);
    expect(diagnostics(put)).toContain('Goal.expressedBy refers to Practitioner/nobody');
    const patched = await call('PATCH', `/Goal/${created.id}`, [
      { op: 'add', path: '/addresses', value: [{ reference: 'Condition/nothing' }] },
    ]);
    expect(patched.status).toBe(400);
    expect(((await call('GET', `/Goal/${created.id}`)).body as Goal).addresses).toBeUndefined();
  });

  it('is not refused for a link the stored version already held, though its target is gone', async () => {
    const condition = (
      await call('POST', '/Condition', {
        resourceType: 'Condition',
        subject: { reference: 'Patient/cg-maria' },
        code: { text: 'Knee pain' },
      })
    ).body as { id: string };
    const created = (
      await call(
        'POST',
        '/Goal',
        goal('Patient/cg-maria', { addresses: [{ reference: `Condition/${condition.id}` }] }),
      )
    ).body as Goal;
    expect((await call('DELETE', `/Condition/${condition.id}`)).status).toBeLessThan(300);
    const edited = await call('PUT', `/Goal/${created.id}`, {
      ...created,
      description: { text: 'Walk to the river' },
    });
    expect(edited.status).toBe(200);
    const added = await call('PUT', `/Goal/${created.id}`, {
      ...(edited.body as Goal),
      addresses: [{ reference: `Condition/${condition.id}` }, { reference: 'Condition/another-gone' }],
    });
    expect(added.status).toBe(400);
    expect(diagnostics(added)).toContain('Goal.addresses[1] refers to Condition/another-gone');
  });
});

describe('a transaction', () => {
  it('may name a resource a later entry creates', async () => {
    const before = await goalCount();
    const res = await call('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:5f0c3d2a-1b4e-4c8a-9d7e-2a6b8c0e1f23',
          resource: plan(['urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d']),
          request: { method: 'POST', url: 'CarePlan' },
        },
        {
          fullUrl: 'urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          resource: goal('Patient/cg-maria'),
          request: { method: 'POST', url: 'Goal' },
        },
      ],
    } satisfies Bundle);
    expect(res.status).toBe(200);
    expect(await goalCount()).toBe(before + 1);
  });

  it('is undone entirely when one entry names what no entry and no stored resource is', async () => {
    const before = await goalCount();
    const res = await call('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: goal('Patient/cg-maria'), request: { method: 'POST', url: 'Goal' } },
        { resource: plan(['Goal/never-made']), request: { method: 'POST', url: 'CarePlan' } },
      ],
    } satisfies Bundle);
    expect(res.status).toBe(400);
    expect(diagnostics(res)).toContain('CarePlan.goal[0] refers to Goal/never-made');
    expect(await goalCount()).toBe(before);
  });
});

describe('literalReferences', () => {
  it('finds this server’s references, relative, absolute or versioned, and leaves the rest', () => {
    const found = literalReferences(
      {
        resourceType: 'CarePlan',
        status: 'active',
        intent: 'plan',
        subject: { reference: `${BASE}/Patient/a` },
        goal: [{ reference: 'Goal/g/_history/2' }, { reference: '#contained' }],
        author: { reference: 'https://other.example/fhir/Practitioner/p' },
        careTeam: [{ reference: 'urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }],
        extension: [{ url: 'http://x', valueReference: { reference: 'Encounter/e' } }],
      },
      BASE,
    );
    expect(found).toEqual([
      { path: 'CarePlan.subject', target: 'Patient/a' },
      { path: 'CarePlan.goal[0]', target: 'Goal/g' },
      { path: 'CarePlan.extension[0].valueReference', target: 'Encounter/e' },
    ]);
  });
});
