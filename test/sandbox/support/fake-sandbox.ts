import type { Goal, Patient, Practitioner } from 'fhir/r4';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../../sandbox/index';
import { createFakeFhirServer, type FakeFhirServer } from './fake-fhir-server';

/** A patient whose name would run script if any page forgot to escape it. */
export const HOSTILE_NAME = `<script>alert("pwned")</script><img src=x onerror=alert(1)>&'`;

export const PATIENTS: Patient[] = [
  {
    resourceType: 'Patient',
    id: 'p-alice',
    name: [{ given: ['Alice'], family: 'Ames' }],
    birthDate: '1950-03-04',
  },
  {
    resourceType: 'Patient',
    id: 'p-bob',
    name: [{ given: ['Bob'], family: 'Burns' }],
    birthDate: '1941-11-12',
  },
  { resourceType: 'Patient', id: 'p-hostile', name: [{ text: HOSTILE_NAME }], birthDate: '1990-01-01' },
];

export const PRACTITIONERS: Practitioner[] = [
  { resourceType: 'Practitioner', id: 'dr-other', name: [{ prefix: ['Dr'], family: 'Other' }] },
  {
    resourceType: 'Practitioner',
    id: 'cg-dr-lee',
    name: [{ prefix: ['Dr'], given: ['Sam'], family: 'Lee' }],
  },
];

const goal = (id: string, patient: string): Goal => ({
  resourceType: 'Goal',
  id,
  lifecycleStatus: 'proposed',
  description: { text: `Goal ${id}` },
  subject: { reference: `Patient/${patient}` },
});

export const GOALS: Goal[] = [goal('g-alice', 'p-alice'), goal('g-bob', 'p-bob')];

export type FakeSandbox = RunningSandbox & { fake: FakeFhirServer };

export async function startFakeSandbox(
  options: Omit<StartSandboxOptions, 'createFhirServer' | 'port'> = {},
): Promise<FakeSandbox> {
  let fake: FakeFhirServer | undefined;
  const sandbox = await startSandbox({
    ...options,
    port: 0,
    createFhirServer: async (o) => {
      fake = createFakeFhirServer(o, { patients: PATIENTS, practitioners: PRACTITIONERS, resources: GOALS });
      return fake;
    },
  });
  return { ...sandbox, fake: fake! };
}
