import type { Bundle, Encounter } from 'fhir/r4';
import type { FhirServer } from '../contract';

export type EncounterDirectory = Pick<FhirServer, 'handle'>;

/** The launcher is the EHR itself: it looks at the record with no token, as the chart would. */
const EHR_ITSELF = () => 'ok' as const;

function when(e: Encounter): string {
  return e.period?.start ?? e.period?.end ?? '';
}

/** The patient's newest encounter (by period start), the visit an EHR would have open. */
export async function newestEncounter(
  fhir: EncounterDirectory,
  patient: string,
): Promise<string | undefined> {
  const res = await fhir.handle(
    {
      method: 'GET',
      path: '/Encounter',
      query: new URLSearchParams({ patient, _sort: '-date', _count: '1' }),
      headers: {},
    },
    EHR_ITSELF,
  );
  if (res.status !== 200) return undefined;
  const encounters = ((res.body as Bundle).entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is Encounter => r?.resourceType === 'Encounter');
  return encounters.sort((a, b) => when(b).localeCompare(when(a)))[0]?.id;
}

/** True when `Encounter/<id>` exists and belongs to the patient: a launch must not mix two records. */
export async function isPatientsEncounter(
  fhir: EncounterDirectory,
  patient: string,
  id: string,
): Promise<boolean> {
  const res = await fhir.handle(
    {
      method: 'GET',
      path: `/Encounter/${encodeURIComponent(id)}`,
      query: new URLSearchParams(),
      headers: {},
    },
    EHR_ITSELF,
  );
  return res.status === 200 && (res.body as Encounter).subject?.reference === `Patient/${patient}`;
}
