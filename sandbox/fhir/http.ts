import { getStatus, isOperationOutcome, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome as MedplumOutcome } from '@medplum/fhirtypes';
import type { OperationOutcome, Resource } from 'fhir/r4';
import type { FhirResponse } from '../contract';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

const ISSUE_CODE_BY_STATUS: Record<number, MedplumOutcome['issue'][number]['code']> = {
  400: 'invalid',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  412: 'conflict',
  413: 'too-costly',
  422: 'processing',
};

/** Medplum reads a status from an outcome's id; 405 and 413 have none there, so they get their own. */
const ID_BY_STATUS: Record<number, string> = {
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  412: 'precondition-failed',
  413: 'too-costly',
  422: 'business-rule',
};
const STATUS_BY_OWN_ID: Record<string, number> = { 'method-not-allowed': 405, 'too-costly': 413 };

export function statusOf(outcome: MedplumOutcome): number {
  return STATUS_BY_OWN_ID[outcome.id ?? ''] ?? getStatus(outcome);
}

/**
 * The sandbox's own refusals. An OperationOutcomeError, so Medplum's router passes it through
 * unchanged (any other error it turns into a 400) and the status survives from any depth.
 */
export class FhirHttpError extends OperationOutcomeError {
  constructor(status: number, message: string) {
    super({
      resourceType: 'OperationOutcome',
      id: ID_BY_STATUS[status],
      issue: [
        {
          severity: 'error',
          code: ISSUE_CODE_BY_STATUS[status] ?? (status >= 500 ? 'exception' : 'invalid'),
          details: { text: message },
          diagnostics: message,
        },
      ],
    });
    this.name = 'FhirHttpError';
  }
}

/**
 * Medplum's outcomes put the human text in `details.text` only; clients (fhirclient among them)
 * show `diagnostics`, so copy it across.
 */
export function withDiagnostics(outcome: MedplumOutcome, prefix = ''): OperationOutcome {
  const copy = structuredClone(outcome) as unknown as OperationOutcome;
  for (const [i, issue] of copy.issue.entries()) {
    issue.diagnostics = `${i === 0 ? prefix : ''}${issue.diagnostics ?? issue.details?.text ?? issue.code}`;
  }
  delete copy.id;
  return copy;
}

export function outcomeResponse(outcome: MedplumOutcome, prefix = ''): FhirResponse {
  return {
    status: statusOf(outcome),
    headers: { 'content-type': FHIR_JSON },
    body: withDiagnostics(outcome, prefix),
  };
}

/** Any thrown value → (status, OperationOutcome). Unknown errors are 500s with their message. */
export function errorToResponse(err: unknown): FhirResponse {
  if (err instanceof OperationOutcomeError) {
    return outcomeResponse(err.outcome);
  }
  if (isOperationOutcome(err)) {
    return outcomeResponse(err);
  }
  const message = err instanceof Error ? err.message : String(err);
  return outcomeResponse(new FhirHttpError(500, `Internal error: ${message}`).outcome);
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
  const trimmed = header?.trim();
  if (!trimmed) {
    return undefined;
  }
  if (trimmed === '*') {
    return '*';
  }
  const version = /^(?:W\/)?"?([^"]*)"?$/.exec(trimmed)?.[1]?.trim();
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

/** The body of a successful write, as `Prefer: return=…` asks. */
export function preferredBody(pref: ReturnPreference, resource: Resource, diagnostics: string): unknown {
  if (pref === 'minimal') {
    return undefined;
  }
  if (pref === 'OperationOutcome') {
    const outcome: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', diagnostics }],
    };
    return outcome;
  }
  return resource;
}
