/**
 * The write protocol (src/core/write) over fhirclient. fhirclient's `request()` is used for writes
 * too because, unlike create/update, it refreshes an expired access token first.
 */
import type { FhirResource } from 'fhir/r4';
import type Client from 'fhirclient/lib/Client';
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
      return { status: res.response.status, body: res.body, message: '' };
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
