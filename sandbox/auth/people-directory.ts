import type { FhirServer } from '../contract';

/** The slice of the FHIR half the login pages and the launcher need. */
export type PeopleDirectory = Pick<FhirServer, 'listPatients' | 'listPractitioners'>;
