import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AuthServer } from '../auth/auth-server';
import type { FhirServer } from '../contract';
import { CDS_CLIENT_PREFIX, handleCdsClient } from '../cds-client/route';
import { handleLauncher } from '../launcher/launcher';
import { BodyTooLargeError } from './body';
import { answerPreflight, applyCors, isPreflight } from './cors';
import { delay } from './faults';
import { FHIR_PREFIX, handleFhir } from './fhir-gateway';
import { isProfileName, PROFILE_PATH, profilePrefix, type ProfileName } from '../profiles';
import { html, page } from './html';
import type { Knobs } from './knobs';
import type { RequestLog } from './request-log';
import { redirect, sendHtml, sendJson, sendOutcome } from './respond';
import { handleSandboxApi } from './sandbox-api';

export interface FrontDoorDeps {
  /** http://localhost:PORT */
  origin: string;
  fhirBaseUrl: string;
  appLaunchUrl: string;
  fhir: FhirServer;
  auth: AuthServer;
  knobs: Knobs;
  startKnobs: Readonly<Knobs>;
  log: RequestLog;
}

const SMART_CONFIGURATION_PATH = '/.well-known/smart-configuration';

/** The node:http listener that routes every path of the sandbox EHR. */
export function createFrontDoor(deps: FrontDoorDeps): RequestListener {
  return (req, res) => {
    route(req, res, deps).catch((err: unknown) => failSafely(res, err));
  };
}

/**
 * What a browser app on another origin may call: FHIR, discovery and the token endpoint. The login
 * pages, the launcher and the /sandbox tools are for the sandbox's own pages and for scripts, so a
 * page on another site can neither read them nor pass a preflight to change them.
 */
const CROSS_ORIGIN_PATHS = new Set(['/auth/token', '/auth/jwks', '/launcher/style.json']);

function isCrossOriginApi(path: string): boolean {
  return fhirProfileOf(path) !== undefined || CROSS_ORIGIN_PATHS.has(path);
}

/** Which FHIR base a path is under: `/fhir` (default) or a launch profile's `/profiles/<name>/fhir`. */
function fhirProfileOf(path: string): ProfileName | undefined {
  if (path === FHIR_PREFIX || path.startsWith(`${FHIR_PREFIX}/`)) return 'default';
  const name = PROFILE_PATH.exec(path)?.[1];
  return name && name !== 'default' && isProfileName(name) ? name : undefined;
}

async function route(req: IncomingMessage, res: ServerResponse, deps: FrontDoorDeps): Promise<void> {
  const url = new URL(req.url ?? '/', deps.origin);
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (isCrossOriginApi(path)) {
    applyCors(req, res);
    if (isPreflight(req)) return answerPreflight(req, res);
  } else if (isPreflight(req)) {
    return sendJson(res, 403, {
      error: 'cross_origin_refused',
      error_description: `${path} is not a cross-origin API`,
    });
  }

  const profile = fhirProfileOf(path);
  if (profile) {
    const prefix = profilePrefix(profile);
    const rest = path.slice(prefix.length);
    if (rest === SMART_CONFIGURATION_PATH || rest === `${SMART_CONFIGURATION_PATH}/`) {
      return method === 'GET'
        ? sendJson(res, 200, deps.auth.smartConfiguration(profile))
        : methodNotAllowed(res, 'GET');
    }
    return handleFhir(req, res, url, {
      fhir: deps.fhir,
      knobs: deps.knobs,
      log: deps.log,
      authenticate: (authorization) => deps.auth.authenticate(authorization),
      profile: { name: profile, prefix },
    });
  }
  switch (path) {
    case '/':
      return redirect(res, '/launcher');
    case '/auth/authorize':
      if (method === 'GET') return deps.auth.authorize(req, res, url);
      if (method === 'POST') return deps.auth.consent(req, res);
      return methodNotAllowed(res, 'GET, POST');
    case '/auth/token':
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      await delay(deps.knobs.latencyMs);
      return deps.auth.token(req, res);
    case '/auth/jwks':
      return method === 'GET' ? sendJson(res, 200, deps.auth.jwks()) : methodNotAllowed(res, 'GET');
    case '/launcher':
    case '/launcher/embedded':
    case '/launcher/style.json':
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      return handleLauncher(req, res, url, {
        fhirBaseUrl: deps.fhirBaseUrl,
        appLaunchUrl: deps.appLaunchUrl,
        people: deps.fhir,
        auth: deps.auth,
      });
  }
  if (path.startsWith(CDS_CLIENT_PREFIX))
    return handleCdsClient(req, res, url, {
      origin: deps.origin,
      fhir: deps.fhir,
      appLaunchUrl: deps.appLaunchUrl,
    });
  if (path.startsWith('/sandbox/') && (await handleSandboxApi(req, res, url, deps))) return;
  sendHtml(
    res,
    404,
    page(
      'Not found',
      html`<h1>Not found</h1>
        <p>Nothing lives at <code>${path}</code>.</p>`,
    ),
  );
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendJson(res, 405, { error: 'method_not_allowed' }, { allow });
}

/** One bad request must not take the sandbox down with it. */
function failSafely(res: ServerResponse, err: unknown): void {
  if (err instanceof BodyTooLargeError && !res.headersSent) {
    return sendOutcome(res, 413, 'too-costly', err.message);
  }
  // A browser that closed the tab (or a test that closed its context) mid-request is not a fault.
  const clientGone =
    (err as { code?: string } | undefined)?.code === 'ECONNRESET' || res.socket?.destroyed === true;
  if (clientGone) {
    res.destroy();
    return;
  }
  console.error('[sandbox] request failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendOutcome(res, 500, 'exception', 'The sandbox hit an internal error handling this request');
}
