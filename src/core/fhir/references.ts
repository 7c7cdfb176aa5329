/**
 * Whether a FHIR Reference points at a given resource. Servers write references relative
 * (`Patient/1`) or absolute (`https://ehr/fhir/Patient/1`); both name the same patient.
 */
import type { Reference } from 'fhir/r4';

export function refersTo(ref: Reference | string | undefined, type: string, id: string): boolean {
  const r = typeof ref === 'string' ? ref : ref?.reference;
  if (!r || !id) return false;
  const local = `${type}/${id}`;
  return r === local || r.endsWith(`/${local}`);
}

export function isPatientRef(ref: Reference | string | undefined, patientId: string): boolean {
  return refersTo(ref, 'Patient', patientId);
}

/** `Type/id` of a reference, relative or absolute (a version suffix dropped); undefined for others. */
export function localRef(ref: Reference | string | undefined): string | undefined {
  const r = typeof ref === 'string' ? ref : ref?.reference;
  const m = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(r ?? '');
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** The signed-in user as the author of clinical decisions: a Practitioner(Role), or none at all. */
export function clinicianOf(fhirUser: string | undefined): string | undefined {
  return fhirUser && /^(Practitioner|PractitionerRole)\//.test(fhirUser) ? fhirUser : undefined;
}
