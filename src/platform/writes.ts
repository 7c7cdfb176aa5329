/**
 * The write protocol (src/core/write) over fhirclient. fhirclient's `request()` is used for writes
 * too because, unlike create/update, it refreshes an expired access token first.
 */
import type { Bundle, CapabilityStatement, FhirResource, Identifier } from 'fhir/r4';
import type Client from 'fhirclient/lib/Client';
import { conditionalCreateTypes, identifierQuery } from '../core/write/identity';
import type { WritePort } from '../core/write/runtime';
import type { WriteTransport } from '../core/write/save';
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

/** Per sign-in, so every screen's port shares one read. */
const conditionalByClient = new WeakMap<Client, Promise<Set<string>>>();

/**
 * Which types the server says it creates conditionally (`conditionalCreate` in its
 * CapabilityStatement), read once per sign-in on the first create, not on the launch path.
 */
function conditionalCreates(client: Client): (type: string) => Promise<boolean> {
  return async (type) => {
    let types = conditionalByClient.get(client);
    if (!types) {
      types = (
        client.request({
          url: 'metadata',
          headers: { accept: 'application/fhir+json' },
        }) as Promise<CapabilityStatement>
      ).then(conditionalCreateTypes);
      conditionalByClient.set(client, types);
      // A failed read is forgotten, so the next create asks again.
      types.catch(() => conditionalByClient.delete(client));
    }
    return (await types).has(type);
  };
}

/** The write runtime's port over fhirclient: send, re-read by id, find an earlier create by identifier. */
export function writePort(client: Client): WritePort {
  return {
    conditionalCreate: conditionalCreates(client),
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
