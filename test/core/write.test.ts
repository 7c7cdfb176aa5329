import type { Goal } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { newIdentifier } from '../../src/core/write/identity';
import { resolve, threeWayMerge } from '../../src/core/write/merge';
import {
  classify,
  planCreate,
  planUpdate,
  versionFromETag,
  WriteProtocolError,
} from '../../src/core/write/protocol';
import { save, type WriteTransport } from '../../src/core/write/save';
import { URN_SYSTEM } from '../../src/core/fhir/vocabulary';

const goal = (extra: Partial<Goal> = {}): Goal => ({
  resourceType: 'Goal',
  lifecycleStatus: 'proposed',
  description: { text: 'Walk to church' },
  subject: { reference: 'Patient/p1' },
  ...extra,
});

describe('write requests', () => {
  it('creates conditionally on the business identifier', () => {
    const identifier = newIdentifier(() => '0b7e3a4c-1111-4222-8333-944445555666');
    const req = planCreate(goal({ identifier: [identifier] }));
    expect(req).toMatchObject({ method: 'POST', url: 'Goal' });
    expect(req.headers['if-none-exist']).toBe(
      `identifier=${encodeURIComponent(`${URN_SYSTEM}|urn:uuid:0b7e3a4c-1111-4222-8333-944445555666`)}`,
    );
  });

  it('refuses a create without an identifier: it could not be retried safely', () => {
    expect(() => planCreate(goal())).toThrow(WriteProtocolError);
  });

  it('updates with If-Match on the version read, and refuses without one', () => {
    const req = planUpdate(goal({ id: 'g1', meta: { versionId: '7' } }));
    expect(req).toMatchObject({ method: 'PUT', url: 'Goal/g1', headers: { 'if-match': 'W/"7"' } });
    expect(() => planUpdate(goal({ id: 'g1' }))).toThrow(/version/);
  });

  it('reads versions from weak, strong and bare ETags', () => {
    expect(versionFromETag('W/"3"')).toBe('3');
    expect(versionFromETag('"3"')).toBe('3');
    expect(versionFromETag('3')).toBe('3');
    expect(versionFromETag(null)).toBeUndefined();
  });

  it('explains each answer', () => {
    expect(classify(201, goal({ id: 'g1' }), '').kind).toBe('saved');
    expect(classify(412, undefined, '').kind).toBe('conflict');
    expect(classify(401, undefined, '').kind).toBe('expired');
    expect(classify(503, undefined, 'down').kind).toBe('retryable');
    expect(classify(0, undefined, 'offline').kind).toBe('retryable');
    expect(classify(422, undefined, 'bad goal')).toEqual({
      kind: 'rejected',
      status: 422,
      message: 'bad goal',
    });
  });
});

describe('save', () => {
  const noWait = { wait: async () => undefined };

  it('retries a failed create with the same identifier, so the server can find the first copy', async () => {
    const sent: string[] = [];
    const answers = [
      { status: 503, body: undefined, message: 'busy' },
      { status: 0, body: undefined, message: 'offline' },
      { status: 200, body: goal({ id: 'g1' }), message: '' },
    ];
    const transport: WriteTransport = async (req) => {
      sent.push(req.headers['if-none-exist'] ?? '');
      return answers.shift()!;
    };
    const identifier = newIdentifier(() => 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
    const outcome = await save(transport, goal({ identifier: [identifier] }), noWait);
    expect(outcome).toMatchObject({ kind: 'saved', resource: { id: 'g1' } });
    expect(new Set(sent).size).toBe(1);
    expect(sent).toHaveLength(3);
  });

  it('does not retry a conflict or a rejection', async () => {
    let calls = 0;
    const transport: WriteTransport = async () => {
      calls++;
      return { status: 412, body: undefined, message: 'stale' };
    };
    expect((await save(transport, goal({ id: 'g1', meta: { versionId: '1' } }), noWait)).kind).toBe(
      'conflict',
    );
    expect(calls).toBe(1);
  });

  it('gives up after the attempts and says it may be retried', async () => {
    const transport: WriteTransport = async () => ({ status: 502, body: undefined, message: 'bad gateway' });
    expect(
      await save(transport, goal({ id: 'g1', meta: { versionId: '1' } }), { ...noWait, attempts: 2 }),
    ).toEqual({
      kind: 'retryable',
      message: 'bad gateway',
    });
  });
});

describe('three-way merge after a 412', () => {
  const base = goal({ id: 'g1', meta: { versionId: '1' } });

  it('keeps both sides when they changed different things', () => {
    const mine = { ...base, description: { text: 'Walk to church every Sunday' } };
    const theirs = { ...base, meta: { versionId: '2' }, priority: { text: 'high' } };
    const { merged, conflicts } = threeWayMerge(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.description.text).toBe('Walk to church every Sunday');
    expect(merged.priority?.text).toBe('high');
    expect(merged.meta?.versionId).toBe('2');
  });

  it('asks when both changed the same thing differently, and applies the choice', () => {
    const mine = { ...base, description: { text: 'mine' } };
    const theirs = { ...base, meta: { versionId: '2' }, description: { text: 'theirs' } };
    const result = threeWayMerge(base, mine, theirs);
    expect(result.conflicts.map((c) => c.field)).toEqual(['description']);
    expect(resolve(result, { description: 'mine' }).description.text).toBe('mine');
    expect(resolve(result, { description: 'theirs' }).description.text).toBe('theirs');
  });

  it('treats the same change on both sides as no conflict, whatever the key order', () => {
    const mine = { ...base, description: { text: 'x', coding: [{ code: '1', system: 's' }] } };
    const theirs = {
      ...base,
      meta: { versionId: '2' },
      description: { coding: [{ system: 's', code: '1' }], text: 'x' },
    };
    expect(threeWayMerge(base, mine, theirs).conflicts).toEqual([]);
  });

  it('keeps a removal I made when they did not touch the field', () => {
    const withNote: Goal = { ...base, note: [{ text: 'old' }] };
    const { note: _dropped, ...rest } = withNote;
    const mine: Goal = rest;
    const theirs = { ...withNote, meta: { versionId: '2' } };
    expect(threeWayMerge(withNote, mine, theirs).merged.note).toBeUndefined();
  });
});
