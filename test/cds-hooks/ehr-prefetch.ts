/**
 * The prefetch an EHR sends for the service's discovery templates, from one patient's resources:
 * each template run as a FHIR search with Medplum's matcher — the one the sandbox FHIR server
 * answers searches with — so `code=a,b` (any of them, in any system), `system|code`, `system|`,
 * `component-code` and `category` mean what a FHIR server makes of them. The patient filter is
 * dropped: the resources given are already that patient's.
 */
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import { matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { Bundle, FhirResource, Resource } from 'fhir/r4';
import { PATIENT_TOKEN, prefetchTemplates } from '../../cds-hooks/discovery';
import { ensureFhirDefinitions } from '../../sandbox/fhir/definitions';

/** What one template finds among the patient's resources: a resource, a searchset Bundle, or null. */
export function runTemplate(
  template: string,
  resources: readonly Resource[],
  patientId: string,
): FhirResource | Bundle | null {
  ensureFhirDefinitions();
  const query = template.replaceAll(PATIENT_TOKEN, encodeURIComponent(patientId));
  if (!query.includes('?')) {
    const [type, id] = query.split('/');
    return (
      (resources.find((r) => r.resourceType === type && r.id === id) as FhirResource | undefined) ?? null
    );
  }
  const parsed = parseSearchRequest(query);
  const search = { ...parsed, filters: (parsed.filters ?? []).filter((f) => f.code !== 'patient') };
  const found = resources.filter(
    (r) =>
      r.resourceType === search.resourceType &&
      // Medplum types its resources apart from @types/fhir; the JSON is the same.
      matchesSearchRequest(r as unknown as MedplumResource, search),
  ) as FhirResource[];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: found.length,
    entry: found.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/** Every template of the discovery answer, run over the patient's resources. */
export function ehrPrefetch(resources: readonly Resource[], patientId: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(prefetchTemplates()).map(([key, template]) => [
      key,
      runTemplate(template, resources, patientId),
    ]),
  );
}
