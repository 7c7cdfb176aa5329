/**
 * One access check per grant: the store keeps a search's matches for its next pages per access
 * check, so the pages a token reads must meet the same one, and another grant never does.
 */
import type { Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { accessFor } from '../../sandbox/auth/bearer';

const grant = {
  client_id: 'app',
  scope: 'launch patient/*.rs',
  patient: 'cg-maria',
  sub: 'Practitioner/cg-dr-lee',
};

const maria: Observation = {
  resourceType: 'Observation',
  status: 'final',
  code: {},
  subject: { reference: 'Patient/cg-maria' },
};

describe('accessFor', () => {
  it('gives the same check for the same grant, whichever token carries it', () => {
    expect(accessFor({ ...grant, sid: 'one' })).toBe(accessFor({ ...grant, sid: 'two' }));
  });

  it('gives another check for another patient, user or scope', () => {
    const check = accessFor(grant);
    expect(accessFor({ ...grant, patient: 'cg-rosa' })).not.toBe(check);
    expect(accessFor({ ...grant, sub: 'Patient/cg-maria' })).not.toBe(check);
    expect(accessFor({ ...grant, scope: 'launch patient/Observation.rs' })).not.toBe(check);
    expect(accessFor({ ...grant, patient: 'cg-rosa' })('Observation', 'read', maria)).toBe('forbidden');
  });
});
