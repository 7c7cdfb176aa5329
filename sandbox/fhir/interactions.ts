import { isOk, OperationOutcomeError } from '@medplum/core';
import type { FhirRouter, HttpMethod } from '@medplum/fhir-router';
import type { Bundle, Resource } from 'fhir/r4';
import type { FhirResponse, Interaction } from '../contract';
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
  router: FhirRouter;
  prefer: Preferences;
}

export interface WriteOptions {
  /** Transactions pre-assign ids so urn:uuid references can point at them; plain POSTs never keep a client id. */
  keepId?: boolean;
}

function forbidden(resourceType: string, interaction: Interaction, id?: string): FhirHttpError {
  const target = id ? `${resourceType}/${id}` : resourceType;
  return new FhirHttpError(403, `The granted scopes do not allow ${interaction} on ${target}`);
}

export function requireAccess(
  ctx: InteractionContext,
  resourceType: string,
  interaction: Interaction,
  resource?: Resource,
): void {
  if (ctx.access(resourceType, interaction, resource) !== 'ok') {
    throw forbidden(resourceType, interaction, resource?.id);
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

/** The current version of a resource this token may act on: 404 when absent, 403 when out of reach. */
async function existingFor(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
  interaction: Interaction,
): Promise<Resource> {
  const resource = await readCurrent(ctx, resourceType, id);
  if (!resource) {
    throw new FhirHttpError(404, `${resourceType}/${id} not found`);
  }
  requireAccess(ctx, resourceType, interaction, resource);
  return resource;
}

export async function read(ctx: InteractionContext, resourceType: string, id: string): Promise<FhirResponse> {
  const resource = await existingFor(ctx, resourceType, id, 'read');
  return resourceResponse(ctx, 200, resource);
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
  requireAccess(ctx, resourceType, 'read', resource);
  return resourceResponse(ctx, 200, resource);
}

export async function history(
  ctx: InteractionContext,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  await existingFor(ctx, resourceType, id, 'read');
  const bundle = (await route(ctx, 'GET', `${resourceType}/${id}/_history`)) as Bundle | undefined;
  const entries = (bundle?.entry ?? []).filter(
    (e) => e.resource && ctx.access(resourceType, 'read', e.resource) === 'ok',
  );
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
  requireAccess(ctx, resourceType, 'create', resource);

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
    const [existing] = matches;
    if (existing) {
      // The client already wrote this (a retry); it must be entitled to the record it gets back.
      requireAccess(ctx, resourceType, 'create', existing);
      return writeResponse(
        ctx,
        200,
        existing,
        `${resourceType}/${existing.id} already exists (If-None-Exist)`,
      );
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
  const existing = await readCurrent(ctx, resourceType, id);
  if (existing) {
    requireAccess(ctx, resourceType, 'update', existing);
  }
  requireAccess(ctx, resourceType, 'update', resource);

  const wanted = parseIfMatch(ifMatchHeader);
  if (wanted !== undefined) {
    if (!existing) {
      throw new FhirHttpError(
        412,
        `If-Match "${ifMatchHeader}" cannot match: ${resourceType}/${id} does not exist`,
      );
    }
    const current = existing.meta?.versionId;
    if (current !== wanted) {
      throw new FhirHttpError(
        412,
        `Version conflict on ${resourceType}/${id}: If-Match asked for version ${wanted}, the current version is ${current}. Re-read it and apply your change again.`,
      );
    }
  }
  // Pass the normalised precondition on so Medplum re-checks it in the same step as the write.
  const headers: Record<string, string> = wanted === undefined ? {} : { 'if-match': `W/"${wanted}"` };
  const saved = await route(ctx, 'PUT', `${resourceType}/${id}`, toMedplum(resource), headers);
  if (!saved) {
    throw new FhirHttpError(500, `Updating ${resourceType}/${id} returned nothing`);
  }
  return writeResponse(
    ctx,
    existing ? 200 : 201,
    saved,
    `${existing ? 'Updated' : 'Created'} ${resourceType}/${id}`,
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
  await existingFor(ctx, resourceType, id, 'delete');
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
  const existing = await existingFor(ctx, resourceType, id, 'update');
  const wanted = parseIfMatch(ifMatchHeader);
  if (wanted !== undefined && existing.meta?.versionId !== wanted) {
    throw new FhirHttpError(
      412,
      `Version conflict on ${resourceType}/${id}: If-Match asked for ${wanted}, current is ${existing.meta?.versionId}`,
    );
  }
  return ctx.repo.withTransaction(async () => {
    const saved = await route(ctx, 'PATCH', `${resourceType}/${id}`, body);
    if (!saved) {
      throw new FhirHttpError(500, `Patching ${resourceType}/${id} returned nothing`);
    }
    // Checked after the fact (inside the transaction) so a patch cannot move a record out of reach.
    requireAccess(ctx, resourceType, 'update', saved);
    return writeResponse(ctx, 200, saved, `Patched ${resourceType}/${id}`);
  });
}
