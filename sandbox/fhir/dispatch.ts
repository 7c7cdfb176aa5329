import type { FhirRouter } from '@medplum/fhir-router';
import type { CapabilityStatement } from 'fhir/r4';
import type { AccessCheck, FhirRequest, FhirResponse } from '../contract';
import { processBundle } from './batch';
import { errorToResponse, FHIR_JSON, FhirHttpError, parsePrefer } from './http';
import {
  conditionalUpdate,
  create,
  history,
  type InteractionContext,
  patch,
  read,
  remove,
  requireAccess,
  update,
  vread,
  type WriteOptions,
} from './interactions';
import { interactionFor, parseRoute } from './route';
import type { SandboxRepository } from './repository';
import { ScopedRepository } from './scoped-repository';
import { searchType } from './search';

/** What a request runs against; the repository is swapped on reset, so it is read per call. */
export interface Backend {
  readonly baseUrl: string;
  repo(): SandboxRepository;
  readonly router: FhirRouter;
  capabilityStatement(): CapabilityStatement;
}

const json = (status: number, body: unknown): FhirResponse => ({
  status,
  headers: { 'content-type': FHIR_JSON },
  body,
});

/** Decodes an HTTP request, checks the caller may make it, and runs it. Never throws. */
export async function dispatch(
  backend: Backend,
  req: FhirRequest,
  access: AccessCheck,
  opts: WriteOptions = {},
): Promise<FhirResponse> {
  try {
    const method = req.method.toUpperCase();
    const route = parseRoute(req.path);
    if (route.kind === 'metadata') {
      if (method !== 'GET') {
        throw new FhirHttpError(405, `${method} is not allowed on /metadata`);
      }
      return json(200, backend.capabilityStatement());
    }

    const prefer = parsePrefer(req.headers['prefer']);
    const ctx: InteractionContext = {
      repo: new ScopedRepository(backend.repo(), access),
      router: backend.router,
      baseUrl: backend.baseUrl,
      access,
      strict: prefer.strictHandling,
      prefer,
    };

    if (route.kind === 'system') {
      if (method !== 'POST') {
        throw new FhirHttpError(
          405,
          `${method} on the base URL is not supported (system search is not offered)`,
        );
      }
      return await processBundle(ctx, req.body, (entry, entryOpts) =>
        dispatch(backend, entry, access, entryOpts),
      );
    }

    const interaction = interactionFor(route, method);
    if (!interaction) {
      throw new FhirHttpError(405, `${method} is not allowed on ${req.path}`);
    }
    requireAccess(ctx, route.resourceType, interaction);

    switch (route.kind) {
      case 'type':
        if (method === 'GET') {
          return json(200, await searchType(ctx, route.resourceType, req.query));
        }
        if (method === 'POST') {
          return await create(ctx, route.resourceType, req.body, req.headers['if-none-exist'], opts);
        }
        return await conditionalUpdate(ctx, route.resourceType, req.query, req.body, req.headers['if-match']);
      case 'search-post':
        // The front door has already moved the form-encoded parameters into the query.
        return json(200, await searchType(ctx, route.resourceType, req.query));
      case 'instance':
        if (method === 'GET') {
          return await read(ctx, route.resourceType, route.id);
        }
        if (method === 'PUT') {
          return await update(ctx, route.resourceType, route.id, req.body, req.headers['if-match']);
        }
        if (method === 'PATCH') {
          return await patch(ctx, route.resourceType, route.id, req.body, req.headers['if-match']);
        }
        return await remove(ctx, route.resourceType, route.id);
      case 'history':
        return await history(ctx, route.resourceType, route.id);
      case 'version':
        return await vread(ctx, route.resourceType, route.id, route.versionId);
    }
  } catch (err) {
    return errorToResponse(err);
  }
}
