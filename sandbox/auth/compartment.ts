import type { Resource } from 'fhir/r4';

/** The reference elements that tie a resource to its patient across the types the app touches. */
// `for`: a Task about the patient (an e-visit's review request).
const PATIENT_LINKS = ['subject', 'patient', 'beneficiary', 'for'] as const;

/**
 * Whether `resource` is in Patient/`patientId`'s compartment, in the sandbox's simplified sense:
 * the Patient itself, or a resource whose subject/patient/beneficiary points at it.
 */
export function inPatientCompartment(resource: Resource, patientId: string): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const record = resource as unknown as Record<string, unknown>;
  return PATIENT_LINKS.some((key) => referencesPatient(record[key], patientId));
}

function referencesPatient(value: unknown, patientId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => referencesPatient(v, patientId));
  if (typeof value !== 'object' || value === null) return false;
  const reference = (value as { reference?: unknown }).reference;
  if (typeof reference !== 'string') return false;
  const target = `Patient/${patientId}`;
  // Absolute references (http://…/fhir/Patient/x) and version-specific ones (…/_history/2) count too.
  const withoutHistory = reference.replace(/\/_history\/[^/]+$/, '');
  return withoutHistory === target || withoutHistory.endsWith(`/${target}`);
}
