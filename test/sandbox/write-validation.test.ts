/**
 * Every create and update is validated: against the R4 base definitions (400) and, for a Goal,
 * CarePlan or QuestionnaireResponse claiming a US Core profile, that profile's required elements
 * (422), each refusal an OperationOutcome naming the element. Fixtures are exempt.
 */
import { fileURLToPath } from 'node:url';
import type { Bundle, CarePlan, Goal, OperationOutcome, QuestionnaireResponse } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheck, FhirRequest, FhirResponse } from '../../sandbox/contract';
import { createFhirServer, type SandboxFhirServer } from '../../sandbox/fhir/server';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));
const allowAll: AccessCheck = () => 'ok';
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';

let server: SandboxFhirServer;
beforeAll(async () => {
  server = await createFhirServer({
    baseUrl: 'http://sandbox.test/fhir',
    fixturesDir: FIXTURES,
    authorizeUrl: 'http://sandbox.test/auth/authorize',
    tokenUrl: 'http://sandbox.test/auth/token',
  });
}, 60_000);

function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<FhirResponse> {
  const req: FhirRequest = { method, path, query: new URLSearchParams(), headers, body };
  return server.handle(req, allowAll);
}

/** Every element the OperationOutcome names, from `expression` and `diagnostics`. */
function named(response: FhirResponse): string {
  const outcome = response.body as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  return outcome.issue.map((i) => `${(i.expression ?? []).join(' ')} ${i.diagnostics ?? ''}`).join(' | ');
}

const goal = (extra: Partial<Goal> = {}): Goal => ({
  resourceType: 'Goal',
  meta: { profile: [`${US_CORE}us-core-goal`] },
  lifecycleStatus: 'proposed',
  description: { text: 'Walk to the park' },
  subject: { reference: 'Patient/cg-maria' },
  ...extra,
});

describe('writes are validated against R4', () => {
  it('refuses a Goal missing its required elements with 400, naming each', async () => {
    const response = await call('POST', '/Goal', { resourceType: 'Goal' });
    expect(response.status).toBe(400);
    const text = named(response);
    for (const element of ['Goal.lifecycleStatus', 'Goal.description', 'Goal.subject'])
      expect(text).toContain(element);
  });

  it('refuses lifecycleStatus: 42 and unknown elements with 400', async () => {
    const wrongType = await call('POST', '/Goal', { ...goal(), lifecycleStatus: 42 });
    expect(wrongType.status).toBe(400);
    expect(named(wrongType)).toContain('Goal.lifecycleStatus');
    const unknown = await call('POST', '/Goal', { ...goal(), mood: 'hopeful' });
    expect(unknown.status).toBe(400);
    expect(named(unknown)).toContain('Goal.mood');
  });

  it('validates updates and patches too, and a refused patch changes nothing', async () => {
    const created = await call('POST', '/Goal', goal());
    expect(created.status).toBe(201);
    const stored = created.body as Goal;
    const put = await call('PUT', `/Goal/${stored.id}`, { ...stored, description: undefined });
    expect(put.status).toBe(400);
    expect(named(put)).toContain('Goal.description');
    const patched = await call('PATCH', `/Goal/${stored.id}`, [
      { op: 'replace', path: '/lifecycleStatus', value: 42 },
    ]);
    expect(patched.status).toBe(400);
    const after = (await call('GET', `/Goal/${stored.id}`)).body as Goal;
    expect(after.lifecycleStatus).toBe('proposed');
    expect(after.meta?.versionId).toBe(stored.meta?.versionId);
  });

  it('rolls back a transaction with one invalid entry', async () => {
    const before = (
      (
        await server.handle(
          {
            method: 'GET',
            path: '/Goal',
            query: new URLSearchParams('patient=cg-theo&_summary=count'),
            headers: {},
          },
          allowAll,
        )
      ).body as Bundle
    ).total;
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: goal({ subject: { reference: 'Patient/cg-theo' } }),
          request: { method: 'POST', url: 'Goal' },
        },
        {
          resource: {
            ...goal({ subject: { reference: 'Patient/cg-theo' } }),
            lifecycleStatus: 42,
          } as unknown as Goal,
          request: { method: 'POST', url: 'Goal' },
        },
      ],
    };
    const response = await call('POST', '/', transaction);
    expect(response.status).toBe(400);
    expect(named(response)).toMatch(/rolled back/);
    const after = (
      (
        await server.handle(
          {
            method: 'GET',
            path: '/Goal',
            query: new URLSearchParams('patient=cg-theo&_summary=count'),
            headers: {},
          },
          allowAll,
        )
      ).body as Bundle
    ).total;
    expect(after).toBe(before);
  });
});

describe('claimed US Core profiles', () => {
  it('refuses a US Core Goal whose subject is not a Patient with 422', async () => {
    // A Group the server holds: a reference to one it does not is refused before any profile.
    const group = await call('POST', '/Group', { resourceType: 'Group', type: 'person', actual: true });
    const subject = { reference: `Group/${(group.body as { id: string }).id}` };
    const response = await call('POST', '/Goal', goal({ subject }));
    expect(response.status).toBe(422);
    expect(named(response)).toContain('Goal.subject');
    // The same Goal without the claim is a valid R4 Goal.
    const plain = await call('POST', '/Goal', goal({ meta: undefined, subject }));
    expect(plain.status).toBe(201);
  });

  it('refuses a US Core CarePlan without the assess-plan category, a versioned claim too', async () => {
    const plan: CarePlan = {
      resourceType: 'CarePlan',
      meta: { profile: [`${US_CORE}us-core-careplan|6.1.0`] },
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/cg-maria' },
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '734163000' }] }],
    };
    const response = await call('POST', '/CarePlan', plan);
    expect(response.status).toBe(422);
    expect(named(response)).toContain('CarePlan.category');
    const fixed = await call('POST', '/CarePlan', {
      ...plan,
      category: [
        {
          coding: [
            { system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' },
          ],
        },
      ],
    });
    expect(fixed.status).toBe(201);
  });

  it('refuses a US Core QuestionnaireResponse without authored or questionnaire', async () => {
    const response: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      meta: { profile: [`${US_CORE}us-core-questionnaireresponse`] },
      status: 'completed',
      subject: { reference: 'Patient/cg-maria' },
    };
    const refused = await call('POST', '/QuestionnaireResponse', response);
    expect(refused.status).toBe(422);
    expect(named(refused)).toContain('QuestionnaireResponse.authored');
    expect(named(refused)).toContain('QuestionnaireResponse.questionnaire');
  });

  it('never refuses a resource only for naming a profile it does not know', async () => {
    const response = await call(
      'POST',
      '/Goal',
      goal({ meta: { profile: ['http://example.org/StructureDefinition/retired-goal'] } }),
    );
    expect(response.status).toBe(201);
  });

  it('loads every fixture, including the Synthea records that name retired profiles', () => {
    expect(server.loadReport.failed).toEqual([]);
    expect(server.loadReport.resources).toBeGreaterThan(1000);
  });
});
