/**
 * The launch profiles (epic-like, oracle-like, strict): each constraint as the app meets it over
 * HTTP, through the launcher, the authorization server and the FHIR base the launch names.
 */
import { decodeJwt } from 'jose';
import type { Bundle, Goal, OperationOutcome } from 'fhir/r4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessCheck, FhirRequest, FhirResponse, FhirServer } from '../../sandbox/contract';
import { handleUnderProfile } from '../../sandbox/profiles/apply';
import { patientAlias } from '../../sandbox/profiles/patient-aliases';
import { ORACLE_MAX_COUNT } from '../../sandbox/profiles/oracle-like';
import { startFakeSandbox, type FakeSandbox } from './support/fake-sandbox';
import { authorize, exchangeCode, bearer, launch } from './support/smart-test-client';

const V1 =
  'launch openid fhirUser online_access patient/Goal.read patient/Goal.write patient/Patient.read patient/Observation.read';
const V2 =
  'launch openid fhirUser online_access patient/Goal.cruds patient/Patient.rs patient/Observation.rs';

let sb: FakeSandbox;
beforeAll(async () => {
  sb = await startFakeSandbox();
});
afterAll(() => sb.close());
beforeEach(async () => {
  await fetch(`${sb.url}/sandbox/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
});

/** A launch under `profile`, as the app does it: the launcher's iss is the FHIR base it then uses. */
async function launchUnder(profile: string, scope: string, role: 'clinician' | 'patient' = 'clinician') {
  const launched = await launch(sb.url, { role, patient: 'p-alice', profile });
  const iss = launched.location?.searchParams.get('iss');
  if (!iss) throw new Error(`launcher answered ${launched.status}`);
  const auth = await authorize(sb.url, {
    fhirBaseUrl: iss,
    scope: role === 'patient' ? scope.replace(/^launch /, 'launch/patient ') : scope,
    launch: launched.location?.searchParams.get('launch') ?? undefined,
    cookie: launched.cookie,
  });
  const tokens = await exchangeCode(sb.url, auth);
  if (!tokens) throw new Error(`authorize answered ${auth.res.status} ${auth.body.slice(0, 200)}`);
  expect(tokens.status).toBe(200);
  return { iss, tokens: tokens.json, headers: bearer(tokens.json.access_token) };
}

async function discovery(iss: string): Promise<{ capabilities: string[]; scopes_supported: string[] }> {
  const res = await fetch(`${iss}/.well-known/smart-configuration`);
  expect(res.status).toBe(200);
  return (await res.json()) as { capabilities: string[]; scopes_supported: string[] };
}

const issue = (body: unknown) => (body as OperationOutcome).issue[0]!;

describe('choosing a profile', () => {
  it('names the profile base in iss, and refuses an unknown profile on the launcher', async () => {
    const launched = await launch(sb.url, { role: 'clinician', patient: 'p-alice', profile: 'epic-like' });
    expect(launched.location?.searchParams.get('iss')).toBe(`${sb.url}/profiles/epic-like/fhir`);
    const plain = await launch(sb.url, { role: 'clinician', patient: 'p-alice' });
    expect(plain.location?.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
    const bad = await fetch(
      `${sb.url}/launcher?role=clinician&patient=p-alice&launch_uri=http://localhost:5173/launch/&profile=cerner`,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('profile must be one of default, epic-like, oracle-like, strict');
    const form = await (await fetch(`${sb.url}/launcher`)).text();
    expect(form).toContain('<select id="profile" name="profile" aria-describedby="profile-help">');
    // The option says the short name (it cannot wrap on a phone); the list under it says the rest.
    expect(form).toContain('<option value="epic-like">Epic-like</option>');
    expect(form).toMatch(/<li>Epic-like: SMART v1 scopes, no batch reads/);
  });

  it('keeps a token to the profile of its launch: another base refuses it with 401', async () => {
    const { headers } = await launchUnder('strict', V2);
    expect((await fetch(`${sb.url}/profiles/strict/fhir/Goal?patient=p-alice`, { headers })).status).toBe(
      200,
    );
    const elsewhere = await fetch(`${sb.fhirBaseUrl}/Goal?patient=p-alice`, { headers });
    expect(elsewhere.status).toBe(401);
    expect(issue(await elsewhere.json()).diagnostics).toContain('issued for the strict FHIR base');
    const defaultToken = (await launchUnder('default', V2)).headers;
    expect(
      (await fetch(`${sb.url}/profiles/strict/fhir/Goal?patient=p-alice`, { headers: defaultToken })).status,
    ).toBe(401);
  });

  it('leaves the default base as it was: v1 and v2 in discovery, refresh with online_access', async () => {
    const doc = await discovery(sb.fhirBaseUrl);
    expect(doc.capabilities).toEqual(expect.arrayContaining(['permission-v1', 'permission-v2']));
    const { tokens } = await launchUnder('default', V2);
    expect(tokens.refresh_token).toBeTypeOf('string');
    expect(tokens.patient).toBe('p-alice');
  });
});

describe('epic-like', () => {
  const base = () => `${sb.url}/profiles/epic-like/fhir`;

  it('discovers and grants SMART v1 scopes only', async () => {
    const doc = await discovery(base());
    expect(doc.capabilities).toContain('permission-v1');
    expect(doc.capabilities).not.toContain('permission-v2');
    expect(doc.scopes_supported.filter((s) => /\.(cruds|rs)$/.test(s))).toEqual([]);
    const { tokens } = await launchUnder('epic-like', `${V1} patient/Condition.rs`);
    expect(String(tokens.scope).split(' ')).not.toContain('patient/Condition.rs');
    expect(String(tokens.scope).split(' ')).toContain('patient/Goal.read');
  });

  it('gives a refresh token only for offline_access', async () => {
    expect((await launchUnder('epic-like', V1)).tokens.refresh_token).toBeUndefined();
    const offline = await launchUnder('epic-like', `${V1} offline_access`);
    expect(offline.tokens.refresh_token).toBeTypeOf('string');
  });

  it('sends need_patient_banner false for a launch from inside the EHR, not for a patient', async () => {
    expect((await launchUnder('epic-like', V1)).tokens.need_patient_banner).toBe(false);
    expect((await launchUnder('epic-like', V1, 'patient')).tokens.need_patient_banner).toBe(true);
  });

  it('names the patient by a long opaque id everywhere, and reads and writes through it', async () => {
    const { tokens, headers } = await launchUnder('epic-like', V1, 'patient');
    const alias = String(tokens.patient);
    expect(alias).toBe(patientAlias('p-alice'));
    expect(alias).toMatch(/^e[A-Za-z0-9\-.]{43}$/);
    expect(String(decodeJwt(String(tokens.id_token)).fhirUser)).toBe(`${base()}/Patient/${alias}`);
    const patient = await (await fetch(`${base()}/Patient/${alias}`, { headers })).json();
    expect(patient.id).toBe(alias);
    const goals = (await (await fetch(`${base()}/Goal?patient=${alias}`, { headers })).json()) as Bundle;
    expect(
      goals.entry?.map((e) => (e.resource as { subject: { reference: string } }).subject.reference),
    ).toEqual([`Patient/${alias}`]);
    const created = await fetch(`${base()}/Goal`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Goal',
        lifecycleStatus: 'proposed',
        description: { text: 'Walk to church' },
        subject: { reference: `Patient/${alias}` },
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`^${base()}/Goal/`));
    // Stored under the fixture's own id, so the default base and the fixtures stay as they are.
    const stored = sb.fake.requests.at(-1)!.body as { subject: { reference: string } };
    expect(stored.subject.reference).toBe('Patient/p-alice');
  });

  it('refuses a batch of reads, Observation without category or code, and _include', async () => {
    const { tokens, headers } = await launchUnder('epic-like', V1);
    const alias = String(tokens.patient);
    const batch = await fetch(base(), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'batch',
        entry: [{ request: { method: 'GET', url: `Goal?patient=${alias}` } }],
      }),
    });
    expect(batch.status).toBe(400);
    expect(issue(await batch.json())).toMatchObject({
      code: 'not-supported',
      diagnostics: expect.stringContaining('batch may not contain reads'),
    });
    const obs = await fetch(`${base()}/Observation?patient=${alias}`, { headers });
    expect(obs.status).toBe(400);
    expect(issue(await obs.json()).diagnostics).toBe(
      'Observation searches must include a category or a code parameter',
    );
    expect(
      (await fetch(`${base()}/Observation?patient=${alias}&category=laboratory`, { headers })).status,
    ).toBe(200);
    const include = await fetch(`${base()}/Goal?patient=${alias}&_include=Goal:subject`, { headers });
    expect(include.status).toBe(400);
    expect(issue(await include.json()).diagnostics).toContain('_include parameter is not supported');
  });

  it('caps _count', async () => {
    const { tokens, headers } = await launchUnder('epic-like', V1);
    await fetch(`${base()}/Goal?patient=${tokens.patient}&_count=5000`, { headers });
    expect(sb.fake.requests.at(-1)!.query.get('_count')).toBe('200');
  });
});

describe('oracle-like', () => {
  const base = () => `${sb.url}/profiles/oracle-like/fhir`;

  it('discovers and grants SMART v2 scopes only', async () => {
    const doc = await discovery(base());
    expect(doc.capabilities).toContain('permission-v2');
    expect(doc.capabilities).not.toContain('permission-v1');
    const { tokens } = await launchUnder('oracle-like', `${V2} patient/Condition.read`);
    expect(String(tokens.scope).split(' ')).not.toContain('patient/Condition.read');
    expect(String(tokens.scope).split(' ')).toContain('patient/Goal.cruds');
  });

  it('ignores an unsupported search parameter with a warning in the Bundle, not an error', async () => {
    const { headers } = await launchUnder('oracle-like', V2);
    const res = await fetch(`${base()}/Goal?patient=p-alice&_sort=-date`, { headers });
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as Bundle;
    const warning = bundle.entry?.find((e) => e.search?.mode === 'outcome')?.resource as OperationOutcome;
    expect(warning.issue[0]).toMatchObject({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: 'The search parameter _sort is not supported and was ignored',
    });
    expect(sb.fake.requests.at(-1)!.query.has('_sort')).toBe(false);
  });
});

describe('strict', () => {
  const base = () => `${sb.url}/profiles/strict/fhir`;

  it('refuses an update or a delete without If-Match with 428, and lets one with it through', async () => {
    const { headers } = await launchUnder('strict', V2);
    const goal = {
      resourceType: 'Goal',
      id: 'g-alice',
      lifecycleStatus: 'active',
      description: { text: 'Goal g-alice' },
      subject: { reference: 'Patient/p-alice' },
    };
    const blind = await fetch(`${base()}/Goal/g-alice`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/fhir+json' },
      body: JSON.stringify(goal),
    });
    expect(blind.status).toBe(428);
    expect(issue(await blind.json())).toMatchObject({
      code: 'required',
      diagnostics: expect.stringContaining('must carry If-Match'),
    });
    expect((await fetch(`${base()}/Goal/g-alice`, { method: 'DELETE', headers })).status).toBe(428);
    const versioned = await fetch(`${base()}/Goal/g-alice`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/fhir+json', 'if-match': 'W/"1"' },
      body: JSON.stringify(goal),
    });
    expect(versioned.status).toBe(200);
  });

  it('answers a create and an update with status, ETag and Location but no body, whatever Prefer asks', async () => {
    const { headers } = await launchUnder('strict', V2);
    const write = (method: string, url: string, body: unknown, extra: Record<string, string> = {}) =>
      fetch(url, {
        method,
        headers: {
          ...headers,
          'content-type': 'application/fhir+json',
          prefer: 'return=representation',
          ...extra,
        },
        body: JSON.stringify(body),
      });
    const goal = {
      resourceType: 'Goal',
      lifecycleStatus: 'active',
      description: { text: 'Walk every day' },
      subject: { reference: 'Patient/p-alice' },
    };
    const created = await write('POST', `${base()}/Goal`, goal);
    expect(await created.text()).toBe('');
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${base()}/Goal/[^/]+/_history/1$`));
    expect(created.headers.get('etag')).toBe('W/"1"');
    const id = location.split('/')[location.split('/').length - 3];
    const updated = await write(
      'PUT',
      `${base()}/Goal/${id}`,
      { ...goal, id, lifecycleStatus: 'on-hold' },
      { 'if-match': 'W/"1"' },
    );
    expect(updated.status).toBe(200);
    expect(await updated.text()).toBe('');
    expect(updated.headers.get('etag')).toMatch(/^W\/"[^"]+"$/);
    // Reads and searches still carry their resources.
    const read = await fetch(`${base()}/Goal/${id}`, { headers });
    expect(((await read.json()) as Goal).lifecycleStatus).toBe('on-hold');
  });

  it('refuses an unknown search parameter with 400 naming it', async () => {
    const { headers } = await launchUnder('strict', V2);
    const res = await fetch(`${base()}/Goal?patient=p-alice&lifecyclestatus=active`, { headers });
    expect(res.status).toBe(400);
    expect(issue(await res.json()).diagnostics).toBe('Unknown search parameter for Goal: lifecyclestatus');
    expect(
      (await fetch(`${base()}/Goal?patient=p-alice&lifecycle-status=active&_count=5`, { headers })).status,
    ).toBe(200);
  });

  it("checks a written CarePlan against US Core's required elements even when it claims no profile", async () => {
    const { headers } = await launchUnder('strict', `${V2} patient/CarePlan.cruds`);
    const plan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/p-alice' },
    };
    const post = (body: unknown) =>
      fetch(`${base()}/CarePlan`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(body),
      });
    const res = await post(plan);
    expect(res.status).toBe(422);
    expect(issue(await res.json()).diagnostics).toContain('CarePlan.category is required by');
    const assessPlan = {
      coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' }],
    };
    expect((await post({ ...plan, category: [assessPlan] })).status).toBe(201);
    // The default base, like the sandbox before profiles, takes it: no profile is claimed.
    const plain = await fetch(`${sb.fhirBaseUrl}/CarePlan`, {
      method: 'POST',
      headers: {
        ...(await launchUnder('default', `${V2} patient/CarePlan.cruds`)).headers,
        'content-type': 'application/fhir+json',
      },
      body: JSON.stringify(plan),
    });
    expect(plain.status).toBe(201);
  });
});

/** A FhirServer that pages a fixed list by `_offset`, with links on its own base, as the sandbox does. */
function pagingServer(total: number): FhirServer & { seen: FhirRequest[] } {
  const baseUrl = 'http://sandbox.test/fhir';
  const seen: FhirRequest[] = [];
  return {
    baseUrl,
    seen,
    async handle(req: FhirRequest): Promise<FhirResponse> {
      seen.push(req);
      const count = Number(req.query.get('_count') ?? 50);
      const offset = Number(req.query.get('_offset') ?? 0);
      const ids = Array.from({ length: total }, (_, i) => `o${i}`).slice(offset, offset + count);
      const link = (o: number) => `${baseUrl}/Observation?patient=p1&_count=${count}&_offset=${o}`;
      const body: Bundle = {
        resourceType: 'Bundle',
        type: 'searchset',
        link: [
          { relation: 'self', url: link(offset) },
          ...(offset + count < total ? [{ relation: 'next', url: link(offset + count) }] : []),
        ],
        entry: ids.map((id) => ({
          fullUrl: `${baseUrl}/Observation/${id}`,
          resource: { resourceType: 'Observation', id, status: 'final', code: {} },
        })),
      };
      return { status: 200, headers: {}, body };
    },
    listPatients: async () => [],
    listPractitioners: async () => [],
    reset: async () => {},
  };
}

describe('oracle-like paging', () => {
  const allow: AccessCheck = () => 'ok';
  const get = (url: string): FhirRequest => {
    const u = new URL(url, 'http://sandbox.test');
    return {
      method: 'GET',
      path: u.pathname.replace(/^\/profiles\/oracle-like\/fhir/, ''),
      query: u.searchParams,
      headers: {},
    };
  };

  it('caps pages lower and pages only through opaque next links followed exactly', async () => {
    const fhir = pagingServer(250);
    const first = await handleUnderProfile(
      'oracle-like',
      get('/Observation?patient=p1&_count=1000'),
      allow,
      fhir,
    );
    expect(fhir.seen[0]!.query.get('_count')).toBe(String(ORACLE_MAX_COUNT));
    const bundle = first.body as Bundle;
    expect(bundle.entry?.[0]?.fullUrl).toBe('http://sandbox.test/profiles/oracle-like/fhir/Observation/o0');
    const next = bundle.link?.find((l) => l.relation === 'next')?.url ?? '';
    expect(next).toMatch(
      /^http:\/\/sandbox\.test\/profiles\/oracle-like\/fhir\/Observation\?-pageContext=[\w-]+$/,
    );
    expect(next).not.toContain('_offset');
    const ids: string[] = [];
    for (let url: string | undefined = next; url;) {
      const page = (await handleUnderProfile('oracle-like', get(url), allow, fhir)).body as Bundle;
      ids.push(...(page.entry ?? []).map((e) => e.resource!.id!));
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(ids).toHaveLength(150);
    expect(ids.at(-1)).toBe('o249');

    const edited = await handleUnderProfile('oracle-like', get(`${next}&_count=500`), allow, fhir);
    expect(edited.status).toBe(400);
    expect(issue(edited.body).diagnostics).toContain('followed exactly');
    const forged = await handleUnderProfile(
      'oracle-like',
      get('/Observation?-pageContext=made-up'),
      allow,
      fhir,
    );
    expect(forged.status).toBe(400);
    expect(issue(forged.body).diagnostics).toContain('unknown or has expired');
  });
});
