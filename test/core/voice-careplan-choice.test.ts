import type { CarePlan } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { findSharedPlan as sharedCarePlan, SHARED_PLAN } from '../../src/core/plan';

const plan = (id: string, lastUpdated: string, shared: boolean): CarePlan => ({
  resourceType: 'CarePlan',
  id,
  meta: { lastUpdated },
  status: 'active',
  intent: 'plan',
  subject: { reference: 'Patient/p1' },
  category: [
    { coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' }] },
    ...(shared ? [{ coding: [SHARED_PLAN] }] : []),
  ],
});

describe('the plan the patient sees', () => {
  it('is the shared plan written with Common Ground, even when another assess-plan plan is newer', () => {
    expect(
      sharedCarePlan([plan('ours', '2026-01-01', true), plan('ehr', '2026-11-01', false)], 'p1')?.id,
    ).toBe('ours');
  });

  it('falls back to the newest assess-plan plan when there is no shared plan yet', () => {
    expect(
      sharedCarePlan([plan('old', '2025-01-01', false), plan('new', '2026-11-01', false)], 'p1')?.id,
    ).toBe('new');
  });
});
