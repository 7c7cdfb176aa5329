/** A prefetch holding a resource the rules cannot read still gets the cards of the rest. */
import type { Bundle, FhirResource, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { prefetchSearches } from '../../cds-hooks/discovery';
import { readHookRecord } from '../../cds-hooks/prefetch';

const bundleOf = (resources: Resource[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource: resource as FhirResource })),
});

describe('a malformed resource in the prefetch', () => {
  it('is left out, and every well-formed resource is kept', async () => {
    const subject = { reference: 'Patient/p1' };
    const good = {
      resourceType: 'Observation',
      id: 'a1c',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
      subject,
      valueQuantity: { value: 6.8, unit: '%' },
    } as Resource;
    // Invalid FHIR (code is required), as some exports hold: the priority reader read o.code.coding.
    const codeless = { resourceType: 'Observation', id: 'no-code', status: 'final', subject } as Resource;
    const prefetch: Record<string, unknown> = {};
    for (const { key, input } of prefetchSearches())
      prefetch[key] = input.byId
        ? { resourceType: 'Patient', id: 'p1' }
        : bundleOf(input.resourceType === 'Observation' ? [good, codeless] : []);
    const record = await readHookRecord({
      patientId: 'p1',
      prefetch,
      fhirServer: undefined,
      fhirAuthorization: undefined,
    });
    expect(record.map((r) => `${r.resourceType}/${r.id ?? ''}`).sort()).toEqual([
      'Observation/a1c',
      'Patient/p1',
    ]);
  });
});
