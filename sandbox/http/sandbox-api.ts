import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FhirServer } from '../contract';
import { personName } from '../launcher/people';
import { mediaType, readBody } from './body';
import { parseKnobsPatch, type Knobs } from './knobs';
import type { RequestLog } from './request-log';
import { sendJson } from './respond';

export interface SandboxApiDeps {
  /** The sandbox's own origin: the only one a browser may call these from. */
  origin: string;
  fhir: FhirServer;
  /** The live object every handler reads. */
  knobs: Knobs;
  /** What /sandbox/reset goes back to. */
  startKnobs: Readonly<Knobs>;
  log: RequestLog;
}

/** /sandbox/*: the tools' and tests' control panel. Returns false for paths it does not own. */
export async function handleSandboxApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: SandboxApiDeps,
): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  if (!KNOWN_ROUTES.has(route)) return false;
  const refusal = crossSiteRefusal(req, deps.origin);
  if (refusal) {
    sendJson(res, refusal.status, { error: refusal.error });
    return true;
  }
  switch (route) {
    case 'GET /sandbox/knobs':
      sendJson(res, 200, deps.knobs);
      return true;
    case 'POST /sandbox/knobs':
      await updateKnobs(req, res, deps.knobs);
      return true;
    case 'POST /sandbox/reset':
      await deps.fhir.reset();
      Object.assign(deps.knobs, deps.startKnobs);
      sendJson(res, 200, { reset: true, knobs: deps.knobs });
      return true;
    case 'GET /sandbox/log':
      sendJson(res, 200, deps.log.list());
      return true;
    case 'DELETE /sandbox/log':
      deps.log.clear();
      res.writeHead(204).end();
      return true;
    case 'GET /sandbox/patients':
      sendJson(
        res,
        200,
        (await deps.fhir.listPatients()).map((p) => ({
          id: p.id,
          name: personName(p),
          birthDate: p.birthDate,
          gender: p.gender,
        })),
      );
      return true;
    default:
      return false;
  }
}

const KNOWN_ROUTES = new Set([
  'GET /sandbox/knobs',
  'POST /sandbox/knobs',
  'POST /sandbox/reset',
  'GET /sandbox/log',
  'DELETE /sandbox/log',
  'GET /sandbox/patients',
]);

/**
 * A browser names the page's origin on every cross-origin request and on every POST; scripts and
 * test tools send none. Anything from another origin is refused, and a POST must say it is JSON:
 * an HTML form can only send form or plain-text bodies, so no page can fire one at these without
 * a preflight, which the front door does not grant here.
 */
function crossSiteRefusal(
  req: IncomingMessage,
  origin: string,
): { status: number; error: string } | undefined {
  const from = req.headers.origin;
  if (from !== undefined && from !== origin) {
    return { status: 403, error: `Requests from ${from} may not use the sandbox tools` };
  }
  if (req.method === 'POST' && mediaType(req) !== 'application/json') {
    return { status: 415, error: 'POST to the sandbox tools needs content-type: application/json' };
  }
  return undefined;
}

async function updateKnobs(req: IncomingMessage, res: ServerResponse, knobs: Knobs): Promise<void> {
  let input: unknown;
  try {
    input = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8') || '{}');
  } catch {
    return sendJson(res, 400, { error: 'The body must be a JSON object of knobs' });
  }
  const result = parseKnobsPatch(input);
  if (!result.ok) return sendJson(res, 400, { error: result.error });
  Object.assign(knobs, result.patch);
  sendJson(res, 200, knobs);
}
