import type { Goal, Observation, Patient, Practitioner } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { createAccessCheck } from '../../sandbox/auth/access';
import { inPatientCompartment } from '../../sandbox/auth/compartment';
import { ExpiringStore } from '../../sandbox/auth/expiring-store';
import { s256, verifierMatches } from '../../sandbox/auth/pkce';
import {
  formatScopes,
  grantScopes,
  parseScope,
  parseScopes,
  type ResourceScope,
} from '../../sandbox/auth/scopes';

const letters = (text: string) => [...(parseScope(text) as ResourceScope).permissions].sort().join('');

describe('scope parsing', () => {
  it('maps v1 read/write/* to v2 permissions', () => {
    expect(letters('patient/Goal.read')).toBe('rs');
    expect(letters('patient/*.write')).toBe('cdu');
    expect(letters('user/Observation.*')).toBe('cdrsu');
  });

  it('parses v2 permissions in canonical order only', () => {
    expect(letters('patient/Goal.rs')).toBe('rs');
    expect(letters('patient/CarePlan.cu')).toBe('cu');
    expect(letters('patient/*.cruds')).toBe('cdrsu');
    expect(parseScope('patient/Goal.sr')).toBeUndefined();
    expect(parseScope('patient/Goal.rr')).toBeUndefined();
    expect(parseScope('patient/Goal.x')).toBeUndefined();
  });

  it('accepts ?param= restrictions as the unrestricted scope, keeping the text', () => {
    const scope = parseScope(
      'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory',
    );
    expect(scope).toMatchObject({ kind: 'resource', resourceType: 'Observation', context: 'patient' });
    expect(scope?.text).toContain('?category=');
  });

  it('drops malformed, unknown and system scopes without throwing', () => {
    const scopes = parseScopes(
      'openid  fhirUser bogus system/*.rs patient/goal.rs patient/Goal.rs patient/Goal.rs launch/patient ',
    );
    expect(formatScopes(scopes)).toBe('openid fhirUser patient/Goal.rs launch/patient');
    expect(parseScopes(undefined)).toEqual([]);
  });
});

describe('grantScopes (the launcher cap)', () => {
  const requested = parseScopes(
    'openid fhirUser launch offline_access patient/Goal.cruds patient/CarePlan.cu user/Practitioner.read',
  );

  it('grants everything well-formed without a cap', () => {
    expect(formatScopes(grantScopes(requested))).toBe(formatScopes(requested));
  });

  it('narrows resource scopes permission by permission and keeps identity scopes', () => {
    const granted = grantScopes(requested, parseScopes('patient/*.rs'));
    expect(formatScopes(granted)).toBe('openid fhirUser launch offline_access patient/Goal.rs');
  });

  it('narrows a wildcard request to the capped type, and keeps v1 text when nothing was lost', () => {
    expect(formatScopes(grantScopes(parseScopes('patient/*.read'), parseScopes('patient/Goal.rs')))).toBe(
      'patient/Goal.rs',
    );
    expect(
      formatScopes(grantScopes(parseScopes('user/Practitioner.read'), parseScopes('user/*.cruds'))),
    ).toBe('user/Practitioner.read');
  });

  it('caps identity scopes only when the cap names some', () => {
    const granted = grantScopes(requested, parseScopes('openid fhirUser launch patient/*.cruds'));
    expect(formatScopes(granted)).not.toContain('offline_access');
    expect(formatScopes(granted)).toContain('patient/Goal.cruds');
  });

  it('never lets user/ and patient/ cross', () => {
    expect(grantScopes(parseScopes('user/Goal.rs'), parseScopes('patient/*.cruds'))).toEqual([]);
  });
});

describe('createAccessCheck', () => {
  const alice: Patient = { resourceType: 'Patient', id: 'alice' };
  const bob: Patient = { resourceType: 'Patient', id: 'bob' };
  const aliceGoal: Goal = {
    resourceType: 'Goal',
    lifecycleStatus: 'proposed',
    description: { text: 'walk' },
    subject: { reference: 'Patient/alice' },
  };
  const bobGoal: Goal = { ...aliceGoal, subject: { reference: 'Patient/bob' } };
  const doctor: Practitioner = { resourceType: 'Practitioner', id: 'lee' };

  it('maps interactions to v2 letters', () => {
    const check = createAccessCheck(parseScopes('patient/Goal.rs patient/CarePlan.cu'), 'alice');
    expect(check('Goal', 'read')).toBe('ok');
    expect(check('Goal', 'search')).toBe('ok');
    expect(check('Goal', 'create')).toBe('forbidden');
    expect(check('CarePlan', 'create')).toBe('ok');
    expect(check('CarePlan', 'update')).toBe('ok');
    expect(check('CarePlan', 'read')).toBe('forbidden');
    expect(check('CarePlan', 'delete')).toBe('forbidden');
    expect(check('Condition', 'read')).toBe('forbidden');
  });

  it('v1 write does not imply read; v1 read does not allow delete', () => {
    const check = createAccessCheck(parseScopes('patient/Goal.write patient/Condition.read'), 'alice');
    expect(check('Goal', 'update')).toBe('ok');
    expect(check('Goal', 'delete')).toBe('ok');
    expect(check('Goal', 'read')).toBe('forbidden');
    expect(check('Condition', 'search')).toBe('ok');
    expect(check('Condition', 'delete')).toBe('forbidden');
  });

  it('keeps patient/ scopes inside the token patient compartment', () => {
    const check = createAccessCheck(parseScopes('patient/*.cruds'), 'alice');
    expect(check('Goal', 'read', aliceGoal)).toBe('ok');
    expect(check('Goal', 'read', bobGoal)).toBe('forbidden');
    expect(check('Goal', 'create', bobGoal)).toBe('forbidden');
    expect(check('Patient', 'read', alice)).toBe('ok');
    expect(check('Patient', 'read', bob)).toBe('forbidden');
    expect(check('Practitioner', 'read', doctor)).toBe('forbidden');
  });

  it('lets user/ scopes reach any resource of the type', () => {
    const check = createAccessCheck(
      parseScopes('patient/Goal.rs user/Goal.rs user/Practitioner.rs'),
      'alice',
    );
    expect(check('Goal', 'read', bobGoal)).toBe('ok');
    expect(check('Practitioner', 'read', doctor)).toBe('ok');
    expect(check('Goal', 'update', aliceGoal)).toBe('forbidden');
  });

  it('gives patient/ scopes nothing when the token has no patient', () => {
    const check = createAccessCheck(parseScopes('patient/*.rs'), undefined);
    expect(check('Goal', 'read')).toBe('forbidden');
  });
});

describe('inPatientCompartment', () => {
  it('follows subject, patient and beneficiary references, absolute and versioned', () => {
    const obs = { resourceType: 'Observation', status: 'final', code: {} } as Observation;
    const at = (reference: string): Observation => ({ ...obs, subject: { reference } });
    expect(inPatientCompartment(at('Patient/a'), 'a')).toBe(true);
    expect(inPatientCompartment(at('http://x/fhir/Patient/a/_history/3'), 'a')).toBe(true);
    expect(inPatientCompartment(at('Patient/ab'), 'a')).toBe(false);
    expect(inPatientCompartment(at('Group/a'), 'a')).toBe(false);
    expect(
      inPatientCompartment(
        { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/a' } } as never,
        'a',
      ),
    ).toBe(true);
    expect(
      inPatientCompartment(
        { resourceType: 'Coverage', beneficiary: { reference: 'Patient/a' } } as never,
        'a',
      ),
    ).toBe(true);
    expect(inPatientCompartment(obs, 'a')).toBe(false);
  });
});

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(
      verifierMatches(
        'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      ),
    ).toBe(true);
    expect(
      verifierMatches(
        'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX',
        'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      ),
    ).toBe(false);
    expect(verifierMatches('short', s256('short'))).toBe(false);
  });
});

describe('ExpiringStore', () => {
  it('expires entries, takes them once, and stays bounded', () => {
    let now = 0;
    const store = new ExpiringStore<string>(1000, 2, () => now);
    const a = store.add('a');
    expect(store.get(a)).toBe('a');
    now = 1000;
    expect(store.get(a)).toBeUndefined();
    const b = store.add('b');
    expect(store.take(b)).toBe('b');
    expect(store.take(b)).toBeUndefined();
    const c = store.add('c');
    store.add('d');
    store.add('e');
    expect(store.get(c)).toBeUndefined();
  });
});
