/**
 * The write protocol (src/core/write) over fhirclient. fhirclient's `request()` is used for writes
 * too because, unlike create/update, it refreshes an expired access token first.
 */
import type { Bundle, FhirResource, Identifier } from 'fhir/r4';
import type { FhirRequester } from '../core/record/read';
import type Client from 'fhirclient/lib/Client';
import { conditionalCreateTypes } from '../core/fhir/capability';
import { identifierQuery } from '../core/write/identity';
import type { WritePort } from '../core/write/runtime';
import type { WriteTransport } from '../core/write/save';
import { capabilityOf } from './capability';
import { fhirclientFailure } from './requester';

export function writeTransport(client: Client): WriteTransport {
  return async (req) => {
    try {
      const res = (await client.request({
        url: req.url,
        method: req.method,
        body: JSON.stringify(req.body),
        // A plain object: fhirclient silently drops a Headers instance.
        headers: { ...req.headers, accept: 'application/fhir+json' },
        includeResponse: true,
      })) as unknown as { body: unknown; response: Response };
      const location = res.response.headers.get('location');
      return {
        status: res.response.status,
        body: res.body,
        message: '',
        ...(location ? { location } : {}),
      };
    } catch (err) {
      return { ...fhirclientFailure(err), body: undefined };
    }
  };
}

/** Reads the current version of a resource (after a 412), bypassing any cache. */
export async function reread<T extends FhirResource>(
  client: Client,
  type: T['resourceType'],
  id: string,
): Promise<T> {
  return (await client.request({
    url: `${type}/${encodeURIComponent(id)}`,
    headers: { 'cache-control': 'no-cache', accept: 'application/fhir+json' },
  })) as T;
}

/** Which types the server says it creates conditionally (`conditionalCreate`), from the one read per sign-in. */
function conditionalCreates(fhir: FhirRequester): (type: string) => Promise<boolean> {
  return async (type) => conditionalCreateTypes(await capabilityOf(fhir)).has(type);
}

/** The write runtime's port over fhirclient: send, re-read by id, find an earlier create by identifier. */
export function writePort(client: Client, fhir: FhirRequester): WritePort {
  return {
    conditionalCreate: conditionalCreates(fhir),
    send: writeTransport(client),
    read: (type, id) => reread(client, type, id),
    async findByIdentifier<T extends FhirResource>(type: T['resourceType'], identifier: Identifier) {
      const bundle = (await client.request({
        url: `${type}?${identifierQuery(identifier)}`,
        headers: { 'cache-control': 'no-cache', accept: 'application/fhir+json' },
      })) as Bundle;
      return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is T => r?.resourceType === type);
    },
  };
}
