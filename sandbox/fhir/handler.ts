import { STATUS_CODES } from 'node:http';
import { isOk, isResourceType, parseSearchRequest, getReferenceString } from '@medplum/core';
import {
  FhirRouter,
  type FhirRouteHandler,
  type FhirRouteMetadata,
  type HttpMethod,
  type RestInteraction,
  type RouteResult,
} from '@medplum/fhir-router';
import type {
  Bundle,
  BundleEntry,
  BundleEntryResponse,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import type { CapabilityStatement } from 'fhir/r4';
import type { AccessCheck, FhirRequest, FhirResponse, Interaction } from '../contract';
import { fromMedplum, isResourceLike } from './adapt';
import {
  errorToResponse,
  FHIR_JSON,
  FhirHttpError,
  outcomeResponse,
  parseIfMatch,
  parsePrefer,
  preferredBody,
  type Preferences,
  statusOf,
  versionHeaders,
  withDiagnostics,
} from './http';
import { normalizeSearchParams } from './match';
import { parseConditionalReference, rewriteReferences } from './references';
import { type SandboxRepository, yieldToEventLoop } from './repository';
import { ScopedRepository } from './scoped-repository';

/**
 * The most entries one batch or transaction may carry. The app's whole-record read is 11; with
 * pages capped at MAX_PAGE_SIZE this bounds one request's work, and more is refused before any runs.
 */
export const MAX_BUNDLE_ENTRIES = 50;

/** What a request runs against; the store is swapped on reset, so it is read per call. */
export interface Backend {
  readonly baseUrl: string;
  store(): SandboxRepository;
  readonly router: FhirRouter;
  capabilityStatement(): CapabilityStatement;
}

const SCOPE_FOR: Partial<Record<RestInteraction, Interaction>> = {
  'search-type': 'search',
  create: 'create',
  read: 'read',
  vread: 'read',
  'history-instance': 'read',
  update: 'update',
  patch: 'update',
  delete: 'delete',
};
/** Types that exist in R4 but are never stored by themselves, so a request for them is a 404. */
const UNSERVED = new Set(['Bundle', 'Parameters', 'OperationOutcome', 'DomainResource', 'Resource']);
const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Medplum's router with the type-level scope check in front of every route it finds, for a
 * request and for each Bundle entry alike (its batch processor looks entries up here too).
 */
export class ScopedRouter extends FhirRouter {
  override find(
    method: HttpMethod,
    url: string,
  ): RouteResult<FhirRouteHandler, FhirRouteMetadata> | undefined {
    const found = super.find(method, url);
    if (!found) {
      return undefined;
    }
    const handler: FhirRouteHandler = async (req, repo, router, options) => {
      // Between the entries of a batch, other requests (another tab, /metadata) get their turn.
      await yieldToEventLoop();
      const interaction = found.data?.interaction;
      const { resourceType, id } = req.params;
      if (interaction === 'batch' && !options?.batch) {
        return found.handler(req, repo, router, options);
      }
      const scope = interaction && SCOPE_FOR[interaction];
      if (!scope || !resourceType || (!id && (method === 'DELETE' || method === 'PATCH'))) {
        throw new FhirHttpError(405, `${method} ${url.split('?')[0] || '/'} is not supported by this server`);
      }
      if (!isResourceType(resourceType) || UNSERVED.has(resourceType)) {
        throw new FhirHttpError(404, `Unknown resource type "${resourceType}"`);
      }
      (repo as ScopedRepository).requireType(resourceType, scope);
      return found.handler(req, repo, router, options);
    };
    return { ...found, handler };
  }
}

function decodePath(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new FhirHttpError(400, `The path segment "${segment}" is not valid percent-encoding`);
      }
    });
}

function requireResourceBody(body: unknown, resourceType: string, id: string | undefined): void {
  if (!isResourceLike(body)) {
    throw new FhirHttpError(400, 'The request body must be a FHIR resource in JSON');
  }
  if (body.resourceType !== resourceType) {
    throw new FhirHttpError(400, `The body is a ${body.resourceType} but the URL names ${resourceType}`);
  }
  if (id !== undefined && body.id !== id) {
    throw new FhirHttpError(
      400,
      `The body's id (${body.id ?? 'missing'}) must equal the id in the URL (${id})`,
    );
  }
}

/**
 * If-Match as RFC 9110 §13.1.1 has it — `*` matches any current version, nothing matches an absent
 * resource — in every form clients send; Medplum reads only a quoted version, and not on PATCH.
 */
function checkIfMatch(
  target: string,
  current: Resource | undefined,
  header: string | undefined,
): string | undefined {
  const wanted = parseIfMatch(header);
  if (wanted === undefined) {
    return undefined;
  }
  if (!current) {
    throw new FhirHttpError(412, `If-Match "${header}" cannot match: ${target} does not exist`);
  }
  if (wanted !== '*' && current.meta?.versionId !== wanted) {
    throw new FhirHttpError(
      412,
      `Version conflict on ${target}: If-Match asked for version ${wanted}, the current version is ${current.meta?.versionId}. Re-read it and apply your change again.`,
    );
  }
  return wanted === '*' ? undefined : `W/"${wanted}"`;
}

/**
 * bdl-7 (R4 bundle.html): "FullUrl must be unique in a bundle, or else entries with the same fullUrl
 * must have different meta.versionId". Medplum took the second entry's placeholder for the first's.
 */
function requireUniqueFullUrls(entries: readonly BundleEntry[]): void {
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    if (!entry.fullUrl) continue;
    const key = `${entry.fullUrl}|${entry.resource?.meta?.versionId ?? ''}`;
    if (seen.has(key)) {
      throw new FhirHttpError(
        400,
        `Bundle.entry[${i}].fullUrl ${entry.fullUrl} is also another entry's: bdl-7 (R4 bundle.html) requires fullUrl to be unique in a Bundle`,
      );
    }
    seen.add(key);
  }
}

/**
 * R4 http.html §3.1.0.11.1 (batch): "there SHALL be no interdependencies between the different
 * entries in the Bundle that cause change on the server … Servers SHALL validate that this is the
 * case", and "References within a Bundle.entry.resource to another Bundle.entry.resource that is
 * being created within the batch are considered to be non-conformant". Such a Bundle is refused
 * whole (400) before any entry runs: the fault is the Bundle's, and running only some of its entries
 * would leave the one that was referred to created alone. Medplum's batch processor resolved the
 * reference as if the batch were a transaction, so a client relying on that passed here and failed
 * on a real server.
 */
function requireIndependentEntries(entries: readonly BundleEntry[]): void {
  const fullUrls = new Map<string, number>();
  entries.forEach((entry, i) => entry.fullUrl && fullUrls.set(entry.fullUrl, i));
  for (const [i, entry] of entries.entries()) {
    rewriteReferences(entry.resource, (reference) => {
      const target = fullUrls.get(reference);
      if (target !== undefined && target !== i) {
        throw new FhirHttpError(
          400,
          `Bundle.entry[${i}] refers to entry[${target}] (${reference}): entries of a batch may not depend on each other (R4 http.html, batch); send them as a transaction`,
        );
      }
      return undefined;
    });
  }
}

/**
 * What Medplum's batch processor lacks: the entry limit, absolute entry URLs, bare If-Match
 * versions, and conditional references (`Patient?identifier=…`) in a transaction, resolved
 * through the caller's view so a hidden match is no match.
 */
async function prepareBundle(repo: ScopedRepository, baseUrl: string, body: unknown): Promise<Bundle> {
  if (!isResourceLike(body) || body.resourceType !== 'Bundle') {
    throw new FhirHttpError(400, 'POST to the base URL needs a Bundle of type batch or transaction');
  }
  const bundle = structuredClone(body) as unknown as Bundle;
  const entries = bundle.entry ?? [];
  if (entries.length > MAX_BUNDLE_ENTRIES) {
    throw new FhirHttpError(
      413,
      `A ${bundle.type} may carry at most ${MAX_BUNDLE_ENTRIES} entries; this one has ${entries.length}. Split it into smaller Bundles.`,
    );
  }
  requireUniqueFullUrls(entries);
  if (bundle.type === 'batch') {
    requireIndependentEntries(entries);
  }
  for (const { request } of entries) {
    if (request?.url?.startsWith(`${baseUrl}/`)) {
      request.url = request.url.slice(baseUrl.length + 1);
    }
    const version = request && parseIfMatch(request.ifMatch);
    if (request && version) {
      request.ifMatch = version === '*' ? undefined : `W/"${version}"`;
    }
  }
  if (bundle.type !== 'transaction') {
    return bundle;
  }
  const resolved = new Map<string, string>();
  for (const entry of entries) {
    rewriteReferences(entry.resource, (reference) => {
      if (parseConditionalReference(reference)) {
        resolved.set(reference, reference);
      }
      return undefined;
    });
  }
  for (const reference of resolved.keys()) {
    const matches = await repo.searchResources({ ...parseSearchRequest(reference), count: 2 });
    if (matches.length !== 1 || !matches[0]) {
      const n = matches.length > 1 ? 'more than one' : '0';
      throw new FhirHttpError(
        412,
        `Conditional reference ${reference} matched ${n} resources; it must match exactly one`,
      );
    }
    resolved.set(reference, getReferenceString(matches[0]));
  }
  for (const entry of entries) {
    rewriteReferences(entry.resource, (reference) => resolved.get(reference));
  }
  return bundle;
}

/** A Bundle entry's response as HTTP would carry it: the status text and the version headers. */
function entryResponse(entry: BundleEntry, baseUrl: string, prefer: Preferences): BundleEntry {
  const outcome = entry.response?.outcome as OperationOutcome | undefined;
  const status = outcome ? statusOf(outcome) : Number(entry.response?.status ?? 200);
  const response: BundleEntryResponse = { status: `${status} ${STATUS_CODES[status] ?? ''}`.trim() };
  if (status >= 400 && outcome) {
    return { response: { ...response, outcome: withDiagnostics(outcome) as OperationOutcome } };
  }
  const resource = entry.resource;
  if (!resource || resource.resourceType === 'Bundle') {
    return resource ? { response, resource } : { response };
  }
  const headers = versionHeaders(baseUrl, fromMedplum(resource));
  response.location = headers['location'];
  response.etag = headers['etag'];
  response.lastModified = resource.meta?.lastUpdated;
  return prefer.return === 'minimal' ? { response } : { response, resource };
}

/** Decodes an HTTP request, runs it through Medplum's router against the caller's view, and shapes the answer. Never throws. */
export async function handle(backend: Backend, req: FhirRequest, access: AccessCheck): Promise<FhirResponse> {
  try {
    const method = req.method.toUpperCase();
    const segments = decodePath(req.path);
    const [type, id, ...rest] = segments;
    if (type === 'metadata' && id === undefined) {
      if (method !== 'GET') {
        throw new FhirHttpError(405, `${method} is not allowed on /metadata`);
      }
      return { status: 200, headers: { 'content-type': FHIR_JSON }, body: backend.capabilityStatement() };
    }
    if (!METHODS.has(method)) {
      throw new FhirHttpError(405, `${method} is not supported by this server`);
    }
    const { baseUrl } = backend;
    const prefer = parsePrefer(req.headers['prefer']);
    const repo = new ScopedRepository(backend.store(), access, { baseUrl, strict: prefer.strictHandling });
    let query: Record<string, string[]> = {};
    for (const [key, value] of req.query) {
      (query[key] ??= []).push(value);
    }
    const searched = id === undefined || id === '_search' ? type : rest.length === 1 ? rest[0] : undefined;
    if (searched && isResourceType(searched)) {
      query = normalizeSearchParams(searched, query);
    }
    const headers: Record<string, string | undefined> = { ...req.headers };
    let body = req.body;
    let current: Resource | undefined;
    if (type === undefined && method === 'POST') {
      body = await prepareBundle(repo, baseUrl, body);
    } else if (id === '_search') {
      // Medplum reads POST _search parameters from the body; the front door has moved them to the query.
      body = query;
    } else if ((method === 'POST' || method === 'PUT') && type !== undefined && isResourceType(type)) {
      requireResourceBody(body, type, method === 'PUT' ? id : undefined);
    }
    if (type && id && rest.length === 0 && (method === 'PUT' || method === 'PATCH')) {
      current = await repo.current(type, id, 'update');
      headers['if-match'] = checkIfMatch(`${type}/${id}`, current, req.headers['if-match']);
    }
    const [outcome, resource] = await backend.router.handleRequest(
      {
        method: method as HttpMethod,
        url: segments.join('/'),
        pathname: '',
        params: {},
        query,
        body,
        headers,
        config: { transactions: true },
      },
      repo,
    );
    if (!isOk(outcome)) {
      const rolledBack = (body as Bundle | undefined)?.type === 'transaction' && type === undefined;
      return outcomeResponse(outcome, rolledBack ? 'Transaction rolled back: ' : '');
    }
    if (!resource) {
      return { status: 204, headers: {} };
    }
    if (resource.resourceType === 'Bundle') {
      const bundle = resource.type?.endsWith('-response')
        ? { ...resource, entry: resource.entry?.map((e) => entryResponse(e, baseUrl, prefer)) }
        : resource;
      return { status: 200, headers: { 'content-type': FHIR_JSON }, body: bundle };
    }
    const r4 = fromMedplum(resource);
    const status = method === 'PUT' && id && !current ? 201 : statusOf(outcome);
    if (method === 'GET') {
      return { status, headers: { 'content-type': FHIR_JSON, ...versionHeaders(baseUrl, r4) }, body: r4 };
    }
    const written = preferredBody(
      prefer.return,
      r4,
      `${status === 201 ? 'Created' : method === 'POST' ? 'Already exists:' : 'Updated'} ${getReferenceString(resource)}`,
    );
    const writeHeaders: Record<string, string> = versionHeaders(baseUrl, r4);
    if (written !== undefined) {
      writeHeaders['content-type'] = FHIR_JSON;
    }
    return { status, headers: writeHeaders, body: written };
  } catch (err) {
    return errorToResponse(err);
  }
}
