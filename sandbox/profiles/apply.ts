/**
 * The one seam where a profile meets the FHIR server: requests arrive at the profile's base, are
 * translated and checked by the profile, handled by the unchanged FHIR server, and their responses
 * go back through the profile with the profile's base in every URL.
 */
import type { AccessCheck, FhirRequest, FhirResponse, FhirServer } from '../contract';
import { profileBaseUrl, PROFILES, type ProfileName } from './index';
import { mapHeaders, mapStrings, rebase } from './rewrite';

export async function handleUnderProfile(
  name: ProfileName,
  request: FhirRequest,
  access: AccessCheck,
  fhir: FhirServer,
): Promise<FhirResponse> {
  if (name === 'default') return fhir.handle(request, access);
  const profile = PROFILES[name];
  const serverBase = fhir.baseUrl;
  const profileBase = profileBaseUrl(serverBase, name);
  const ctx = { serverBase, profileBase, fhir };
  const inbound: FhirRequest =
    request.body === undefined
      ? request
      : { ...request, body: mapStrings(request.body, (s) => rebase(s, profileBase, serverBase)) };
  const step = await profile.onRequest(inbound, ctx);
  const response = step.kind === 'answer' ? step.response : await fhir.handle(step.request, access);
  const shaped = await profile.onResponse(response, step.kind === 'forward' ? step.request : inbound, ctx);
  const outward = (s: string) => rebase(s, serverBase, profileBase);
  return {
    ...shaped,
    headers: mapHeaders(shaped.headers, outward),
    ...(shaped.body === undefined || typeof shaped.body === 'string'
      ? {}
      : { body: mapStrings(shaped.body, outward) }),
  };
}
