/**
 * strict: a server that lets no client sloppiness through — every update, patch or delete must say
 * which version it changes (`If-Match`), a search parameter the server does not know is an error (as
 * under `Prefer: handling=strict`), and every Goal, CarePlan and QuestionnaireResponse written must
 * meet its US Core profile's required elements whether it claims the profile or not; and a create
 * or update is answered with no body, as by a server that ignores `Prefer: return=representation`.
 */
import { getSearchParameters, getStatus, OperationOutcomeError } from '@medplum/core';
import type { Resource } from 'fhir/r4';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { FhirRequest, FhirResponse } from '../contract';
import { ensureFhirDefinitions } from '../fhir/definitions';
import { validateWrite } from '../fhir/validate';
import {
  bundleEntries,
  forward,
  isSearch,
  PASS_THROUGH,
  refuse,
  requestType,
  splitEntryUrl,
  type LaunchProfile,
  type RequestStep,
} from './profile';

/** Search result parameters (FHIR R4 §3.1.1.5.x) and the common ones every type has. */
const GENERAL_PARAMS = new Set([
  '_count',
  '_offset',
  '_include',
  '_revinclude',
  '_total',
  '_summary',
  '_elements',
  '_sort',
  '_contained',
  '_containedType',
  '_format',
  '_pretty',
  '_id',
  '_lastUpdated',
  '_tag',
  '_profile',
  '_security',
  '_source',
  '_text',
  '_content',
  '_list',
  '_has',
  '_type',
]);

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
const US_CORE_PROFILES: Record<string, string> = {
  Goal: `${US_CORE}us-core-goal`,
  CarePlan: `${US_CORE}us-core-careplan`,
  QuestionnaireResponse: `${US_CORE}us-core-questionnaireresponse`,
};

function unknownParams(type: string, query: URLSearchParams): string[] {
  ensureFhirDefinitions();
  const known = getSearchParameters(type) ?? {};
  return [...new Set(query.keys())].filter((key) => {
    // `code:text` has a modifier, `subject.name` a chain: the parameter is what comes first.
    const code = key.split(/[:.]/)[0] ?? '';
    return !GENERAL_PARAMS.has(code) && !(code in known);
  });
}

function refuseUnknown(type: string, query: URLSearchParams): RequestStep | undefined {
  const unknown = unknownParams(type, query);
  if (unknown.length === 0) return undefined;
  return refuse(
    400,
    'not-supported',
    `Unknown search parameter${unknown.length > 1 ? 's' : ''} for ${type}: ${unknown.join(', ')}`,
  );
}

/** The US Core profile's required elements, checked as though the resource claimed the profile. */
function refuseNonConforming(resource: unknown): RequestStep | undefined {
  const r = resource as Resource | undefined;
  const profile = r?.resourceType ? US_CORE_PROFILES[r.resourceType] : undefined;
  if (!r || !profile) return undefined;
  ensureFhirDefinitions();
  const claimed = { ...r, meta: { ...r.meta, profile: [...(r.meta?.profile ?? []), profile] } };
  try {
    validateWrite(claimed as unknown as MedplumResource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    const status = getStatus(err.outcome);
    return {
      kind: 'answer',
      response: {
        status: status >= 400 ? status : 422,
        headers: { 'content-type': 'application/fhir+json; charset=utf-8' },
        body: err.outcome,
      },
    };
  }
  return undefined;
}

const VERSIONED_WRITES = new Set(['PUT', 'PATCH', 'DELETE']);

function missingIfMatch(what: string): RequestStep {
  return refuse(
    428,
    'required',
    `${what} must carry If-Match with the version it changes (this server refuses blind overwrites)`,
  );
}

async function onRequest(request: FhirRequest): Promise<RequestStep> {
  const type = requestType(request);
  if (isSearch(request) && type) return refuseUnknown(type, request.query) ?? forward(request);
  if (VERSIONED_WRITES.has(request.method) && type && !request.headers['if-match']) {
    return missingIfMatch(`${request.method} ${request.path}`);
  }
  if ((request.method === 'POST' || request.method === 'PUT') && type) {
    return refuseNonConforming(request.body) ?? forward(request);
  }
  const bundle = bundleEntries(request);
  for (const entry of bundle?.entries ?? []) {
    const { path, query } = splitEntryUrl(entry.url);
    const entryType = path.split('/').find((s) => s !== '');
    if (entry.method === 'GET' && entryType && !path.includes('/')) {
      const refused = refuseUnknown(entryType, query);
      if (refused) return refused;
    }
    if (VERSIONED_WRITES.has(entry.method) && !entry.ifMatch)
      return missingIfMatch(`The ${bundle?.type} entry ${entry.method} ${entry.url}`);
    if (entry.method === 'POST' || entry.method === 'PUT') {
      const refused = refuseNonConforming(entry.resource);
      if (refused) return refused;
    }
  }
  return forward(request);
}

/**
 * A create or update is answered as a server that ignores `Prefer: return=representation` answers
 * it (R4 http.html: the header is a preference), as some EHRs do for every write: the status, ETag
 * and Location, and no body. A client must read back what it needs rather than rely on the echo.
 */
async function onResponse(response: FhirResponse, request: FhirRequest): Promise<FhirResponse> {
  const write =
    (request.method === 'POST' || request.method === 'PUT') &&
    requestType(request) !== undefined &&
    !isSearch(request) &&
    !request.path.includes('$');
  if (!write || (response.status !== 200 && response.status !== 201)) return response;
  const headers = Object.fromEntries(
    Object.entries(response.headers).filter(([name]) => name.toLowerCase() !== 'content-type'),
  );
  return { status: response.status, headers };
}

export const STRICT: LaunchProfile = {
  ...PASS_THROUGH,
  name: 'strict',
  label:
    'Strict: If-Match on every change, unknown search parameters refused, US Core required elements enforced, writes answered without a body',
  onRequest,
  onResponse,
};
