/**
 * Who holds an e-visit: a reviewer takes it before writing any of the reply, and a second reviewer
 * sees who is answering instead of sending the patient a second answer.
 */
import type { Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { claimTask, holderOf } from '../../src/core/evisit/reply';

const lee = { reference: 'Practitioner/cg-dr-lee', display: 'Dr. Jordan Lee' };
const okafor = { reference: 'Practitioner/cg-np-okafor', display: 'Chidi Okafor, NP' };
const waiting: Task = {
  resourceType: 'Task',
  id: 't1',
  status: 'requested',
  intent: 'order',
  owner: { reference: 'Organization/cg-clinic' },
  lastModified: '2026-12-01T09:00:00Z',
};

describe('holderOf', () => {
  it('a waiting e-visit is free, whoever owns it for the practice', () => {
    expect(holderOf(waiting, lee)).toEqual({ kind: 'free' });
    expect(holderOf({ ...waiting, owner: okafor }, lee)).toEqual({ kind: 'free' });
  });

  it('taken by me is mine; taken by a colleague is theirs, with when', () => {
    const taken = claimTask(waiting, okafor, '2026-12-01T10:00:00Z');
    expect(holderOf(taken, okafor)).toEqual({ kind: 'mine' });
    expect(holderOf(taken, lee)).toEqual({ kind: 'other', by: okafor, since: '2026-12-01T10:00:00Z' });
  });

  it('in progress with no reviewer named is held by someone unknown, not free and not mine', () => {
    const older = { ...waiting, status: 'in-progress' as const };
    expect(holderOf(older, lee)).toEqual({ kind: 'other', since: '2026-12-01T09:00:00Z' });
    expect(holderOf({ ...older, owner: undefined }, lee).kind).toBe('other');
    expect(holderOf({ ...older, status: 'accepted', owner: okafor }, lee)).toMatchObject({
      kind: 'other',
      by: okafor,
    });
    expect(holderOf({ ...older, status: 'on-hold', owner: lee }, lee)).toEqual({ kind: 'mine' });
    // Without knowing who I am, nothing in progress is mine.
    expect(holderOf(claimTask(waiting, lee, 'x'), undefined).kind).toBe('other');
  });

  it('answered or cancelled is closed, naming who answered', () => {
    expect(holderOf({ ...waiting, status: 'completed', owner: okafor }, lee)).toEqual({
      kind: 'closed',
      status: 'completed',
      by: okafor,
    });
    expect(holderOf({ ...waiting, status: 'cancelled' }, lee)).toEqual({
      kind: 'closed',
      status: 'cancelled',
    });
  });
});

describe('claimTask', () => {
  it('names the reviewer as owner and keeps the rest of the Task', () => {
    const taken = claimTask(waiting, lee, '2026-12-01T10:00:00Z');
    expect(taken).toEqual({
      ...waiting,
      status: 'in-progress',
      owner: lee,
      lastModified: '2026-12-01T10:00:00Z',
    });
    expect(waiting.status).toBe('requested');
  });
});
