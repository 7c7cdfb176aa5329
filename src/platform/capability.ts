/**
 * The server's CapabilityStatement, read once per sign-in and shared: the workspace asks it which
 * writes the server accepts, the write port whether it creates conditionally.
 */
import type { CapabilityStatement } from 'fhir/r4';
import type { FhirRequester } from '../core/record/read';

const bySignIn = new WeakMap<FhirRequester, Promise<CapabilityStatement>>();

export function capabilityOf(fhir: FhirRequester): Promise<CapabilityStatement> {
  let read = bySignIn.get(fhir);
  if (!read) {
    read = fhir.get('metadata') as Promise<CapabilityStatement>;
    bySignIn.set(fhir, read);
    // A failed read is forgotten, so the next question asks the server again.
    read.catch(() => bySignIn.delete(fhir));
  }
  return read;
}
