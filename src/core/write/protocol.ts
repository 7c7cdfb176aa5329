/**
 * The write protocol every screen uses, as data: what request to send for a create or an update,
 * and what an answer means. No network here; `save.ts` runs it against an injected transport.
 *
 * - Creates are conditional on the business identifier, so a retry never duplicates.
 * - Updates carry `If-Match` with the version that was read, so nobody's newer change is lost.
 */
import type { FhirResource, Identifier } from 'fhir/r4';
import { businessIdentifier, identifierQuery } from './identity';

export interface WriteRequest {
  method: 'POST' | 'PUT';
  /** Relative to the FHIR base. */
  url: string;
  headers: Record<string, string>;
  body: FhirResource;
}

export class WriteProtocolError extends Error {}

export function weakETag(versionId: string): string {
  return `W/"${versionId}"`;
}

/** Reads the version from `W/"3"`, `"3"` or `3`. */
export function versionFromETag(etag: string | null | undefined): string | undefined {
  const m = /^(?:W\/)?"?([^"]+)"?$/.exec(etag?.trim() ?? '');
  return m?.[1];
}

export function planCreate(resource: FhirResource): WriteRequest {
  const id = businessIdentifier(resource as { identifier?: Identifier[] | Identifier });
  if (!id) throw new WriteProtocolError(`A new ${resource.resourceType} needs a business identifier.`);
  if (resource.id) throw new WriteProtocolError(`A new ${resource.resourceType} must not carry a server id.`);
  return {
    method: 'POST',
    url: resource.resourceType,
    headers: {
      'content-type': 'application/fhir+json',
      'if-none-exist': identifierQuery(id),
      prefer: 'return=representation',
    },
    body: resource,
  };
}

export function planUpdate(resource: FhirResource): WriteRequest {
  const version = resource.meta?.versionId;
  if (!resource.id || !version) {
    throw new WriteProtocolError(
      `An update of ${resource.resourceType} needs the id and version that were read.`,
    );
  }
  return {
    method: 'PUT',
    url: `${resource.resourceType}/${encodeURIComponent(resource.id)}`,
    headers: {
      'content-type': 'application/fhir+json',
      'if-match': weakETag(version),
      prefer: 'return=representation',
    },
    body: resource,
  };
}

/** What an answer to a write means for the user. */
export type WriteOutcome<T extends FhirResource> =
  | { kind: 'saved'; resource: T }
  /**
   * Saved, but the answer carries no resource: `Prefer: return=representation` is a preference a
   * server may ignore (R4 http.html), and some EHRs answer every write with an empty body. What was
   * stored must be read back (from `location`, the `Location` header, when the server sends one).
   */
  | { kind: 'saved-unseen'; location?: string }
  /** Someone else changed it since it was read: re-read and merge. */
  | { kind: 'conflict' }
  /** The token is no longer accepted: keep the draft, relaunch. */
  | { kind: 'expired' }
  /** Worth trying again later (network, 5xx, 429). */
  | { kind: 'retryable'; message: string }
  /** The server refused the content; trying again will not help. */
  | { kind: 'rejected'; status: number; message: string };

export function classify<T extends FhirResource>(
  status: number,
  body: unknown,
  message: string,
  location?: string,
): WriteOutcome<T> {
  if (status === 200 || status === 201) {
    const res = body as T | undefined;
    if (res?.resourceType && res.id) return { kind: 'saved', resource: res };
    return { kind: 'saved-unseen', ...(location ? { location } : {}) };
  }
  if (status === 412 || status === 409) return { kind: 'conflict' };
  if (status === 401) return { kind: 'expired' };
  if (status === 0 || status === 408 || status === 429 || status >= 500)
    return { kind: 'retryable', message };
  return { kind: 'rejected', status, message };
}

/**
 * The resource a `Location` header names (`[base]/Goal/123/_history/2`, absolute or relative), if
 * it is of the type that was written: anything else is not trusted to be what was saved.
 */
export function locationId(location: string | undefined, resourceType: string): string | undefined {
  const path = (location ?? '').split(/[?#]/)[0] ?? '';
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?\/?$/.exec(path);
  return m && m[1] === resourceType ? m[2] : undefined;
}
