/**
 * The one write runtime, against an in-memory server that behaves like a FHIR server: If-Match
 * checked, If-None-Exist honoured, versions counted, and faults injected per request.
 */
import type { CapabilityStatement, CarePlan, FhirResource, Goal, Identifier } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { mergePolicyFor } from '../../src/core/policies';
import { URN_SYSTEM } from '../../src/core/fhir/vocabulary';
import { conditionalCreateTypes } from '../../src/core/fhir/capability';
import { identifierQuery } from '../../src/core/write/identity';
import { locationId, versionFromETag, type WriteRequest } from '../../src/core/write/protocol';
import { commit, type WritePort } from '../../src/core/write/runtime';
import type { WriteResponse } from '../../src/core/write/save';

const noWait = { wait: async () => {} };

type Fault = 'lose-answer' | '503' | '401' | 'refuse-duplicate';

class MemoryServer {
  store = new Map<string, FhirResource>();
  faults: Fault[] = [];
  requests: WriteRequest[] = [];
  /** How a successful write is answered: with the resource, or with no body (and maybe `Location`). */
  answers: 'representation' | 'no-body' | 'no-body-with-location' = 'representation';
  /** A server without conditional create: `If-None-Exist` is not looked at. */
  ignoresIfNoneExist = false;
  private nextId = 1;

  put(resource: FhirResource): FhirResource {
    const id = resource.id ?? `x${this.nextId++}`;
    const prev = this.store.get(`${resource.resourceType}/${id}`);
    const version = String(Number(prev?.meta?.versionId ?? '0') + 1);
    const saved = { ...structuredClone(resource), id, meta: { versionId: version } } as FhirResource;
    this.store.set(`${resource.resourceType}/${id}`, saved);
    return structuredClone(saved);
  }

  edit<T extends FhirResource>(ref: string, change: (r: T) => T): T {
    return this.put(change(structuredClone(this.store.get(ref) as T))) as T;
  }

  private withIdentifier(type: string, id: Identifier): FhirResource[] {
    return [...this.store.values()].filter(
      (r) =>
        r.resourceType === type &&
        ((r as { identifier?: Identifier[] }).identifier ?? []).some(
          (i) => i.system === id.system && i.value === id.value,
        ),
    );
  }

  port(): WritePort {
    return {
      send: async (req): Promise<WriteResponse> => {
        this.requests.push(req);
        const fault = this.faults.shift();
        if (fault === '503') return { status: 503, body: undefined, message: 'unavailable' };
        if (fault === '401') return { status: 401, body: undefined, message: 'expired' };
        let answer: WriteResponse;
        if (req.method === 'POST') {
          const query = this.ignoresIfNoneExist ? undefined : (req.headers['if-none-exist'] ?? '');
          const matches = [...this.store.values()].filter(
            (r) =>
              r.resourceType === req.body.resourceType &&
              ((r as { identifier?: Identifier[] }).identifier ?? []).some(
                (i) => identifierQuery(i) === query,
              ),
          );
          if (fault === 'refuse-duplicate' && matches.length)
            return { status: 412, body: undefined, message: 'duplicate' };
          answer = matches[0]
            ? { status: 200, body: structuredClone(matches[0]), message: '' }
            : { status: 201, body: this.put(req.body), message: '' };
        } else {
          const ref = req.url;
          const current = this.store.get(ref);
          if (!current) return { status: 404, body: undefined, message: 'not found' };
          if (versionFromETag(req.headers['if-match']) !== current.meta?.versionId)
            return { status: 412, body: undefined, message: 'stale' };
          answer = { status: 200, body: this.put(req.body), message: '' };
        }
        if (fault === 'lose-answer') return { status: 0, body: undefined, message: 'network' };
        if (this.answers === 'representation') return answer;
        const stored = answer.body as FhirResource;
        return {
          status: answer.status,
          body: '',
          message: '',
          ...(this.answers === 'no-body-with-location'
            ? {
                location: `http://ehr.test/fhir/${stored.resourceType}/${stored.id}/_history/${stored.meta?.versionId}`,
              }
            : {}),
        };
      },
      read: async <T extends FhirResource>(type: T['resourceType'], id: string) => {
        const r = this.store.get(`${type}/${id}`);
        if (!r) throw new Error('not found');
        return structuredClone(r) as T;
      },
      findByIdentifier: async <T extends FhirResource>(type: T['resourceType'], id: Identifier) =>
        this.withIdentifier(type, id).map((r) => structuredClone(r) as T),
    };
  }
}

const identifier: Identifier = { system: URN_SYSTEM, value: 'urn:uuid:0f0e0d0c-0000-4000-8000-000000000001' };

function newGoal(text = 'Walk to church'): Goal {
  return {
    resourceType: 'Goal',
    identifier: [identifier],
    lifecycleStatus: 'proposed',
    description: { text },
    subject: { reference: 'Patient/p1' },
  };
}

describe('commit: creates', () => {
  it('a create whose answer was lost is found again by its identifier on retry, never made twice', async () => {
    const server = new MemoryServer();
    server.faults = ['lose-answer'];
    const result = await commit(server.port(), { next: newGoal() }, noWait);
    expect(result.kind).toBe('saved');
    expect(server.store.size).toBe(1);
    // A second commit of the same intent (the user pressing Retry later) still makes no copy.
    expect((await commit(server.port(), { next: newGoal() }, noWait)).kind).toBe('saved');
    expect(server.store.size).toBe(1);
  });

  it('a create refused as a duplicate re-reads by identifier (not `Goal/` with an empty id)', async () => {
    const server = new MemoryServer();
    const first = server.put(newGoal());
    server.faults = ['refuse-duplicate'];
    const port = server.port();
    const reads: string[] = [];
    const read = port.read;
    port.read = async (type, id) => {
      reads.push(`${type}/${id}`);
      return read(type, id);
    };
    const result = await commit(port, { next: newGoal() }, noWait);
    expect(reads).toEqual([]);
    expect(result).toMatchObject({ kind: 'saved', resource: { id: first.id } });
    expect(server.store.size).toBe(1);
  });

  it('an earlier copy that someone changed since is offered for review, not overwritten', async () => {
    const server = new MemoryServer();
    const first = server.put(newGoal());
    server.edit<Goal>(`Goal/${first.id}`, (g) => ({ ...g, lifecycleStatus: 'active' }));
    server.faults = ['refuse-duplicate'];
    const result = await commit(
      server.port(),
      { next: newGoal('Walk to church and back') },
      {
        ...noWait,
        merge: mergePolicyFor<Goal>('Goal'),
      },
    );
    expect(result.kind).toBe('review');
    if (result.kind !== 'review') return;
    expect(result.mine.id).toBe(first.id);
    // Both differing elements are the user's call; what they typed is there to keep.
    expect(result.merge.conflicts.map((c) => c.field).sort()).toEqual(['description', 'lifecycleStatus']);
    expect(result.merge.conflicts.find((c) => c.field === 'description')?.mine).toEqual({
      text: 'Walk to church and back',
    });
    expect(server.store.get(`Goal/${first.id}`)?.meta?.versionId).toBe('2');
  });

  it('several copies with one identifier are reported, not guessed between', async () => {
    const server = new MemoryServer();
    server.put(newGoal());
    server.put(newGoal());
    server.faults = ['refuse-duplicate'];
    const result = await commit(server.port(), { next: newGoal() }, noWait);
    expect(result).toMatchObject({ kind: 'failed', retryable: false });
    if (result.kind === 'failed') expect(result.message).toMatch(/2 copies/);
  });
});

describe('commit: a server that answers writes without a body (Prefer ignored)', () => {
  for (const answers of ['no-body', 'no-body-with-location'] as const) {
    it(`${answers}: a create is read back once, never sent twice or reported as failed`, async () => {
      const server = new MemoryServer();
      server.answers = answers;
      const result = await commit(server.port(), { next: newGoal() }, noWait);
      expect(result).toMatchObject({ kind: 'saved', resource: { id: 'x1', meta: { versionId: '1' } } });
      expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(server.store.size).toBe(1);
    });

    it(`${answers}: an update is read back at the version it made, so the next save's If-Match is right`, async () => {
      const server = new MemoryServer();
      const g = server.put(newGoal()) as Goal;
      server.answers = answers;
      const first = await commit(
        server.port(),
        { next: { ...g, lifecycleStatus: 'accepted' }, base: g },
        noWait,
      );
      expect(first).toMatchObject({
        kind: 'saved',
        resource: { lifecycleStatus: 'accepted', meta: { versionId: '2' } },
      });
      if (first.kind !== 'saved') return;
      const second = await commit(
        server.port(),
        { next: { ...first.resource, lifecycleStatus: 'active' }, base: first.resource },
        noWait,
      );
      expect(second).toMatchObject({ kind: 'saved', resource: { meta: { versionId: '3' } } });
      expect(server.requests.map((r) => r.headers['if-match'])).toEqual(['W/"1"', 'W/"2"']);
    });
  }

  it('a create met by If-None-Exist (200, no body) is the copy found by its identifier', async () => {
    const server = new MemoryServer();
    const first = server.put(newGoal());
    server.answers = 'no-body';
    const result = await commit(server.port(), { next: newGoal() }, noWait);
    expect(result).toMatchObject({ kind: 'saved', resource: { id: first.id } });
    expect(server.store.size).toBe(1);
  });

  it('a Location naming another type is not trusted: the create is found by its identifier', async () => {
    const server = new MemoryServer();
    const port = server.port();
    const send = port.send;
    port.send = async (req) => ({
      ...(await send(req)),
      body: '',
      location: 'http://ehr.test/fhir/Patient/p1',
    });
    const result = await commit(port, { next: newGoal() }, noWait);
    expect(result).toMatchObject({ kind: 'saved', resource: { resourceType: 'Goal', id: 'x1' } });
  });

  it('when what was saved cannot be read back, the user hears that, and a retry makes no copy', async () => {
    const server = new MemoryServer();
    server.answers = 'no-body';
    const port = server.port();
    port.findByIdentifier = async () => {
      throw new Error('search is down');
    };
    const result = await commit(port, { next: newGoal() }, noWait);
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
    if (result.kind === 'failed')
      expect(result.message).toMatch(/saved it without sending it back.*search is down/);
    server.answers = 'representation';
    expect((await commit(server.port(), { next: newGoal() }, noWait)).kind).toBe('saved');
    expect(server.store.size).toBe(1);
  });
});

describe('commit: a server that does not create conditionally', () => {
  function withoutConditionalCreate(server: MemoryServer, says: boolean | Error): WritePort {
    server.ignoresIfNoneExist = true;
    return {
      ...server.port(),
      conditionalCreate: async () => {
        if (says instanceof Error) throw says;
        return says;
      },
    };
  }

  it('a create whose answer was lost is found by its identifier before it is sent again', async () => {
    const server = new MemoryServer();
    server.faults = ['lose-answer'];
    const result = await commit(withoutConditionalCreate(server, false), { next: newGoal() }, noWait);
    expect(result).toMatchObject({ kind: 'saved', resource: { id: 'x1' } });
    expect(server.store.size).toBe(1);
    // The user pressing Retry later sends nothing: the copy is found first.
    expect((await commit(withoutConditionalCreate(server, false), { next: newGoal() }, noWait)).kind).toBe(
      'saved',
    );
    expect(server.store.size).toBe(1);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('when the server cannot say, it is taken as not honouring If-None-Exist', async () => {
    const server = new MemoryServer();
    server.faults = ['lose-answer'];
    await commit(
      withoutConditionalCreate(server, new Error('metadata unavailable')),
      { next: newGoal() },
      noWait,
    );
    expect(server.store.size).toBe(1);
  });

  it('several copies found before sending are reported, and nothing more is written', async () => {
    const server = new MemoryServer();
    server.put(newGoal());
    server.put(newGoal());
    const result = await commit(withoutConditionalCreate(server, false), { next: newGoal() }, noWait);
    expect(result).toMatchObject({ kind: 'failed', retryable: false, problem: 'duplicates' });
    expect(server.store.size).toBe(2);
  });

  it('a server that says it honours If-None-Exist is trusted: no search before the create', async () => {
    const server = new MemoryServer();
    const port = withoutConditionalCreate(server, true);
    server.ignoresIfNoneExist = false;
    let searches = 0;
    const find = port.findByIdentifier;
    port.findByIdentifier = async (type, id) => {
      searches++;
      return find(type, id);
    };
    expect((await commit(port, { next: newGoal() }, noWait)).kind).toBe('saved');
    expect(searches).toBe(0);
  });
});

describe('conditionalCreateTypes', () => {
  it("reads the server's conditionalCreate per type", () => {
    const cs: CapabilityStatement = {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-01-01',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [
        {
          mode: 'server',
          resource: [
            { type: 'Goal', conditionalCreate: true },
            { type: 'CarePlan', conditionalCreate: false },
            { type: 'Task' },
          ],
        },
      ],
    };
    expect([...conditionalCreateTypes(cs)]).toEqual(['Goal']);
    expect(conditionalCreateTypes(undefined).size).toBe(0);
  });
});

describe('locationId', () => {
  it('reads the id from an absolute, relative or versioned Location of the type written', () => {
    expect(locationId('http://ehr.test/fhir/Goal/abc-1/_history/3', 'Goal')).toBe('abc-1');
    expect(locationId('Goal/abc-1', 'Goal')).toBe('abc-1');
    expect(locationId('https://ehr.test/r4/tenant/Goal/9.8?x=1', 'Goal')).toBe('9.8');
    expect(locationId('http://ehr.test/fhir/CarePlan/abc', 'Goal')).toBeUndefined();
    expect(locationId('http://ehr.test/fhir/Goal', 'Goal')).toBeUndefined();
    expect(locationId(undefined, 'Goal')).toBeUndefined();
  });
});

describe('commit: updates', () => {
  it('sends If-Match with the version read and saves', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    const result = await commit(
      server.port(),
      { next: { ...g, lifecycleStatus: 'accepted' }, base: g },
      noWait,
    );
    expect(result).toMatchObject({ kind: 'saved', resource: { meta: { versionId: '2' } } });
    expect(server.requests[0]?.headers['if-match']).toBe('W/"1"');
  });

  it('a 412 on a state change re-reads and returns the merge for the user to confirm', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    server.edit<Goal>(`Goal/${g.id}`, (x) => ({ ...x, lifecycleStatus: 'active' }));
    const mine: Goal = { ...g, description: { text: 'Walk to church every Sunday' } };
    const result = await commit(
      server.port(),
      { next: mine, base: g },
      { ...noWait, merge: mergePolicyFor('Goal') },
    );
    expect(result.kind).toBe('review');
    if (result.kind !== 'review') return;
    expect(result.theirs.meta?.versionId).toBe('2');
    expect(result.merge.conflicts).toEqual([]);
    expect(result.merge.merged).toMatchObject({
      lifecycleStatus: 'active',
      description: { text: 'Walk to church every Sunday' },
      meta: { versionId: '2' },
    });
    // Nothing was written behind the user's back.
    expect(server.store.get(`Goal/${g.id}`)?.meta?.versionId).toBe('2');
  });

  it('an operation is re-applied to the newer version and saved without asking', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    server.edit<Goal>(`Goal/${g.id}`, (x) => ({ ...x, description: { text: 'Walk to the store' } }));
    const rank = (x: Goal): Goal => ({ ...x, priority: { text: 'first' } });
    const result = await commit(server.port(), { next: rank(g), base: g, rebase: rank }, noWait);
    expect(result).toMatchObject({
      kind: 'saved',
      rebased: true,
      resource: { description: { text: 'Walk to the store' }, priority: { text: 'first' } },
    });
  });

  it('an operation the newer version already carries writes nothing more', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    server.edit<Goal>(`Goal/${g.id}`, (x) => ({ ...x, lifecycleStatus: 'cancelled' }));
    const cancel = (x: Goal): Goal | undefined =>
      x.lifecycleStatus === 'cancelled' ? undefined : { ...x, lifecycleStatus: 'cancelled' };
    const result = await commit(server.port(), { next: cancel(g) as Goal, base: g, rebase: cancel }, noWait);
    expect(result).toMatchObject({ kind: 'saved', rebased: true, resource: { meta: { versionId: '2' } } });
    expect(server.requests).toHaveLength(1);
  });

  it('an operation gives up after a bounded number of rounds when the resource keeps changing', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    const port = server.port();
    const send = port.send;
    port.send = async (req) => {
      server.edit<Goal>(`Goal/${g.id}`, (x) => ({ ...x, note: [{ text: 'changed again' }] }));
      return send(req);
    };
    const tick = (x: Goal): Goal => ({ ...x, priority: { text: 'high' } });
    const result = await commit(port, { next: tick(g), base: g, rebase: tick }, { ...noWait, rounds: 3 });
    expect(result.kind).toBe('failed');
    expect(server.requests.length).toBe(3);
  });

  it('an expired token is reported as such; a 5xx as retryable with the reason', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    const next = { ...g, lifecycleStatus: 'active' as const };
    server.faults = ['401'];
    expect((await commit(server.port(), { next, base: g }, noWait)).kind).toBe('expired');
    server.faults = ['503', '503', '503'];
    expect(await commit(server.port(), { next, base: g }, noWait)).toEqual({
      kind: 'failed',
      retryable: true,
      message: 'unavailable',
    });
  });

  it('an update without the version read is refused before anything is sent', async () => {
    const server = new MemoryServer();
    const result = await commit(server.port(), { next: { ...newGoal(), id: 'g9' } }, noWait);
    expect(result).toMatchObject({ kind: 'failed', retryable: false });
    expect(server.requests).toEqual([]);
  });
});

describe('commit: nothing to write sends nothing', () => {
  it('an update that writes back the version it was made from sends no request', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    const result = await commit(server.port(), { next: structuredClone(g), base: g }, noWait);
    expect(result).toEqual({ kind: 'saved', resource: g });
    expect(server.requests).toEqual([]);
  });

  it('a change, however small, is one PUT with If-Match', async () => {
    const server = new MemoryServer();
    const g = server.put(newGoal()) as Goal;
    const result = await commit(
      server.port(),
      { next: { ...g, description: { text: 'Walk to church.' } }, base: g },
      noWait,
    );
    expect(result.kind).toBe('saved');
    expect(server.requests.map((r) => [r.method, r.headers['if-match']])).toEqual([['PUT', 'W/"1"']]);
  });

  it('content equal to an older version is still written over a newer one (a deliberate "keep mine")', async () => {
    const server = new MemoryServer();
    const v1 = server.put(newGoal()) as Goal;
    const v2 = server.edit<Goal>(`Goal/${v1.id}`, (x) => ({ ...x, description: { text: 'Swim' } }));
    const mine = { ...v2, description: v1.description };
    expect((await commit(server.port(), { next: mine, base: v1 }, noWait)).kind).toBe('saved');
    expect(server.requests).toHaveLength(1);
  });
});

describe('commit: a create of what there is only one of', () => {
  const PLAN_ID: Identifier = { system: URN_SYSTEM, value: 'urn:uuid:0f0e0d0c-0000-4000-8000-0000000000aa' };
  const plan = (over: Partial<CarePlan> = {}): CarePlan => ({
    resourceType: 'CarePlan',
    identifier: [PLAN_ID],
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/p1' },
    ...over,
  });
  const merge = mergePolicyFor<CarePlan>('CarePlan');

  it('a plan another writer created under another identifier goes to review: no second plan, theirs not overwritten', async () => {
    const server = new MemoryServer();
    const theirs = server.put(
      plan({
        identifier: [{ system: URN_SYSTEM, value: 'urn:uuid:0f0e0d0c-0000-4000-8000-0000000000bb' }],
        activity: [{ detail: { status: 'not-started', description: 'Foot check' } }],
      }),
    ) as CarePlan;
    const mine = plan({ activity: [{ detail: { status: 'not-started', description: 'Walk' } }] });
    const result = await commit(
      server.port(),
      { next: mine, existing: async () => theirs },
      { ...noWait, merge },
    );
    expect(server.requests).toEqual([]);
    if (result.kind !== 'review') throw new Error(result.kind);
    expect(result.merge.conflicts).toEqual([]);
    expect(result.merge.merged.identifier).toEqual(theirs.identifier);
    expect(result.merge.merged.activity?.map((a) => a.detail?.description)).toEqual(['Foot check', 'Walk']);
  });

  it('an operation is re-applied to the plan found and saved there with If-Match', async () => {
    const server = new MemoryServer();
    const theirs = server.put(plan({ identifier: [] })) as CarePlan;
    const add = (p: CarePlan): CarePlan => ({ ...p, note: [{ text: 'Decided' }] });
    const result = await commit(
      server.port(),
      { next: add(plan()), rebase: add, existing: async () => theirs },
      { ...noWait, merge },
    );
    expect(result).toMatchObject({ kind: 'saved', rebased: true });
    expect(server.requests.map((r) => [r.method, r.url, r.headers['if-match']])).toEqual([
      ['PUT', `CarePlan/${theirs.id}`, 'W/"1"'],
    ]);
  });

  it('a retry that finds its own earlier create is done: nothing sent, nothing to review', async () => {
    const server = new MemoryServer();
    const first = await commit(server.port(), { next: plan(), existing: async () => undefined }, noWait);
    if (first.kind !== 'saved') throw new Error(first.kind);
    server.requests = [];
    const again = await commit(
      server.port(),
      { next: plan(), existing: async () => first.resource },
      { ...noWait, merge },
    );
    expect(again).toEqual({ kind: 'saved', resource: first.resource });
    expect(server.requests).toEqual([]);
    expect([...server.store.values()]).toHaveLength(1);
  });

  it('when the look-up fails nothing is created and the failure can be retried', async () => {
    const server = new MemoryServer();
    const result = await commit(
      server.port(),
      {
        next: plan(),
        existing: async () => {
          throw new Error('search failed');
        },
      },
      noWait,
    );
    expect(result).toEqual({ kind: 'failed', retryable: true, message: 'search failed' });
    expect(server.requests).toEqual([]);
  });
});

describe('merge policies', () => {
  it('CarePlan lists merge item by item; other types element by element', () => {
    const base = {
      resourceType: 'CarePlan' as const,
      id: 'c1',
      meta: { versionId: '1' },
      status: 'active' as const,
      intent: 'plan' as const,
      subject: { reference: 'Patient/p1' },
      note: [] as { text: string; time: string; authorReference: { reference: string } }[],
    };
    const note = (who: string) => ({
      text: `from ${who}`,
      time: '2026-12-01',
      authorReference: { reference: who },
    });
    const mine = { ...base, note: [note('Practitioner/a')] };
    const theirs = { ...base, meta: { versionId: '2' }, note: [note('Practitioner/b')] };
    const plan = mergePolicyFor<CarePlan>('CarePlan')(base, mine, theirs);
    expect(plan.conflicts).toEqual([]);
    expect(plan.merged.note?.map((n) => n.text).sort()).toEqual([
      'from Practitioner/a',
      'from Practitioner/b',
    ]);
    const goal = mergePolicyFor<Goal>('Goal');
    const g = { ...newGoal(), id: 'g1', meta: { versionId: '1' } };
    const both = goal(g, { ...g, description: { text: 'a' } }, { ...g, description: { text: 'b' } });
    expect(both.conflicts.map((c) => c.field)).toEqual(['description']);
  });
});
