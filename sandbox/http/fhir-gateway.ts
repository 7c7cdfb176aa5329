import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessCheck, FhirRequest, FhirResponse, FhirServer } from '../contract';
import type { Authentication } from '../auth/bearer';
import { wwwAuthenticate } from '../auth/bearer';
import { handleUnderProfile } from '../profiles/apply';
import type { ProfileName } from '../profiles';
import { BodyTooLargeError, mediaType, readBody } from './body';
import { delay, shouldInjectFailure } from './faults';
import type { Knobs } from './knobs';
import type { RequestLog } from './request-log';
import { sendOutcome } from './respond';

export const FHIR_PREFIX = '/fhir';

export interface FhirGatewayDeps {
  fhir: FhirServer;
  knobs: Knobs;
  log: RequestLog;
  authenticate(authorization: string | undefined): Promise<Authentication>;
  /** The launch profile whose base this request came to (`/profiles/<name>/fhir`); default `/fhir`. */
  profile?: { name: ProfileName; prefix: string };
}

/** What an anonymous /metadata request may touch: nothing beyond the CapabilityStatement itself. */
const DENY_ALL: AccessCheck = () => 'forbidden';

/** Credentials stop here: the FHIR half neither needs nor logs them. */
const WITHHELD_HEADERS = new Set(['authorization', 'cookie']);

/** Everything under /fhir except the smart-configuration document. */
export async function handleFhir(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: FhirGatewayDeps,
): Promise<void> {
  const start = Date.now();
  const profile = deps.profile ?? { name: 'default', prefix: FHIR_PREFIX };
  const path = url.pathname.slice(profile.prefix.length) || '/';
  const tokenInQuery = url.searchParams.has('access_token');
  res.once('close', () => {
    deps.log.add({
      method: req.method ?? 'GET',
      path: tokenInQuery ? url.pathname : url.pathname + url.search,
      start,
      end: Date.now(),
      status: res.statusCode,
    });
  });
  if (tokenInQuery) {
    // RFC 9700 §4.3.2: a token in a URL ends up in logs, histories and Referer headers.
    return refuseTokenInUrl(res);
  }
  await delay(deps.knobs.latencyMs);
  const isMetadata = path === '/metadata' || path === '/metadata/';
  if (!isMetadata && shouldInjectFailure(deps.knobs)) {
    return sendOutcome(res, 503, 'transient', 'Sandbox fault injection: service unavailable', {
      'retry-after': '1',
    });
  }
  const auth = await deps.authenticate(req.headers.authorization);
  // A stale token must not break discovery: /metadata answers with or without one.
  if (!auth.ok && !isMetadata) {
    return sendOutcome(res, 401, 'login', auth.description, { 'www-authenticate': wwwAuthenticate(auth) });
  }
  // A token serves only the profile of the launch that got it, as a real token serves one server.
  if (auth.ok && (auth.claims.profile ?? 'default') !== profile.name) {
    const failure = {
      error: 'invalid_token' as const,
      description: `This access token was issued for the ${auth.claims.profile ?? 'default'} FHIR base, not this one`,
    };
    return sendOutcome(res, 401, 'login', failure.description, {
      'www-authenticate': wwwAuthenticate(failure),
    });
  }
  const access = auth.ok ? auth.access : DENY_ALL;
  const parsed = await parseRequest(req, url, path);
  if (!parsed.ok)
    return sendOutcome(
      res,
      parsed.status,
      parsed.status === 413 ? 'too-costly' : parsed.status === 415 ? 'not-supported' : 'structure',
      parsed.message,
    );
  if (parsed.request.query.has('access_token')) return refuseTokenInUrl(res);
  await writeFhirResponse(res, await handleUnderProfile(profile.name, parsed.request, access, deps.fhir));
}

function refuseTokenInUrl(res: ServerResponse): void {
  const failure = {
    error: 'invalid_request',
    description: 'Send the access token in the Authorization header, not in the URL or a form body',
  };
  sendOutcome(res, 401, 'login', failure.description, { 'www-authenticate': wwwAuthenticate(failure) });
}

/**
 * JSON as R4 names it, the plain JSON type R4 also allows, DSTU2's name some EHRs still accept, and
 * JSON Patch for PATCH. XML is not served, so it is refused like any other type.
 */
const FHIR_BODY_TYPES = new Set([
  'application/fhir+json',
  'application/json',
  'application/json+fhir',
  'application/json-patch+json',
]);

type Parsed = { ok: true; request: FhirRequest } | { ok: false; status: number; message: string };

async function parseRequest(req: IncomingMessage, url: URL, path: string): Promise<Parsed> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (WITHHELD_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const query = new URLSearchParams(url.search);
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ok: false, status: 413, message: err.message };
    throw err;
  }
  const request: FhirRequest = { method: (req.method ?? 'GET').toUpperCase(), path, query, headers };
  if (raw.length === 0) return { ok: true, request };
  const text = raw.toString('utf8');
  const type = mediaType(req);
  if (!FHIR_BODY_TYPES.has(type) && type !== 'application/x-www-form-urlencoded') {
    // R4 http.html: "The correct mime type SHALL be used by clients"; a real server answers 415.
    return {
      ok: false,
      status: 415,
      message: type
        ? `A FHIR request body must be sent as application/fhir+json, not ${type}`
        : 'A FHIR request body must say what it is: Content-Type: application/fhir+json',
    };
  }
  if (type === 'application/x-www-form-urlencoded') {
    // POST [type]/_search sends its parameters as a form; the FHIR half sees them as query parameters.
    for (const [key, value] of new URLSearchParams(text)) query.append(key, value);
    return { ok: true, request };
  }
  try {
    request.body = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON' };
  }
  return { ok: true, request };
}

/** Above this size a body goes out in pieces, with a turn for other requests between them. */
const CHUNK_BYTES = 256 * 1024;

async function writeFhirResponse(res: ServerResponse, response: FhirResponse): Promise<void> {
  const headers: Record<string, string> = { ...response.headers };
  const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  if (!hasContentType) headers['content-type'] = 'application/fhir+json; charset=utf-8';
  if (!isBundleWithEntries(response.body)) {
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers);
    res.end(text);
    return;
  }
  // A batch of full pages is tens of megabytes: one JSON.stringify of it would hold every other
  // request up for the whole of it, so Bundles are serialised entry by entry.
  res.writeHead(response.status, headers);
  let pending = '';
  for (const piece of jsonPieces(response.body)) {
    pending += piece;
    if (pending.length >= CHUNK_BYTES) {
      if (!res.write(pending)) await new Promise((resolve) => res.once('drain', resolve));
      pending = '';
      await new Promise((resolve) => setImmediate(resolve));
      if (res.destroyed) return;
    }
  }
  res.end(pending);
}

function isBundleWithEntries(value: unknown): value is { entry: unknown[] } & Record<string, unknown> {
  const record = value as { resourceType?: unknown; entry?: unknown } | null;
  return record?.resourceType === 'Bundle' && Array.isArray(record.entry) && record.entry.length > 0;
}

/** The JSON text of `value`, as consecutive pieces: one per Bundle entry, recursing into nested Bundles. */
function* jsonPieces(value: unknown): Generator<string> {
  if (!isBundleWithEntries(value)) {
    yield JSON.stringify(value);
    return;
  }
  const { entry, ...rest } = value;
  const head = JSON.stringify(rest);
  yield `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"entry":[`;
  for (const [i, item] of entry.entries()) {
    if (i > 0) yield ',';
    const { resource, ...entryRest } = (item ?? {}) as { resource?: unknown } & Record<string, unknown>;
    if (isBundleWithEntries(resource)) {
      const entryHead = JSON.stringify(entryRest);
      yield `${entryHead.slice(0, -1)}${entryHead.length > 2 ? ',' : ''}"resource":`;
      yield* jsonPieces(resource);
      yield '}';
    } else {
      yield JSON.stringify(item);
    }
  }
  yield ']}';
}
