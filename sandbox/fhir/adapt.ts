/**
 * The one place where the two FHIR type vocabularies meet. The sandbox's public surface speaks
 * `fhir/r4` (the app's vocabulary); Medplum's router and repository speak `@medplum/fhirtypes`.
 * Both describe the same R4 JSON, but their declarations are not mutually assignable (different
 * union shapes for choice types and code strings), so the conversion is a checked re-labelling of
 * the same object, not a copy.
 */
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { FhirResource, Resource as R4Resource } from 'fhir/r4';

export function toMedplum(resource: R4Resource): MedplumResource {
  return resource as unknown as MedplumResource;
}

export function fromMedplum<T extends R4Resource = FhirResource>(resource: MedplumResource): T {
  return resource as unknown as T;
}

/** A JSON value we know is an object with a string `resourceType`: the shape check done at the edge. */
export function isResourceLike(value: unknown): value is FhirResource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}
