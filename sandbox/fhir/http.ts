import { getStatus, isOperationOutcome, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome as MedplumOutcome } from '@medplum/fhirtypes';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from 'fhir/r4';
import type { FhirResponse } from '../contract';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

const ISSUE_CODE_BY_STATUS: Record<number, OperationOutcomeIssue['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  412: 'conflict',
  413: 'too-costly',
  422: 'processing',
};

/** Thrown anywhere below the dispatcher; turned into an OperationOutcome response at the top. */
export class FhirHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FhirHttpError';
  }
}

export function operationOutcome(status: number, diagnostics: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: status >= 400 ? 'error' : 'information',
        code: ISSUE_CODE_BY_STATUS[status] ?? (status >= 500 ? 'exception' : 'informational'),
        diagnostics,
      },
    ],
  };
}

export function outcomeResponse(status: number, diagnostics: string): FhirResponse {
  return { status, headers: { 'content-type': FHIR_JSON }, body: operationOutcome(status, diagnostics) };
}

/**
 * Medplum's outcomes put the human text in `details.text` only; clients (fhirclient among them)
 * show `diagnostics`, so copy it across.
 */
export function withDiagnostics(outcome: MedplumOutcome): OperationOutcome {
  const copy = structuredClone(outcome) as unknown as OperationOutcome;
  for (const issue of copy.issue) {
    issue.diagnostics ??= issue.details?.text ?? issue.code;
  }
  delete copy.id;
  return copy;
}

/** Any thrown value → (status, OperationOutcome). Unknown errors are 500s with their message. */
export function errorToResponse(err: unknown): FhirResponse {
  if (err instanceof FhirHttpError) {
    return outcomeResponse(err.status, err.message);
  }
  if (err instanceof OperationOutcomeError) {
    return {
      status: getStatus(err.outcome),
      headers: { 'content-type': FHIR_JSON },
      body: withDiagnostics(err.outcome),
    };
  }
  if (isOperationOutcome(err)) {
    return { status: getStatus(err), headers: { 'content-type': FHIR_JSON }, body: withDiagnostics(err) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return outcomeResponse(500, `Internal error: ${message}`);
}

/** ETag, Last-Modified and Location for a stored resource (all three need meta from the repository). */
export function versionHeaders(baseUrl: string, resource: Resource): Record<string, string> {
  const headers: Record<string, string> = {};
  const versionId = resource.meta?.versionId;
  if (versionId) {
    headers['etag'] = `W/"${versionId}"`;
    if (resource.id) {
      headers['location'] = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionId}`;
    }
  }
  const lastUpdated = resource.meta?.lastUpdated;
  if (lastUpdated) {
    headers['last-modified'] = new Date(lastUpdated).toUTCString();
  }
  return headers;
}

/**
 * The version an If-Match header asks for, or `*` for "any current version". Clients send `W/"3"`
 * (RFC 7232), `"3"`, or a bare `3`; Medplum only understands the quoted forms and silently skips
 * the check for the bare one.
 */
export function parseIfMatch(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const trimmed = header.trim();
  if (trimmed === '') {
    return undefined;
  }
  if (trimmed === '*') {
    return '*';
  }
  const match = /^(?:W\/)?"?([^"]*)"?$/.exec(trimmed);
  const version = match?.[1]?.trim();
  if (!version) {
    throw new FhirHttpError(400, `Malformed If-Match header: ${header}`);
  }
  return version;
}

export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

export interface Preferences {
  return: ReturnPreference;
  strictHandling: boolean;
}

export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { return: 'representation', strictHandling: false };
  for (const part of (header ?? '').split(/[;,]/)) {
    const [rawKey, rawValue] = part.split('=');
    const key = rawKey?.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"|"$/g, '');
    if (
      key === 'return' &&
      (value === 'minimal' || value === 'representation' || value === 'OperationOutcome')
    ) {
      prefs.return = value;
    } else if (key === 'handling') {
      prefs.strictHandling = value === 'strict';
    }
  }
  return prefs;
}

/** Shapes the body of a successful write according to `Prefer: return=…`. */
export function preferredBody(pref: ReturnPreference, resource: Resource, diagnostics: string): unknown {
  if (pref === 'minimal') {
    return undefined;
  }
  if (pref === 'OperationOutcome') {
    const outcome = operationOutcome(200, diagnostics);
    return outcome;
  }
  return resource;
}
