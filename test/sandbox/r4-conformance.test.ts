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

describe('token search is case-sensitive (R4 search.html, token: "Match is case sensitive")', () => {
  const system = 'urn:ietf:rfc:3986';
  const lower = 'urn:uuid:abcdef00-0000-4000-8000-00000000c45e';
  const upper = lower.toUpperCase();
  const identifier = (value: string): string => `identifier=${encodeURIComponent(`${system}|${value}`)}`;

  it('finds nothing for an identifier differing in case, and If-None-Exist with it creates', async () => {
    expect((await call('POST', '/Goal', goal({ identifier: [{ system, value: lower }] }))).status).toBe(201);
    expect(((await call('GET', `/Goal?${identifier(upper)}`)).body as Bundle).total).toBe(0);
    expect(((await call('GET', `/Goal?${identifier(lower)}`)).body as Bundle).total).toBe(1);
    const created = await call('POST', '/Goal', goal({ identifier: [{ system, value: upper }] }), {
      'if-none-exist': identifier(upper),
    });
    expect(created.status).toBe(201);
  });

  it('matches a code with its own case only (category=Survey is not survey)', async () => {
    await call('POST', '/Observation', {
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }],
        },
      ],
      code: { coding: [{ system: 'urn:audit', code: 'case-1' }] },
      subject: { reference: 'Patient/cg-maria' },
    });
    const total = async (q: string): Promise<number | undefined> =>
      ((await call('GET', `/Observation?${q}`)).body as Bundle).total;
    expect(await total('code=urn:audit|case-1&category=Survey')).toBe(0);
    expect(await total('code=URN:AUDIT|case-1')).toBe(0);
    expect(await total('code=urn:audit|case-1&category=survey')).toBe(1);
  });
});

describe('_sort on a date orders by the instant it denotes (R4 search.html _sort; datatypes.html dateTime)', () => {
  const task = (authoredOn: string, description: string): Task => ({
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    for: { reference: 'Patient/cg-maria' },
    authoredOn,
    description,
  });
  const order = async (sort: string): Promise<(string | undefined)[]> => {
    const res = await call('GET', `/Task?authored-on=ge2031-01-01&_sort=${sort}`);
    return ((res.body as Bundle).entry ?? []).map((e) => (e.resource as Task).description);
  };

  it('puts 10:00+02:00 (08:00Z) before 09:00Z, and a partial date by its start', async () => {
    for (const [at, what] of [
      ['2031-05-01T09:00:00Z', '0900Z'],
      ['2031-05-01T10:00:00+02:00', '0800Z'],
      ['2031-05', 'May'],
      ['2031-05-01T00:30:00+01:00', 'Apr30-2330Z'],
    ] as const) {
      expect((await call('POST', '/Task', task(at, what))).status).toBe(201);
    }
    expect(await order('authored-on')).toEqual(['Apr30-2330Z', 'May', '0800Z', '0900Z']);
    expect(await order('-authored-on')).toEqual(['0900Z', '0800Z', 'May', 'Apr30-2330Z']);
  });
});

describe('resource ids (R4 datatypes.html#id: [A-Za-z0-9\\-\\.]{1,64})', () => {
  it.each([['bad_id!'], ['a'.repeat(65)]])(
    'refuses PUT-as-create of /Goal/%s with 400, creating nothing',
    async (id) => {
      const response = await call('PUT', `/Goal/${encodeURIComponent(id)}`, goal({ id }));
      expect(response.status).toBe(400);
      expect(named(response)).toContain('Goal.id');
      expect((await call('GET', `/Goal/${encodeURIComponent(id)}`)).status).toBe(404);
    },
  );

  it('accepts an id of 64 letters, digits, "-" and "."', async () => {
    const id = `A-z.9${'x'.repeat(59)}`;
    expect((await call('PUT', `/Goal/${id}`, goal({ id }))).status).toBe(201);
  });
});

describe('Bundle fullUrls are unique (R4 bundle.html bdl-7)', () => {
  it.each(['transaction', 'batch'] as const)(
    'refuses a %s in which two entries share a fullUrl with 400',
    async (type) => {
      const fullUrl = 'urn:uuid:55555555-5555-4555-8555-555555555555';
      const response = await call('POST', '/', {
        resourceType: 'Bundle',
        type,
        entry: [
          {
            fullUrl,
            resource: goal({ note: [{ text: `bdl-7 ${type}` }] }),
            request: { method: 'POST', url: 'Goal' },
          },
          {
            fullUrl,
            resource: goal({ note: [{ text: `bdl-7 ${type}` }] }),
            request: { method: 'POST', url: 'Goal' },
          },
        ],
      } satisfies Bundle);
      expect(response.status).toBe(400);
      expect(named(response)).toMatch(/bdl-7/);
    },
  );
});

describe('batch entries are independent (R4 http.html §3.1.0.11.1: no interdependencies, "Servers SHALL validate")', () => {
  it('refuses a batch whose entry refers to another entry by its urn:uuid fullUrl with 400, running no entry', async () => {
    const conditionUrl = 'urn:uuid:33333333-3333-4333-8333-333333333333';
    const response = await call('POST', '/', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          fullUrl: conditionUrl,
          resource: {
            resourceType: 'Condition',
            subject: { reference: 'Patient/cg-maria' },
            code: { coding: [{ system: 'urn:audit', code: 'batch-dependency' }] },
          },
          request: { method: 'POST', url: 'Condition' },
        },
        {
          fullUrl: 'urn:uuid:44444444-4444-4444-8444-444444444444',
          resource: goal({ addresses: [{ reference: conditionUrl }] }),
          request: { method: 'POST', url: 'Goal' },
        },
      ],
    } satisfies Bundle);
    expect(response.status).toBe(400);
    expect(named(response)).toContain('entry[1]');
    const conditions = await call('GET', '/Condition?code=urn:audit|batch-dependency');
    expect((conditions.body as Bundle).total).toBe(0);
  });
});

describe('narrative (R4 narrative.html: XHTML div in the XHTML namespace; txt-1 basic formatting only; txt-2 content)', () => {
  const NS = 'http://www.w3.org/1999/xhtml';
  it.each([
    ['without the XHTML namespace', '<div>hello</div>'],
    ['with a script', `<div xmlns="${NS}"><script>alert(1)</script>hello</div>`],
    ['with an event attribute', `<div xmlns="${NS}"><p onclick="alert(1)">hello</p></div>`],
    ['that is not XHTML at all', 'plain text <b>'],
    ['that is not well-formed', `<div xmlns="${NS}"><p>hello</div>`],
    ['with an HTML-only entity', `<div xmlns="${NS}">a&nbsp;b</div>`],
    ['with no content', `<div xmlns="${NS}"> <p/> </div>`],
  ])('refuses text.div %s with 400 naming Goal.text.div', async (_what, div) => {
    const response = await call('POST', '/Goal', goal({ text: { status: 'generated', div } }));
    expect(response.status).toBe(400);
    expect(named(response)).toContain('Goal.text.div');
  });

  it('accepts the narrative the app writes, with attributes, references and an image', async () => {
    const div = `<div xmlns="${NS}" xml:lang="en"><h2>Plan</h2><p class="x">Walk &amp; talk&#160;&#x2014; <strong>daily</strong><br/></p><ul><li>one</li></ul><img src="#a" alt='pic'/></div>`;
    expect((await call('POST', '/Goal', goal({ text: { status: 'generated', div } }))).status).toBe(201);
  });
});

describe('required bindings (R4 terminologies.html: a "required" code SHALL be from the value set)', () => {
  const subject = { reference: 'Patient/cg-maria' };
  it.each([
    ['Goal.lifecycleStatus', '/Goal', goal({ lifecycleStatus: 'in-progress' as Goal['lifecycleStatus'] })],
    ['CarePlan.status', '/CarePlan', { resourceType: 'CarePlan', status: 'done', intent: 'plan', subject }],
    [
      'QuestionnaireResponse.status',
      '/QuestionnaireResponse',
      { resourceType: 'QuestionnaireResponse', status: 'finished', subject },
    ],
    [
      'Observation.status',
      '/Observation',
      { resourceType: 'Observation', status: 'done', code: { text: 'x' }, subject },
    ],
    [
      'CarePlan.activity[0].detail.status',
      '/CarePlan',
      {
        resourceType: 'CarePlan',
        status: 'active',
        intent: 'plan',
        subject,
        activity: [{ detail: { status: 'done' } }],
      },
    ],
    ['Goal.identifier[0].use', '/Goal', goal({ identifier: [{ use: 'primary' as 'usual', value: 'x' }] })],
  ])('refuses %s outside its required value set with 400 naming it', async (path, url, body) => {
    const response = await call('POST', url, body);
    expect(response.status).toBe(400);
    expect(named(response)).toContain(path);
  });

  it('accepts codes from the value sets, and leaves unenumerable ones (mime types) unchecked', async () => {
    const plan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject,
      activity: [{ detail: { status: 'in-progress' } }],
      note: [{ text: 'x' }],
    };
    expect((await call('POST', '/CarePlan', plan)).status).toBe(201);
    const doc = {
      resourceType: 'DocumentReference',
      status: 'current',
      subject,
      content: [{ attachment: { contentType: 'application/x-made-up', data: 'aGk=' } }],
    };
    expect((await call('POST', '/DocumentReference', doc)).status).toBe(201);
  });
});

describe('times carry their zone (R4 datatypes.html: "If hours and minutes are specified, a time zone SHALL be populated")', () => {
  const observation = (extra: Record<string, unknown>) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'Walking distance' },
    subject: { reference: 'Patient/cg-maria' },
    ...extra,
  });

  it('refuses a dateTime with a time and no zone, in a choice element and in an extension, naming the path', async () => {
    const bare = await call(
      'POST',
      '/Observation',
      observation({ effectiveDateTime: '2026-03-01T10:00:00' }),
    );
    expect(bare.status).toBe(400);
    expect(named(bare)).toContain('Observation.effectiveDateTime');
    const inExtension = await call(
      'POST',
      '/Goal',
      goal({ extension: [{ url: 'https://example.org/when', valueDateTime: '2026-03-01T10:00:00' }] }),
    );
    expect(inExtension.status).toBe(400);
    expect(named(inExtension)).toContain('Goal.extension[0].valueDateTime');
  });

  it('refuses an instant without its zone', async () => {
    const response = await call('POST', '/Observation', observation({ issued: '2026-03-01T10:00:00.000' }));
    expect(response.status).toBe(400);
    expect(named(response)).toContain('Observation.issued');
  });

  it('accepts a date, a year, and times with Z or an offset', async () => {
    for (const effectiveDateTime of [
      '2026',
      '2026-03',
      '2026-03-01',
      '2026-03-01T10:00:00Z',
      '2026-03-01T10:00:00.5-05:00',
    ])
      expect(
        (
          await call(
            'POST',
            '/Observation',
            observation({ effectiveDateTime, issued: '2026-03-01T10:00:00Z' }),
          )
        ).status,
      ).toBe(201);
  });
});
