import { isOk, OperationOutcomeError } from '@medplum/core';
import type { FhirRouter, HttpMethod } from '@medplum/fhir-router';
import type { Bundle, Resource } from 'fhir/r4';
import type { AccessCheck, FhirResponse, Interaction } from '../contract';
import { fromMedplum, isResourceLike, toMedplum } from './adapt';
import {
  FHIR_JSON,
  FhirHttpError,
  parseIfMatch,
  preferredBody,
  type Preferences,
  versionHeaders,
} from './http';
import { findMatches, type SearchContext } from './search';
import { selectCriteria } from './search-params';

/** Everything one request needs: storage, the caller's access check and the client's preferences. */
export interface InteractionContext extends SearchContext {
  access: AccessCheck;
  router: FhirRouter;
  prefer: Preferences;
}

export interface WriteOptions {
  /** Transactions pre-assign ids so urn:uuid references can point at them; plain POSTs never keep a client id. */
  keepId?: boolean;
}

/** The type-level scope check, before any work; the scoped repository checks each resource. */
export function requireAccess(ctx: InteractionContext, resourceType: string, interaction: Interaction): void {
  if (ctx.access(resourceType, interaction) !== 'ok') {
    throw new FhirHttpError(403, `The granted scopes do not allow ${interaction} on ${resourceType}`);
  }
}

/** Calls Medplum's router and unwraps its [outcome, resource] tuple, throwing on a non-OK outcome. */
async function route(
  ctx: InteractionContext,
  method: HttpMethod,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Resource | undefined> {
  const [outcome, resource] = await ctx.router.handleRequest(
    { method, url, pathname: '', params: {}, query: {}, body, headers },
    ctx.repo,
  );
  if (!isOk(outcome)) {
    throw new OperationOutcomeError(outcome);
  }
  return resource ? fromMedplum<Resource>(resource) : undefined;
}

export async function readCurrent(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
): Promise<Resource | undefined> {
  try {
    return fromMedplum<Resource>(await ctx.repo.readResource(resourceType, id));
  } catch (err) {
    if (err instanceof OperationOutcomeError && err.outcome.id === 'not-found') {
      return undefined;
    }
    throw err;
  }
}

function resourceResponse(ctx: InteractionContext, status: number, resource: Resource): FhirResponse {
  return {
    status,
    headers: { 'content-type': FHIR_JSON, ...versionHeaders(ctx.baseUrl, resource) },
    body: resource,
  };
}

function writeResponse(
  ctx: InteractionContext,
  status: number,
  resource: Resource,
  what: string,
): FhirResponse {
  const body = preferredBody(ctx.prefer.return, resource, what);
  const headers: Record<string, string> = { ...versionHeaders(ctx.baseUrl, resource) };
  if (body !== undefined) {
    headers['content-type'] = FHIR_JSON;
  }
  return { status, headers, body };
}

function requireResourceBody(body: unknown, resourceType: string): Resource {
  if (!isResourceLike(body)) {
    throw new FhirHttpError(400, 'The request body must be a FHIR resource in JSON');
  }
  if (body.resourceType !== resourceType) {
    throw new FhirHttpError(400, `The body is a ${body.resourceType} but the URL names ${resourceType}`);
  }
  return body;
}

/** Server-owned metadata: a client must not be able to pick its own versionId or timestamp. */
function withoutServerMeta<T extends Resource>(resource: T): T {
  const copy = structuredClone(resource);
  if (copy.meta) {
    delete copy.meta.versionId;
    delete copy.meta.lastUpdated;
  }
  return copy;
}

/** The current version: 404 when absent; the scoped repository answers 403 when it is out of reach. */
async function existing(ctx: InteractionContext, resourceType: string, id: string): Promise<Resource> {
  const resource = await readCurrent(ctx, resourceType, id);
  if (!resource) {
    throw new FhirHttpError(404, `${resourceType}/${id} not found`);
  }
  return resource;
}

/**
 * Checks `If-Match` against the current version (RFC 9110 §13.1.1): `*` matches any current
 * version, a version matches only itself, and nothing matches a resource that does not exist.
 * Returns the header Medplum should re-check in the same step as the write, if any.
 */
function checkIfMatch(
  resourceType: string,
  id: string,
  current: Resource | undefined,
  ifMatchHeader: string | undefined,
): Record<string, string> {
  const wanted = parseIfMatch(ifMatchHeader);
  if (wanted === undefined) {
    return {};
  }
  if (!current) {
    throw new FhirHttpError(
      412,
      `If-Match "${ifMatchHeader}" cannot match: ${resourceType}/${id} does not exist`,
    );
  }
  if (wanted === '*') {
    return {};
  }
  const version = current.meta?.versionId;
  if (version !== wanted) {
    throw new FhirHttpError(
      412,
      `Version conflict on ${resourceType}/${id}: If-Match asked for version ${wanted}, the current version is ${version}. Re-read it and apply your change again.`,
    );
  }
  return { 'if-match': `W/"${wanted}"` };
}

export async function read(ctx: InteractionContext, resourceType: string, id: string): Promise<FhirResponse> {
  return resourceResponse(ctx, 200, await existing(ctx, resourceType, id));
}

export async function vread(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
  versionId: string,
): Promise<FhirResponse> {
  const resource = await route(ctx, 'GET', `${resourceType}/${id}/_history/${versionId}`);
  if (!resource) {
    throw new FhirHttpError(404, `${resourceType}/${id}/_history/${versionId} not found`);
  }
  return resourceResponse(ctx, 200, resource);
}

export async function history(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  await existing(ctx, resourceType, id);
  const bundle = (await route(ctx, 'GET', `${resourceType}/${id}/_history`)) as Bundle | undefined;
  const entries = bundle?.entry ?? [];
  const body: Bundle = { resourceType: 'Bundle', type: 'history', total: entries.length, entry: entries };
  return { status: 200, headers: { 'content-type': FHIR_JSON }, body };
}

export async function create(
  ctx: InteractionContext,
  resourceType: string,
  body: unknown,
  ifNoneExist: string | undefined,
  opts: WriteOptions = {},
): Promise<FhirResponse> {
  const resource = withoutServerMeta(requireResourceBody(body, resourceType));
  if (!opts.keepId) {
    delete resource.id;
  }

  if (ifNoneExist) {
    const criteria = selectCriteria(resourceType, new URLSearchParams(ifNoneExist), true);
    if (criteria.length === 0) {
      throw new FhirHttpError(400, `If-None-Exist has no usable search criteria: ${ifNoneExist}`);
    }
    const matches = await findMatches(ctx, resourceType, criteria);
    if (matches.length > 1) {
      throw new FhirHttpError(
        412,
        `If-None-Exist "${ifNoneExist}" matched ${matches.length} ${resourceType} resources`,
      );
    }
    const [match] = matches;
    if (match) {
      // The client already wrote this (a retry). The search only saw what the caller may read.
      return writeResponse(ctx, 200, match, `${resourceType}/${match.id} already exists (If-None-Exist)`);
    }
  }

  const created = await route(ctx, 'POST', resourceType, toMedplum(resource));
  if (!created) {
    throw new FhirHttpError(500, `Creating ${resourceType} returned nothing`);
  }
  return writeResponse(ctx, 201, created, `Created ${resourceType}/${created.id}`);
}

export async function update(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
  body: unknown,
  ifMatchHeader: string | undefined,
): Promise<FhirResponse> {
  const resource = withoutServerMeta(requireResourceBody(body, resourceType));
  if (resource.id !== id) {
    throw new FhirHttpError(
      400,
      `The body's id (${resource.id ?? 'missing'}) must equal the id in the URL (${id})`,
    );
  }
  const current = await readCurrent(ctx, resourceType, id);
  const headers = checkIfMatch(resourceType, id, current, ifMatchHeader);
  const saved = await route(ctx, 'PUT', `${resourceType}/${id}`, toMedplum(resource), headers);
  if (!saved) {
    throw new FhirHttpError(500, `Updating ${resourceType}/${id} returned nothing`);
  }
  return writeResponse(
    ctx,
    current ? 200 : 201,
    saved,
    `${current ? 'Updated' : 'Created'} ${resourceType}/${id}`,
  );
}

/** PUT Type?criteria — update the single match, create when there is none (FHIR R4 §3.1.0.4.3). */
export async function conditionalUpdate(
  ctx: InteractionContext,
  resourceType: string,
  query: URLSearchParams,
  body: unknown,
  ifMatchHeader: string | undefined,
): Promise<FhirResponse> {
  const resource = requireResourceBody(body, resourceType);
  const criteria = selectCriteria(resourceType, query, true);
  if (criteria.length === 0) {
    throw new FhirHttpError(400, 'A conditional update needs search criteria in the URL');
  }
  const matches = await findMatches(ctx, resourceType, criteria);
  if (matches.length > 1) {
    throw new FhirHttpError(
      412,
      `Conditional update matched ${matches.length} ${resourceType} resources; it must match at most one`,
    );
  }
  const [match] = matches;
  if (match) {
    if (resource.id && resource.id !== match.id) {
      throw new FhirHttpError(
        400,
        `The body's id (${resource.id}) differs from the matched ${resourceType}/${match.id}`,
      );
    }
    return update(ctx, resourceType, match.id as string, { ...resource, id: match.id }, ifMatchHeader);
  }
  if (resource.id) {
    if (await readCurrent(ctx, resourceType, resource.id)) {
      throw new FhirHttpError(
        400,
        `${resourceType}/${resource.id} exists but does not match the conditional update criteria`,
      );
    }
    return update(ctx, resourceType, resource.id, resource, ifMatchHeader);
  }
  return create(ctx, resourceType, resource, undefined);
}

export async function remove(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  await route(ctx, 'DELETE', `${resourceType}/${id}`);
  return { status: 204, headers: {} };
}

export async function patch(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
  body: unknown,
  ifMatchHeader: string | undefined,
): Promise<FhirResponse> {
  if (!Array.isArray(body)) {
    throw new FhirHttpError(400, 'PATCH supports JSON Patch (application/json-patch+json) bodies only');
  }
  const headers = checkIfMatch(resourceType, id, await existing(ctx, resourceType, id), ifMatchHeader);
  const saved = await route(ctx, 'PATCH', `${resourceType}/${id}`, body, headers);
  if (!saved) {
    throw new FhirHttpError(500, `Patching ${resourceType}/${id} returned nothing`);
  }
  return writeResponse(ctx, 200, saved, `Patched ${resourceType}/${id}`);
}
