/**
 * Where the app depends on the sandbox, it must answer as an R4 server would, so the app cannot pass
 * only because the sandbox is lenient. Each test asserts what the R4 spec requires (the section is
 * in its describe), and each failed against the sandbox before its fix.
 */
import { fileURLToPath } from 'node:url';
import type { Bundle, Goal, OperationOutcome, Task } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheck, FhirRequest, FhirResponse } from '../../sandbox/contract';
import { createFhirServer, type SandboxFhirServer } from '../../sandbox/fhir/server';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));
const allowAll: AccessCheck = () => 'ok';

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
  const [pathname = '', search = ''] = path.split('?');
  const req: FhirRequest = { method, path: pathname, query: new URLSearchParams(search), headers, body };
  return server.handle(req, allowAll);
}

/** Every element and message the OperationOutcome names. */
function named(response: FhirResponse): string {
  const outcome = response.body as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  return outcome.issue.map((i) => `${(i.expression ?? []).join(' ')} ${i.diagnostics ?? ''}`).join(' | ');
}

const goal = (extra: Partial<Goal> & Record<string, unknown> = {}): Goal =>
  ({
    resourceType: 'Goal',
    lifecycleStatus: 'proposed',
    description: { text: 'Walk to the park' },
    subject: { reference: 'Patient/cg-maria' },
    ...extra,
  }) as Goal;

describe('empty strings (R4 json.html: "string property values can never be empty")', () => {
  it('refuses a Goal whose description.text is "" with 400 naming the path, instead of storing a Goal without its 1..1 description', async () => {
    const response = await call('POST', '/Goal', goal({ description: { text: '' } }));
    expect(response.status).toBe(400);
    expect(named(response)).toContain('Goal.description.text');
  });
});
