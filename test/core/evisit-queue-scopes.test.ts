import { describe, expect, it } from 'vitest';
import { RECORD_INPUTS } from '../../src/core/record/panels';
import { queueScopes, requestedScopes } from '../../src/core/smart/scope-request';
import {
  canReplyToEvisit,
  canReviewEvisits,
  grantedAccess,
  queueWriteAccess,
} from '../../src/core/smart/scopes';

describe('the e-visit review queue launch (no patient in context)', () => {
  it('asks only user-level scopes: reads of the whole record, writes of the reply and a stewardship decision', () => {
    const s = queueScopes({ v2: true }).split(' ');
    expect(s).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'launch', 'online_access']));
    expect(s).not.toContain('launch/patient');
    expect(s.filter((x) => x.startsWith('patient/'))).toEqual([]);
    expect(s).toEqual(
      expect.arrayContaining([
        'user/Task.rs',
        'user/QuestionnaireResponse.rs',
        'user/Patient.rs',
        'user/AllergyIntolerance.rs',
        'user/Goal.rs',
        // The reviewer's own name, signed under the reply.
        'user/Practitioner.r',
      ]),
    );
    expect(s.filter((x) => /\.c?u?$/.test(x)).sort()).toEqual([
      'user/CarePlan.cu',
      'user/Communication.c',
      'user/Condition.c',
      'user/Encounter.c',
      'user/Goal.c',
      'user/MedicationRequest.c',
      'user/ServiceRequest.c',
      'user/Task.u',
    ]);
    expect(s.some((x) => x.includes('*') || /\.\w*d/.test(x))).toBe(false);
    expect(new Set(s).size).toBe(s.length);
    expect(grantedAccess(undefined, s.join(' ')).can('Goal', 'update')).toBe(false);
  });

  it.each([true, false])('lets the review read every panel and send the reply (v2: %s)', (v2) => {
    const access = grantedAccess(undefined, queueScopes({ v2 }));
    for (const input of RECORD_INPUTS) expect(access.can(input.resourceType, 'search')).toBe(true);
    expect(canReviewEvisits(access)).toBe(true);
    expect(canReplyToEvisit(access)).toBe(true);
    expect(queueWriteAccess(access)).toEqual({ canWrite: true, missing: [] });
    expect(access.can('QuestionnaireResponse', 'create')).toBe(false);
  });

  it('v1 syntax where the server lacks permission-v2', () => {
    const s = queueScopes({ v2: false }).split(' ');
    expect(s).toEqual(expect.arrayContaining(['user/Task.read', 'user/Task.write', 'user/Condition.write']));
    expect(s.some((x) => /\.(rs|c|u|cu)$/.test(x))).toBe(false);
  });

  it('is told apart from a patient launch, whose scopes stay as they were', () => {
    expect(canReviewEvisits(grantedAccess(undefined, requestedScopes({ launch: 'ehr', v2: true })))).toBe(
      false,
    );
    expect(requestedScopes({ launch: 'ehr', v2: true })).not.toMatch(/user\//);
    expect(canReviewEvisits(grantedAccess('user/*.rs', ''))).toBe(true);
  });

  it('is read-only when a reply write was not granted', () => {
    const s = queueScopes({ v2: true }).replace(' user/Task.u', '');
    expect(canReplyToEvisit(grantedAccess(s, ''))).toBe(false);
    const noPlan = grantedAccess(queueScopes({ v2: true }).replace(' user/CarePlan.cu', ''), '');
    expect(queueWriteAccess(noPlan)).toEqual({ canWrite: false, missing: ['CarePlan'] });
    expect(canReviewEvisits(grantedAccess(s, ''))).toBe(true);
  });
});
