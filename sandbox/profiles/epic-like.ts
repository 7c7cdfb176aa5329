/**
 * epic-like: the constraints Epic's FHIR R4 API documents for apps (see README, "Launch profiles",
 * for each source): no batch of reads, Observation searches need a category or a code, no
 * `_include`/`_revinclude`, a capped `_count`, SMART v1 scopes only, a refresh token only with
 * `offline_access`, `need_patient_banner` false inside the EHR, and long opaque patient ids.
 */
import type { FhirRequest, FhirResponse } from '../contract';
import type { Scope } from '../auth/scopes';
import { aliasPatientIds, PatientAliases, patientAlias, toPublic } from './patient-aliases';
import {
  bundleEntries,
  capCount,
  discoveryWithout,
  forward,
  isSearch,
  PASS_THROUGH,
  refuse,
  requestType,
  type LaunchProfile,
  type ProfileContext,
  type RequestStep,
} from './profile';
import { mapStrings } from './rewrite';

/** Page size cap: a larger `_count` is lowered to this, the rest reached through `next`. */
export const EPIC_MAX_COUNT = 200;

const aliasesByServer = new WeakMap<object, PatientAliases>();

function aliasesFor(ctx: ProfileContext): PatientAliases {
  let aliases = aliasesByServer.get(ctx.fhir);
  if (!aliases) {
    aliases = new PatientAliases(ctx.fhir);
    aliasesByServer.set(ctx.fhir, aliases);
  }
  return aliases;
}

function stringsOf(request: FhirRequest): string[] {
  return [
    request.path,
    ...request.query.values(),
    ...Object.values(request.headers).filter((h) => h !== undefined),
  ];
}

/** The app's aliases become stored ids everywhere the FHIR handler reads them. */
function toStoredRequest(request: FhirRequest, aliases: PatientAliases): FhirRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = value && aliases.toStored(value);
  return {
    ...request,
    path: aliases.toStored(request.path),
    query: new URLSearchParams([...request.query].map(([k, v]) => [k, aliases.toStored(v)])),
    headers,
    ...(request.body === undefined ? {} : { body: mapStrings(request.body, (s) => aliases.toStored(s)) }),
  };
}

const INCLUDES = ['_include', '_revinclude', '_include:iterate', '_revinclude:iterate'];

function checkSearch(type: string | undefined, query: URLSearchParams): RequestStep | undefined {
  const include = INCLUDES.find((k) => query.has(k));
  if (include) {
    return refuse(
      400,
      'not-supported',
      `The ${include} parameter is not supported; read the referenced resources with their own searches`,
    );
  }
  if (type === 'Observation') {
    const keys = [...query.keys()].map((k) => k.split(':')[0]);
    if (!keys.includes('category') && !keys.includes('code') && !keys.includes('_id')) {
      return refuse(400, 'required', 'Observation searches must include a category or a code parameter');
    }
  }
  return undefined;
}

async function onRequest(request: FhirRequest, ctx: ProfileContext): Promise<RequestStep> {
  const aliases = aliasesFor(ctx);
  await aliases.prepare(stringsOf(request));
  const bundle = bundleEntries(request);
  if (bundle && (bundle.type === 'batch' || bundle.type === 'transaction')) {
    const read = bundle.entries.find((e) => e.method === 'GET' || e.method === 'HEAD');
    if (read) {
      return refuse(
        400,
        'not-supported',
        `A ${bundle.type} may not contain reads (${read.method} ${read.url}); send each read as its own request`,
      );
    }
  }
  if (isSearch(request)) {
    const refused = checkSearch(requestType(request), request.query);
    if (refused) return refused;
    return forward(toStoredRequest({ ...request, query: capCount(request.query, EPIC_MAX_COUNT) }, aliases));
  }
  return forward(toStoredRequest(request, aliases));
}

async function onResponse(
  response: FhirResponse,
  _request: FhirRequest,
  ctx: ProfileContext,
): Promise<FhirResponse> {
  const aliases = aliasesFor(ctx);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    headers[name] = toPublic(value, undefined, aliases);
  if (response.body === undefined || typeof response.body === 'string') return { ...response, headers };
  const body = aliasPatientIds(
    mapStrings(response.body, (s, key) => toPublic(s, key, aliases)),
    aliases,
  );
  return { ...response, headers, body: withoutBatchInMetadata(body) };
}

/** The CapabilityStatement says what the profile refuses: no batch or transaction of reads. */
function withoutBatchInMetadata(body: unknown): unknown {
  const cs = body as { resourceType?: string; rest?: { interaction?: { code?: string }[] }[] };
  if (cs?.resourceType !== 'CapabilityStatement' || !Array.isArray(cs.rest)) return body;
  return {
    ...cs,
    rest: cs.rest.map((r) => ({
      ...r,
      interaction: (r.interaction ?? []).filter((i) => i.code !== 'batch'),
    })),
  };
}

const hasSpecial = (scopes: Scope[], name: string) =>
  scopes.some((s) => s.kind === 'special' && s.text === name);

export const EPIC_LIKE: LaunchProfile = {
  ...PASS_THROUGH,
  name: 'epic-like',
  label: 'Epic-like: SMART v1 scopes, no batch reads, Observation needs a category, long patient ids',
  smartConfiguration: (document) => discoveryWithout(document, ['permission-v2'], 2),
  grantScopes: (scopes) => scopes.filter((s) => s.kind === 'special' || s.version === 1),
  issuesRefreshToken: (scopes) => hasSpecial(scopes, 'offline_access'),
  // Inside Epic the chart around the app already shows who the patient is.
  needPatientBanner: (asked, ehrLaunch) => (ehrLaunch ? false : asked),
  publicPatientId: patientAlias,
  onRequest,
  onResponse,
};
