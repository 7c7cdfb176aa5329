/** A session as the launch hands it to the screens, over a test requester. */
import type Client from 'fhirclient/lib/Client';
import type { FhirRequester } from '../../src/core/record/read';
import { grantedAccess, writeAccess } from '../../src/core/smart/scopes';
import type { Session } from '../../src/platform/session';

/** A clinician's EHR launch for Patient/p1 with `scope` granted; `over` changes any part of it. */
export function testSession(
  fhir: FhirRequester,
  scope = 'patient/*.rs',
  over: Partial<Session> = {},
): Session {
  const access = grantedAccess(scope, '');
  return {
    client: {} as Client,
    iss: 'https://ehr.example.org/fhir',
    kind: 'ehr',
    role: 'clinician',
    patientId: 'p1',
    access,
    write: writeAccess(access),
    needBanner: true,
    fhir,
    ...over,
  };
}
