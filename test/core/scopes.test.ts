import { describe, expect, it } from 'vitest';
import { RULE_INPUTS } from '../../src/core/prompts/inputs';
import { requestedScopes } from '../../src/core/smart/scope-request';
import { grantedAccess, parseScope, writeAccess } from '../../src/core/smart/scopes';

describe('requested scopes', () => {
  it('asks only for reads, except the three types the app writes', () => {
    const s = requestedScopes({ launch: 'ehr', v2: true }).split(' ');
    expect(s).toContain('patient/Observation.rs');
    expect(s).toContain('patient/Patient.r');
    expect(s.filter((x) => /\.c/.test(x)).sort()).toEqual([
      'patient/CarePlan.crus',
      'patient/Goal.crus',
      'patient/QuestionnaireResponse.crus',
    ]);
    expect(s.some((x) => x.includes('*'))).toBe(false);
    expect(s.some((x) => /\.\w*d/.test(x))).toBe(false);
  });

  it.each([true, false])('asks to read everything the prompt rules read (v2: %s)', (v2) => {
    const access = grantedAccess(undefined, requestedScopes({ launch: 'ehr', v2 }));
    for (const input of RULE_INPUTS)
      expect(access.can(input.resourceType, 'byId' in input ? 'read' : 'search'), input.resourceType).toBe(
        true,
      );
    expect(access.can('AllergyIntolerance', 'create')).toBe(false);
  });

  it('uses v1 syntax where the server lacks permission-v2', () => {
    const s = requestedScopes({ launch: 'standalone-patient', v2: false }).split(' ');
    expect(s).toEqual(
      expect.arrayContaining(['launch/patient', 'patient/Condition.read', 'patient/Goal.write']),
    );
    expect(s).not.toContain('launch');
  });
});

describe('granted scopes', () => {
  it('reads v1 and v2 scopes alike', () => {
    const a = grantedAccess('patient/Goal.read patient/CarePlan.cu user/Observation.rs patient/*.write', '');
    expect(a.can('Goal', 'search')).toBe(true);
    expect(a.can('Goal', 'create')).toBe(true); // from patient/*.write
    expect(a.can('CarePlan', 'read')).toBe(false);
    expect(a.can('Observation', 'read')).toBe(true);
    expect(a.can('Condition', 'read')).toBe(false);
  });

  it('treats a missing scope in the token response as the requested scopes', () => {
    expect(grantedAccess(undefined, 'patient/Goal.rs').can('Goal', 'read')).toBe(true);
    expect(grantedAccess('', 'patient/Goal.rs').can('Goal', 'search')).toBe(true);
  });

  it('ignores malformed scopes and tolerates v2 search restrictions', () => {
    expect(parseScope('patient/Goal.xyz')).toBeUndefined();
    expect(parseScope('patient/Observation.rs?category=laboratory')?.perms.has('s')).toBe(true);
    expect(grantedAccess('launch openid nonsense', '').can('Goal', 'read')).toBe(false);
  });

  it('names the types it may not write when writes were not granted', () => {
    const w = writeAccess(grantedAccess('patient/*.rs patient/Goal.cu', ''));
    expect(w).toEqual({ canWrite: false, missing: ['CarePlan', 'QuestionnaireResponse'] });
    expect(writeAccess(grantedAccess('patient/*.cruds', '')).canWrite).toBe(true);
  });
});
