import { fileURLToPath } from 'node:url';
import type {
  Bundle,
  CapabilityStatement,
  CarePlan,
  Condition,
  Goal,
  Observation,
  OperationOutcome,
  Patient,
} from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheck, FhirRequest, FhirResponse } from '../../sandbox/contract';
import { createFhirServer, type SandboxFhirServer } from '../../sandbox/fhir/server';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));
const BASE = 'http://sandbox.test/fhir';
const allowAll: AccessCheck = () => 'ok';

let server: SandboxFhirServer;

interface Call {
  query?: string;
  headers?: Record<string, string>;
  body?: unknown;
  access?: AccessCheck;
}

function call(
  method: string,
  path: string,
  { query = '', headers = {}, body, access = allowAll }: Call = {},
): Promise<FhirResponse> {
  const req: FhirRequest = { method, path, query: new URLSearchParams(query), headers, body };
  return server.handle(req, access);
}

/** Turns an absolute link from a Bundle back into the (path, query) the front door would hand over. */
function follow(url: string, access: AccessCheck = allowAll): Promise<FhirResponse> {
  expect(url.startsWith(`${BASE}/`)).toBe(true);
  const parsed = new URL(url);
  return call('GET', parsed.pathname.slice('/fhir'.length), { query: parsed.search, access });
}

const diagnostics = (response: FhirResponse): string =>
  ((response.body as OperationOutcome).issue?.[0]?.diagnostics ?? '') as string;

const ids = (bundle: Bundle): string[] =>
  (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);

function newGoal(identifier: string): Goal {
  return {
    resourceType: 'Goal',
    identifier: [{ system: 'https://common-ground.example/goal', value: identifier }],
    lifecycleStatus: 'proposed',
    description: { text: `Walk to the park (${identifier})` },
    subject: { reference: 'Patient/cg-maria' },
    expressedBy: { reference: 'Patient/cg-maria' },
  };
}

async function createGoal(identifier: string): Promise<Goal> {
  const response = await call('POST', '/Goal', { body: newGoal(identifier) });
  expect(response.status).toBe(201);
  return response.body as Goal;
}

beforeAll(async () => {
  server = await createFhirServer({
    baseUrl: `${BASE}/`,
    fixturesDir: FIXTURES,
    today: new Date('2026-11-26T12:00:00Z'),
    authorizeUrl: 'http://sandbox.test/auth/authorize',
    tokenUrl: 'http://sandbox.test/auth/token',
  });
}, 60_000);

describe('GET /metadata', () => {
  it('is an R4 CapabilityStatement with SMART oauth-uris, write interactions and the patient search param', async () => {
    const response = await call('GET', '/metadata', { access: () => 'forbidden' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cs = response.body as CapabilityStatement;
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.format).toContain('json');
    const rest = cs.rest![0]!;
    expect(rest.mode).toBe('server');
    expect(rest.security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
    const oauth = rest.security?.extension?.find(
      (e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    );
    expect(oauth?.extension).toEqual([
      { url: 'authorize', valueUri: 'http://sandbox.test/auth/authorize' },
      { url: 'token', valueUri: 'http://sandbox.test/auth/token' },
    ]);
    expect(rest.interaction?.map((i) => i.code)).toEqual(expect.arrayContaining(['batch', 'transaction']));
    for (const type of ['Goal', 'CarePlan', 'QuestionnaireResponse', 'Questionnaire']) {
      const resource = rest.resource?.find((r) => r.type === type);
      expect(
        resource?.interaction?.map((i) => i.code),
        type,
      ).toEqual(expect.arrayContaining(['read', 'search-type', 'create', 'update']));
      expect(
        resource?.searchParam?.map((p) => p.name),
        type,
      ).toContain(type === 'Questionnaire' ? 'identifier' : 'patient');
    }
  });
});

describe('search paging', () => {
  it('reaches all 130 observations through next links, 50 at a time, without duplicates', async () => {
    const seen: string[] = [];
    let response = await call('GET', '/Observation', { query: 'patient=cg-walter' });
    const first = response.body as Bundle;
    expect(first.total).toBe(130);
    expect(first.entry).toHaveLength(50);
    expect(first.link?.find((l) => l.relation === 'self')?.url).toMatch(
      /^http:\/\/sandbox\.test\/fhir\/Observation\?/,
    );
    let pages = 0;
    for (;;) {
      pages++;
      const bundle = response.body as Bundle;
      expect(response.status).toBe(200);
      seen.push(...ids(bundle));
      if (pages > 1) expect(bundle.link?.some((l) => l.relation === 'previous')).toBe(true);
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (!next) break;
      response = await follow(next);
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
  });

  it('finds a record by its new patient after an update moves it, and no longer by the old one', async () => {
    const goal = await createGoal('moved-goal');
    const query = (patient: string) =>
      `patient=${patient}&identifier=https://common-ground.example/goal|moved-goal`;
    expect(((await call('GET', '/Goal', { query: query('cg-maria') })).body as Bundle).total).toBe(1);
    const moved = await call('PUT', `/Goal/${goal.id}`, {
      body: { ...goal, subject: { reference: 'Patient/cg-theo' }, expressedBy: undefined },
    });
    expect(moved.status).toBe(200);
    expect(((await call('GET', '/Goal', { query: query('cg-maria') })).body as Bundle).total).toBe(0);
    expect(((await call('GET', '/Goal', { query: query('cg-theo') })).body as Bundle).total).toBe(1);
    await call('DELETE', `/Goal/${goal.id}`);
    expect(((await call('GET', '/Goal', { query: query('cg-theo') })).body as Bundle).total).toBe(0);
  });

  it('accepts patient as a bare id, a relative reference or an absolute URL', async () => {
    for (const value of ['cg-maria', 'Patient/cg-maria', `${BASE}/Patient/cg-maria`]) {
      const bundle = (await call('GET', '/Condition', { query: `patient=${encodeURIComponent(value)}` }))
        .body as Bundle;
      expect(bundle.total, value).toBe(5);
    }
  });
});

describe('read, create and update headers', () => {
  it('returns ETag, Last-Modified and Location on read', async () => {
    const response = await call('GET', '/Patient/cg-maria');
    const patient = response.body as Patient;
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(response.headers['etag']).toBe(`W/"${patient.meta!.versionId}"`);
    expect(response.headers['location']).toBe(`${BASE}/Patient/cg-maria/_history/${patient.meta!.versionId}`);
    expect(Number.isNaN(Date.parse(response.headers['last-modified']!))).toBe(false);
  });

  it('returns 201 with ETag and Location on create, and honours Prefer: return=minimal', async () => {
    const created = await call('POST', '/Goal', { body: { ...newGoal('hdr-1'), id: 'client-picked' } });
    const goal = created.body as Goal;
    expect(created.status).toBe(201);
    expect(goal.id).not.toBe('client-picked');
    expect(created.headers['location']).toBe(`${BASE}/Goal/${goal.id}/_history/${goal.meta!.versionId}`);
    expect(created.headers['etag']).toBe(`W/"${goal.meta!.versionId}"`);

    const minimal = await call('POST', '/Goal', {
      body: newGoal('hdr-2'),
      headers: { prefer: 'return=minimal' },
    });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toBeUndefined();
    expect(minimal.headers['location']).toMatch(/\/Goal\/[^/]+\/_history\//);
  });
});

describe('If-Match', () => {
  it.each([
    ['weak', (v: string) => `W/"${v}"`],
    ['quoted', (v: string) => `"${v}"`],
    ['bare', (v: string) => v],
  ])('accepts the current version and rejects a stale one with 412 (%s form)', async (_form, format) => {
    const goal = await createGoal(`if-match-${_form}`);
    const stale = goal.meta!.versionId!;
    const first = await call('PUT', `/Goal/${goal.id}`, {
      body: { ...goal, lifecycleStatus: 'accepted' },
      headers: { 'if-match': format(stale) },
    });
    expect(first.status).toBe(200);
    const updated = first.body as Goal;
    expect(updated.meta!.versionId).not.toBe(stale);
    expect(first.headers['etag']).toBe(`W/"${updated.meta!.versionId}"`);

    const conflict = await call('PUT', `/Goal/${goal.id}`, {
      body: { ...goal, lifecycleStatus: 'cancelled' },
      headers: { 'if-match': format(stale) },
    });
    expect(conflict.status).toBe(412);
    expect((conflict.body as OperationOutcome).resourceType).toBe('OperationOutcome');
    expect(diagnostics(conflict)).toMatch(/version/i);
    const current = (await call('GET', `/Goal/${goal.id}`)).body as Goal;
    expect(current.lifecycleStatus).toBe('accepted');
  });
});

describe('history', () => {
  it('lists versions newest first, every time it is read', async () => {
    const goal = await createGoal('history-order');
    await call('PUT', `/Goal/${goal.id}`, { body: { ...goal, lifecycleStatus: 'active' } });
    for (let i = 0; i < 3; i++) {
      const history = (await call('GET', `/Goal/${goal.id}/_history`)).body as Bundle;
      expect(history.entry?.map((e) => (e.resource as Goal).lifecycleStatus)).toEqual(['active', 'proposed']);
    }
  });
});

describe('conditional create and update', () => {
  it('If-None-Exist returns the existing resource instead of creating a duplicate', async () => {
    const headers = { 'if-none-exist': 'identifier=https://common-ground.example/goal|ine-1' };
    const first = await call('POST', '/Goal', { body: newGoal('ine-1'), headers });
    const second = await call('POST', '/Goal', { body: newGoal('ine-1'), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((second.body as Goal).id).toBe((first.body as Goal).id);
    const search = (
      await call('GET', '/Goal', { query: 'identifier=https://common-ground.example/goal|ine-1' })
    ).body as Bundle;
    expect(search.total).toBe(1);
  });

  it('PUT /Goal?identifier= creates once, then updates the same resource', async () => {
    const query = 'identifier=https://common-ground.example/goal|cu-1';
    const created = await call('PUT', '/Goal', { query, body: newGoal('cu-1') });
    expect(created.status).toBe(201);
    const updated = await call('PUT', '/Goal', {
      query,
      body: { ...newGoal('cu-1'), lifecycleStatus: 'active' },
    });
    expect(updated.status).toBe(200);
    expect((updated.body as Goal).id).toBe((created.body as Goal).id);
    expect((updated.body as Goal).lifecycleStatus).toBe('active');
  });
});

describe("what Medplum's router would skip", () => {
  it('refuses a conditional update whose criteria it does not know instead of matching everything', async () => {
    const onlyOneGoal: AccessCheck = (_type, _i, resource) =>
      !resource || resource.id === 'cg-maria-goal-garden' ? 'ok' : 'forbidden';
    const response = await call('PUT', '/Goal', {
      query: 'mood=hopeful',
      body: newGoal('cu-unknown'),
      access: onlyOneGoal,
    });
    expect(response.status).toBe(400);
    expect(diagnostics(response)).toContain('mood');
    const garden = (await call('GET', '/Goal/cg-maria-goal-garden')).body as Goal;
    expect(garden.identifier?.[0]?.value).not.toBe('cu-unknown');
  });

  it('checks If-Match on PATCH and on a batch entry in its bare form', async () => {
    const goal = await createGoal('patch-if-match');
    const stale = await call('PATCH', `/Goal/${goal.id}`, {
      body: [{ op: 'replace', path: '/lifecycleStatus', value: 'active' }],
      headers: { 'if-match': 'W/"not-the-version"' },
    });
    expect(stale.status).toBe(412);
    const batch = await call('POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          {
            resource: { ...goal, lifecycleStatus: 'active' },
            request: { method: 'PUT', url: `Goal/${goal.id}`, ifMatch: 'not-the-version' },
          },
        ],
      } satisfies Bundle,
    });
    expect((batch.body as Bundle).entry?.[0]?.response?.status).toMatch(/^412/);
    expect(((await call('GET', `/Goal/${goal.id}`)).body as Goal).lifecycleStatus).toBe('proposed');
  });

  it('offers no system search, GraphQL or nested batches', async () => {
    expect((await call('GET', '/', { query: '_type=Patient' })).status).toBe(405);
    expect((await call('POST', '/$graphql', { body: { query: '{ PatientList { id } }' } })).status).toBe(405);
    const nested = await call('POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { resource: { resourceType: 'Bundle', type: 'batch' }, request: { method: 'POST', url: '' } },
        ],
      },
    });
    expect((nested.body as Bundle).entry?.[0]?.response?.status).toMatch(/^4/);
  });
});

describe('access check', () => {
  const onlyMaria: AccessCheck = (_type, _interaction, resource) => {
    if (!resource) return 'ok';
    const subject = (resource as { subject?: { reference?: string } }).subject?.reference;
    return resource.resourceType === 'Patient'
      ? resource.id === 'cg-maria'
        ? 'ok'
        : 'forbidden'
      : subject === 'Patient/cg-maria'
        ? 'ok'
        : 'forbidden';
  };

  it('leaves forbidden resources out of search results and out of _include', async () => {
    const open = (await call('GET', '/Condition', { query: 'category=problem-list-item' })).body as Bundle;
    const filtered = (
      await call('GET', '/Condition', { query: 'category=problem-list-item', access: onlyMaria })
    ).body as Bundle;
    expect(ids(open).some((id) => !id.startsWith('Condition/cg-maria'))).toBe(true);
    expect(ids(filtered).length).toBeGreaterThan(0);
    expect(ids(filtered).every((id) => id.startsWith('Condition/cg-maria'))).toBe(true);
    expect(filtered.total).toBe(filtered.entry?.length);

    const hideA1cGoal: AccessCheck = (type, _i, resource) =>
      type === 'Goal' && resource?.id === 'cg-maria-goal-a1c' ? 'forbidden' : 'ok';
    const query = 'patient=cg-maria&_include=CarePlan:goal';
    const all = ids((await call('GET', '/CarePlan', { query })).body as Bundle);
    expect(all).toEqual([
      'CarePlan/cg-maria-careplan',
      'Goal/cg-maria-goal-garden',
      'Goal/cg-maria-goal-a1c',
    ]);
    const included = ids((await call('GET', '/CarePlan', { query, access: hideA1cGoal })).body as Bundle);
    expect(included).toEqual(['CarePlan/cg-maria-careplan', 'Goal/cg-maria-goal-garden']);
  });

  it('answers 403 with an OperationOutcome for a forbidden type or a forbidden resource', async () => {
    const noGoals: AccessCheck = (type) => (type === 'Goal' ? 'forbidden' : 'ok');
    const typeLevel = await call('GET', '/Goal', { query: 'patient=cg-maria', access: noGoals });
    expect(typeLevel.status).toBe(403);
    expect(diagnostics(typeLevel)).toContain('Goal');

    const read = await call('GET', '/Patient/cg-rosa', { access: onlyMaria });
    expect(read.status).toBe(403);
    const write = await call('POST', '/Goal', {
      body: { ...newGoal('forbidden'), subject: { reference: 'Patient/cg-rosa' } },
      access: onlyMaria,
    });
    expect(write.status).toBe(403);
  });

  it('runs every batch entry through the access check; a 403 entry does not fail the batch', async () => {
    const noConditions: AccessCheck = (type) => (type === 'Condition' ? 'forbidden' : 'ok');
    const condition: Condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/cg-maria' },
      code: { text: 'batch test' },
    };
    const response = await call('POST', '/', {
      access: noConditions,
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: 'Patient/cg-maria' } },
          { resource: condition, request: { method: 'POST', url: 'Condition' } },
          { request: { method: 'GET', url: 'Nonsense/1' } },
          { resource: newGoal('batch-1'), request: { method: 'POST', url: 'Goal' } },
        ],
      } satisfies Bundle,
    });
    expect(response.status).toBe(200);
    const bundle = response.body as Bundle;
    expect(bundle.type).toBe('batch-response');
    expect(bundle.entry?.map((e) => e.response?.status.slice(0, 3))).toEqual(['200', '403', '404', '201']);
    expect(bundle.entry?.[1]?.response?.outcome?.resourceType).toBe('OperationOutcome');
    expect(bundle.entry?.[3]?.response?.location).toMatch(/^http:\/\/sandbox\.test\/fhir\/Goal\//);
    const stored = (await call('GET', '/Condition', { query: 'patient=cg-maria' })).body as Bundle;
    expect(stored.total).toBe(5);
  });
});

describe('transaction', () => {
  it('resolves urn:uuid references between entries', async () => {
    const goalUrl = 'urn:uuid:6f1c3d0e-0a47-4c5e-9a57-1b2b3c4d5e6f';
    const carePlan: CarePlan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/cg-maria' },
      goal: [{ reference: goalUrl }],
    };
    const response = await call('POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:0d1c3d0e-0a47-4c5e-9a57-1b2b3c4d5e6f',
            resource: carePlan,
            request: { method: 'POST', url: 'CarePlan' },
          },
          { fullUrl: goalUrl, resource: newGoal('tx-1'), request: { method: 'POST', url: 'Goal' } },
        ],
      } satisfies Bundle,
    });
    expect(response.status).toBe(200);
    const bundle = response.body as Bundle;
    const savedPlan = bundle.entry?.[0]?.resource as CarePlan;
    const savedGoal = bundle.entry?.[1]?.resource as Goal;
    expect(savedPlan.goal?.[0]?.reference).toBe(`Goal/${savedGoal.id}`);
    expect((await call('GET', `/Goal/${savedGoal.id}`)).status).toBe(200);
  });

  it('rolls back every entry when one fails', async () => {
    const goal = await createGoal('tx-rollback-target');
    const response = await call('POST', '/', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: newGoal('tx-rollback-new'), request: { method: 'POST', url: 'Goal' } },
          {
            resource: { ...goal, lifecycleStatus: 'active' },
            request: { method: 'PUT', url: `Goal/${goal.id}`, ifMatch: 'W/"not-the-version"' },
          },
        ],
      } satisfies Bundle,
    });
    expect(response.status).toBe(412);
    expect(diagnostics(response)).toMatch(/rolled back/);
    const search = (
      await call('GET', '/Goal', { query: 'identifier=https://common-ground.example/goal|tx-rollback-new' })
    ).body as Bundle;
    expect(search.total).toBe(0);
  });
});

describe('errors', () => {
  it('answers 404 with an OperationOutcome for unknown types and ids', async () => {
    for (const path of ['/Nonsense/1', '/Patient/does-not-exist', '/Nonsense']) {
      const response = await call('GET', path);
      expect(response.status, path).toBe(404);
      expect((response.body as OperationOutcome).resourceType).toBe('OperationOutcome');
      expect(diagnostics(response).length, path).toBeGreaterThan(0);
    }
  });

  it('rejects an update whose body id differs from the URL', async () => {
    const response = await call('PUT', '/Goal/cg-maria-goal-garden', { body: newGoal('x') });
    expect(response.status).toBe(400);
    expect(diagnostics(response)).toMatch(/id/);
  });
});

describe('reset', () => {
  it('drops every change and reloads the fixtures', async () => {
    const goal = await createGoal('reset-1');
    const observations = (await call('GET', '/Observation', { query: 'patient=cg-walter&_summary=count' }))
      .body as Bundle;
    await server.reset();
    expect((await call('GET', `/Goal/${goal.id}`)).status).toBe(404);
    expect((await call('GET', '/Patient/cg-maria')).status).toBe(200);
    const after = (await call('GET', '/Observation', { query: 'patient=cg-walter&_summary=count' }))
      .body as Bundle;
    expect(after.total).toBe(observations.total);
    expect((after as Bundle & { entry?: Observation[] }).entry).toBeUndefined();
  });
});
