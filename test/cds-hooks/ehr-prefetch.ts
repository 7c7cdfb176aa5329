/**
 * The prefetch an EHR sends for the service's discovery templates, from one patient's resources:
 * each template run as a FHIR search with Medplum's matcher — the one the sandbox FHIR server
 * answers searches with — so `code=a,b` (any of them, in any system), `system|code`, `system|`,
 * `component-code` and `category` mean what a FHIR server makes of them. The patient filter is
 * dropped: the resources given are already that patient's. `_elements` is honoured as FHIR R4 says
 * a server does (each resource cut to the listed top-level elements, a choice element by its name
 * without the type, and tagged SUBSETTED), unless `elements: false` plays a server that ignores it.
 */
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import { matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { Bundle, FhirResource, Resource } from 'fhir/r4';
import { PATIENT_TOKEN, prefetchTemplates } from '../../cds-hooks/discovery';
import { ensureFhirDefinitions } from '../../sandbox/fhir/definitions';

/** The R4 data types a choice element `name[x]` is written with, as `nameDateTime`, `namePeriod`, … */
const CHOICE_TYPES = new Set(
  (
    'Address Age Annotation Attachment Base64Binary Boolean Canonical Code CodeableConcept Coding ' +
    'ContactPoint Count Date DateTime Decimal Distance Dosage Duration Expression HumanName Id ' +
    'Identifier Instant Integer Markdown Meta Money Oid Period PositiveInt Quantity Range Ratio ' +
    'Reference SampledData String Time Timing UnsignedInt Uri Url Uuid'
  ).split(' '),
);

export interface EhrOptions {
  /** False: the server ignores `_elements` and sends whole resources. */
  elements?: boolean;
}

/** A resource cut to the `_elements` listed, as a server that honours them returns it. */
export function subsetted(resource: Resource, elements: readonly string[]): Resource {
  const keep = (key: string) =>
    key === 'resourceType' ||
    elements.some(
      (e) => key === e || key === `_${e}` || (key.startsWith(e) && CHOICE_TYPES.has(key.slice(e.length))),
    );
  const out = Object.fromEntries(Object.entries(resource).filter(([key]) => keep(key))) as Resource;
  const tag = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };
  out.meta = { ...out.meta, tag: [...(out.meta?.tag ?? []), tag] };
  return out;
}

/** What one template finds among the patient's resources: a resource, a searchset Bundle, or null. */
export function runTemplate(
  template: string,
  resources: readonly Resource[],
  patientId: string,
  options: EhrOptions = {},
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
  const fields = options.elements === false ? undefined : parsed.fields;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: found.length,
    entry: found.map((resource) => ({
      resource: (fields ? subsetted(resource, fields) : resource) as FhirResource,
      search: { mode: 'match' },
    })),
  };
}

/** Every template of the discovery answer, run over the patient's resources. */
export function ehrPrefetch(
  resources: readonly Resource[],
  patientId: string,
  options: EhrOptions = {},
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(prefetchTemplates()).map(([key, template]) => [
      key,
      runTemplate(template, resources, patientId, options),
    ]),
  );
}
