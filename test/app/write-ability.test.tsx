import { renderHook, waitFor } from '@testing-library/react';
import type { CapabilityStatement } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { FhirRequester } from '../../src/core/record/read';
import { forPatient } from '../../src/platform/session';
import { useWriteAbility } from '../../src/workspace/useWorkspace';
import { testSession } from './session';

/** A server whose statement accepts no update of CarePlan, counting its reads of the statement. */
function server(failFirst = false) {
  const statement: CapabilityStatement = {
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
          { type: 'Goal', interaction: [{ code: 'create' }, { code: 'update' }] },
          { type: 'CarePlan', interaction: [{ code: 'read' }] },
          { type: 'QuestionnaireResponse', interaction: [{ code: 'create' }, { code: 'update' }] },
        ],
      },
    ],
  };
  const reads: string[] = [];
  const fhir: FhirRequester = {
    get: async (url) => {
      reads.push(url);
      if (failFirst && reads.length === 1) throw new Error('network down');
      return statement;
    },
    batch: async () => {
      throw new Error('not read here');
    },
  };
  return { fhir, reads };
}

describe("the workspace's write ability, from the server's CapabilityStatement", () => {
  it('reads the statement once per server connection, however many workspaces open on it', async () => {
    const { fhir, reads } = server();
    const queue = testSession(fhir, 'patient/*.cruds');
    const first = renderHook(() => useWriteAbility({ session: queue }));
    await waitFor(() =>
      expect(first.result.current).toEqual({
        canWrite: false,
        reason: { kind: 'server', types: ['CarePlan'] },
      }),
    );
    first.unmount();
    // Another patient opened from the e-visit queue: a new session over the same connection.
    const other = { ...forPatient({ ...queue, view: 'evisit-queue' }, 'p2'), write: queue.write };
    const second = renderHook(() => useWriteAbility({ session: other }));
    await waitFor(() => expect(second.result.current.reason?.kind).toBe('server'));
    expect(reads).toEqual(['metadata']);
  });

  it('a failed read is asked again by the next workspace, and refuses nothing meanwhile', async () => {
    const { fhir, reads } = server(true);
    const session = testSession(fhir, 'patient/*.cruds');
    const first = renderHook(() => useWriteAbility({ session }));
    await waitFor(() => expect(reads).toHaveLength(1));
    expect(first.result.current).toEqual({ canWrite: true });
    first.unmount();
    const second = renderHook(() => useWriteAbility({ session }));
    await waitFor(() => expect(second.result.current.reason?.types).toEqual(['CarePlan']));
    expect(reads).toEqual(['metadata', 'metadata']);
  });
});
