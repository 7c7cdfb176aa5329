import type { HumanName, Patient, Practitioner } from 'fhir/r4';

/** A display name from the first usable HumanName; falls back to the id so nobody is blank. */
export function personName(person: Patient | Practitioner): string {
  const name = pickName(person.name);
  if (name?.text?.trim()) return name.text.trim();
  const parts = [...(name?.prefix ?? []), ...(name?.given ?? []), name?.family ?? '']
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : `${person.resourceType}/${person.id ?? '?'}`;
}

function pickName(names: HumanName[] | undefined): HumanName | undefined {
  return names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use !== 'old') ?? names?.[0];
}

/** "Name, born 1950-01-02 (id)" — what a tester needs to tell look-alike synthetic patients apart. */
export function patientLabel(patient: Patient): string {
  const born = patient.birthDate ? `, born ${patient.birthDate}` : '';
  return `${personName(patient)}${born} (${patient.id ?? '?'})`;
}

export function practitionerLabel(practitioner: Practitioner): string {
  return `${personName(practitioner)} (${practitioner.id ?? '?'})`;
}

/** Dr Lee is the clinician the fixtures and demos are written around. */
export const PREFERRED_PRACTITIONER = 'cg-dr-lee';

export function defaultPractitioner(practitioners: readonly Practitioner[]): Practitioner | undefined {
  return practitioners.find((p) => p.id === PREFERRED_PRACTITIONER) ?? practitioners[0];
}
