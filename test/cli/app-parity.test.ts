/**
 * The clinician view and the command line show the same prompts. Every rule fixture patient is read
 * the way the app reads a record — fhirclient, one batch of the read path's searches, the scopes the
 * app asks for enforced by the sandbox's own access check — and evaluated as the app evaluates it;
 * the same bundles go through the prompts CLI. Both must give the same prompts, and the ones the
 * fixture expects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, FhirResource } from 'fhir/r4';
import type Client from 'fhirclient/lib/Client';
import type { fhirclient } from 'fhirclient/lib/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessCheck } from '../../sandbox/auth/access';
import { parseScopes } from '../../sandbox/auth/scopes';
import { inPatientCompartment } from '../../sandbox/auth/compartment';
import { nodeCodeSets, run } from '../../src/cli/prompts';
import { evaluatePrompts, type Prompt } from '../../src/core/prompts';
import { readRecord } from '../../src/core/record/read';
import { requestedScopes } from '../../src/core/smart/scope-request';
import { grantedAccess } from '../../src/core/smart/scopes';
import { fhirRequester } from '../../src/platform/requester';
import { EVALUATION_DATE, expectations, RULES_DIR } from '../prompts/helpers';

const BASE = 'https://ehr.example.org/fhir';

/**
 * The same fhirclient Client the app uses, made by its Node adapter: this runs in Node (the code sets
 * and fixtures are read from disk), where the browser adapter has no window. Required directly
 * because the test config points `fhirclient` at the browser entry.
 */
const NodeAdapter = (
  createRequire(import.meta.url)('fhirclient/lib/adapters/NodeAdapter') as {
    default: new (o: { request: IncomingMessage; response: ServerResponse }) => {
      getSmartApi(): { client(state: fhirclient.ClientState): Client };
    };
  }
).default;
const smart = new NodeAdapter({
  request: {} as IncomingMessage,
  response: {} as ServerResponse,
}).getSmartApi();
const DIR = fileURLToPath(RULES_DIR);
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(DIR, f));
const STORE: FhirResource[] = FILES.flatMap((f) =>
  ((JSON.parse(readFileSync(f, 'utf8')) as Bundle).entry ?? []).flatMap((e) =>
    e.resource ? [e.resource] : [],
  ),
);

/** One batch entry answered as a FHIR server would, behind the sandbox's scope enforcement. */
function answer(url: string, patient: string, scope: string) {
  const access = createAccessCheck(parseScopes(scope), patient);
  const [path = '', query = ''] = url.split('?');
  const [type = '', id] = path.split('/');
  const forbidden = {
    response: { status: '403 Forbidden' },
    resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] },
  };
  if (id) {
    const found = STORE.find((r) => r.resourceType === type && r.id === id);
    if (!found) return { response: { status: '404 Not Found' } };
    return access(type, 'read', found) === 'ok'
      ? { resource: found, response: { status: '200 OK' } }
      : forbidden;
  }
  if (access(type, 'search', undefined) !== 'ok') return forbidden;
  const of = new URLSearchParams(query).get('patient') ?? '';
  const matches = STORE.filter(
    (r) => r.resourceType === type && inPatientCompartment(r, of) && access(type, 'search', r) === 'ok',
  );
  const searchset: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: matches.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
  return { resource: searchset, response: { status: '200 OK' } };
}

const SCOPE = requestedScopes({ launch: 'ehr', v2: true });
const server = setupServer(
  http.post(BASE, async ({ request }) => {
    const patient = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
    const batch = (await request.json()) as Bundle;
    return HttpResponse.json({
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: (batch.entry ?? []).map((e) => answer(e.request?.url ?? '', patient, SCOPE)),
    });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** What a card shows that the CLI prints too: which rule, which kind, and why. */
const shown = (p: { rule: string; kind: string; evidence: readonly string[] }) => ({
  rule: p.rule,
  kind: p.kind,
  evidence: [...p.evidence].sort(),
});

async function appPrompts(patient: string): Promise<Prompt[]> {
  // The token stands for the patient in context, so the fake server knows whose record is asked for.
  const client = smart.client({ serverUrl: BASE, tokenResponse: { access_token: patient, patient } });
  const access = grantedAccess(undefined, SCOPE);
  const panels = await readRecord(fhirRequester(client), patient, { canRead: (t, i) => access.can(t, i) });
  for (const [panel, state] of Object.entries(panels))
    expect(state.status, `${patient}: ${panel} panel`).toBe('ready');
  const resources = Object.values(panels).flatMap((p) => (p.status === 'ready' ? p.resources : []));
  return evaluatePrompts({ resources, date: EVALUATION_DATE }, nodeCodeSets()).prompts;
}

const cliLines: { patient: string; rule: string; kind: string; evidence: string[] }[] = [];
beforeAll(async () => {
  const result = await run(
    ['--date', EVALUATION_DATE, ...FILES],
    (line) => cliLines.push(JSON.parse(line) as (typeof cliLines)[number]),
    () => undefined,
  );
  expect(result.exitCode).toBe(0);
});

describe('every rule fixture shows the same prompts in the app and on the command line', () => {
  it.each(Object.entries(expectations.patients))('%s', async (id, e) => {
    const app = await appPrompts(id);
    const cli = cliLines.filter((l) => l.patient === id).map(shown);
    expect(app.map(shown)).toEqual(cli);
    const rules = app.map((p) => p.rule as string);
    for (const rule of e.fires) expect(rules, `${id}: ${e.note}`).toContain(rule);
    for (const rule of e.absent) expect(rules, `${id}: ${e.note}`).not.toContain(rule);
    for (const [rule, variant] of Object.entries(e.variants ?? {}))
      expect(app.find((p) => p.rule === rule)?.variant, `${id}: ${rule} variant`).toBe(variant);
  });
});
