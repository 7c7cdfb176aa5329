/**
 * A launch profile: the documented constraints of one real EHR, reproduced in front of the sandbox's
 * FHIR server and in its authorization server, so the app can be proven against them. A profile is
 * chosen per launch and sticks to that launch's tokens; the FHIR half never knows one exists.
 */
import type { FhirRequest, FhirResponse, FhirServer } from '../contract';
import type { Scope } from '../auth/scopes';
import type { OperationOutcome } from 'fhir/r4';

export const PROFILE_NAMES = ['default', 'epic-like', 'oracle-like', 'strict'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}

/** What a profile's request and response steps may know about where they run. */
export interface ProfileContext {
  /** The FHIR server's own base, e.g. http://localhost:8080/fhir */
  serverBase: string;
  /** The base this profile is served at, e.g. http://localhost:8080/profiles/epic-like/fhir */
  profileBase: string;
  /** For the steps that need the loaded patients (epic-like's id aliases). */
  fhir: Pick<FhirServer, 'listPatients'>;
}

/** A request step either passes a (possibly changed) request on, or answers it itself. */
export type RequestStep =
  { kind: 'forward'; request: FhirRequest } | { kind: 'answer'; response: FhirResponse };

export interface LaunchProfile {
  name: ProfileName;
  /** One line for the launcher form. */
  label: string;
  /** The SMART discovery document as this EHR publishes it. */
  smartConfiguration(document: Record<string, unknown>): Record<string, unknown>;
  /** Which of the scopes an authorization would grant this EHR really grants. */
  grantScopes(scopes: Scope[]): Scope[];
  /** Whether a token response carries a refresh token, given the granted scopes. */
  issuesRefreshToken(scopes: Scope[]): boolean;
  /** `need_patient_banner` as this EHR sends it: `ehrLaunch` is a launch from inside the EHR. */
  needPatientBanner(asked: boolean, ehrLaunch: boolean): boolean;
  /** The patient id the app sees for a stored patient id (epic-like's long opaque ids). */
  publicPatientId(id: string): string;
  /** Before the FHIR handler. */
  onRequest(request: FhirRequest, ctx: ProfileContext): Promise<RequestStep>;
  /** After it, on the way out (the request is the one the handler saw). */
  onResponse(response: FhirResponse, request: FhirRequest, ctx: ProfileContext): Promise<FhirResponse>;
}

/** Today's sandbox: every step passes through. */
export const PASS_THROUGH: Omit<LaunchProfile, 'name' | 'label'> = {
  smartConfiguration: (document) => document,
  grantScopes: (scopes) => scopes,
  issuesRefreshToken: (scopes) =>
    scopes.some((s) => s.kind === 'special' && (s.text === 'offline_access' || s.text === 'online_access')),
  needPatientBanner: (asked) => asked,
  publicPatientId: (id) => id,
  onRequest: async (request) => ({ kind: 'forward', request }),
  onResponse: async (response) => response,
};

/** An error as a FHIR server sends it: a status and an OperationOutcome naming the problem. */
export function refuse(
  status: number,
  code: OperationOutcome['issue'][number]['code'],
  diagnostics: string,
): RequestStep {
  const body: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, diagnostics }],
  };
  return {
    kind: 'answer',
    response: { status, headers: { 'content-type': 'application/fhir+json; charset=utf-8' }, body },
  };
}

export function forward(request: FhirRequest): RequestStep {
  return { kind: 'forward', request };
}

/** The resource type a request addresses (`Observation` for `/Observation/_search`), if any. */
export function requestType(request: FhirRequest): string | undefined {
  const first = request.path.split('/').find((s) => s !== '');
  return first && /^[A-Z]/.test(first) ? first : undefined;
}

/** A search: GET on a type, or POST on `[type]/_search`. */
export function isSearch(request: FhirRequest): boolean {
  const segments = request.path.split('/').filter((s) => s !== '');
  if (segments.length === 1 && request.method === 'GET') return requestType(request) !== undefined;
  return segments.length === 2 && segments[1] === '_search' && request.method === 'POST';
}

/** A POST of a Bundle to the base: a batch or a transaction. */
export function bundleEntries(
  request: FhirRequest,
):
  | { type: string; entries: { method: string; url: string; ifMatch?: string; resource?: unknown }[] }
  | undefined {
  if (request.method !== 'POST' || request.path.split('/').some((s) => s !== '')) return undefined;
  const body = request.body as { resourceType?: unknown; type?: unknown; entry?: unknown } | undefined;
  if (body?.resourceType !== 'Bundle' || typeof body.type !== 'string') return undefined;
  const entries = Array.isArray(body.entry) ? body.entry : [];
  return {
    type: body.type,
    entries: entries.map(
      (e: { request?: { method?: unknown; url?: unknown; ifMatch?: unknown }; resource?: unknown }) => ({
        method: typeof e?.request?.method === 'string' ? e.request.method.toUpperCase() : '',
        url: typeof e?.request?.url === 'string' ? e.request.url : '',
        ...(typeof e?.request?.ifMatch === 'string' ? { ifMatch: e.request.ifMatch } : {}),
        resource: e?.resource,
      }),
    ),
  };
}

/** The query of a batch entry's relative URL, and the path before it. */
export function splitEntryUrl(url: string): { path: string; query: URLSearchParams } {
  const at = url.indexOf('?');
  return at < 0
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, at), query: new URLSearchParams(url.slice(at + 1)) };
}

/** `_count` lowered to `max` when it asks for more (servers cap page size rather than refuse). */
export function capCount(query: URLSearchParams, max: number): URLSearchParams {
  const raw = query.get('_count');
  if (raw === null || !/^\d+$/.test(raw) || Number(raw) <= max) return query;
  const capped = new URLSearchParams(query);
  capped.set('_count', String(max));
  return capped;
}

/** Drops the named SMART capabilities and the scope patterns of one SMART version from discovery. */
export function discoveryWithout(
  document: Record<string, unknown>,
  capabilities: readonly string[],
  scopeVersion: 1 | 2,
): Record<string, unknown> {
  const caps = Array.isArray(document.capabilities) ? (document.capabilities as string[]) : [];
  const scopes = Array.isArray(document.scopes_supported) ? (document.scopes_supported as string[]) : [];
  const v1 = /\.(read|write|\*)$/;
  return {
    ...document,
    capabilities: caps.filter((c) => !capabilities.includes(c)),
    scopes_supported: scopes.filter(
      (s) => !s.includes('/') || (scopeVersion === 1 ? !v1.test(s) : v1.test(s)),
    ),
  };
}
