/**
 * The CDS Hooks 2.0 service over node:http: discovery, the three hooks, feedback, and a page per
 * rule's source. Stateless apart from the feedback file, so any number of replicas can run behind a
 * load balancer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, Resource } from 'fhir/r4';
import { nodeCodeSets } from '../src/cli/prompts';
import {
  acceptedLanguage,
  evaluateOrders,
  evaluatePrompts,
  grammaticalGender,
  OVERRIDE_REASON_SYSTEM,
  OVERRIDE_REASONS,
  type CodeSets,
  type Prompt,
} from '../src/core/prompts';
import { RULES } from '../src/core/prompts/rules/index';
import { createAuthenticator, type Authenticator, type TrustedClient } from './auth';
import { appLinkCard, promptCard, type CardContext, type ServiceCard } from './cards';
import { discovery, serviceById, type CdsServiceDefinition } from './discovery';
import { FeedbackStore, type FeedbackLine } from './feedback';
import { parseJsonBytes } from './json';
import { PrefetchError, readHookRecord, type FhirAuthorization } from './prefetch';

export interface CdsServiceOptions {
  /** Public base URL: what EHRs call and what `aud` must equal. */
  baseUrl: string;
  clients: readonly TrustedClient[];
  feedbackFile: string;
  appLaunchUrl: string;
  /** The evaluation day, YYYY-MM-DD; default the machine's calendar day. */
  today?: () => string;
  codes?: CodeSets;
}

export const MAX_BODY_BYTES = 20 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function localDay(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * CORS as CDS Hooks 2.0 asks: any origin (a browser-based EHR calls from its own), the Authorization
 * and Content-Type headers, GET/POST/OPTIONS. The origin is echoed rather than `*` so a client that
 * sends credentials is not refused by the browser.
 */
function cors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('access-control-allow-origin', origin ?? '*');
  if (origin) res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-allow-headers', 'Authorization, Content-Type');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'access-control-expose-headers',
    'Origin, Accept, Content-Location, Location, X-Requested-With',
  );
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The body's bytes as they arrived, in one Buffer (the chunks are copied once, at the end). */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/fhir+json')
    throw new HttpError(415, 'send the request as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      throw new HttpError(413, `the request is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

function parseBody(bytes: Buffer): unknown {
  try {
    // Never the body as one string: see cds-hooks/json.ts.
    return parseJsonBytes(bytes);
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The override reason a feedback item gives, as the feedback file records it. CDS Hooks 2.0 lets a
 * client offer reasons of its own besides the card's: "A CDS Client MAY augment the override reasons
 * presented to the user with its own reasons" (Card `overrideReasons`), and the clinician "may
 * provide an additional overrideReason" (feedback, "Explicit reject with override reasons"). So a
 * reason in another code system is real feedback and is not refused; it is written with its
 * system, and only a reason without one is ours (what `npm run metrics` counts by reason). A code
 * of our system must be one the card offered (every card offers `OVERRIDE_REASONS`): any other one
 * is no reason we defined, so the item is refused (400) rather than recorded as ours. A Coding
 * without a system cannot be told apart and is refused above (CDS Hooks' Coding requires it).
 */
function overrideReasonOf(coding: Record<string, unknown>, i: number): FeedbackLine['reason'] {
  const code = String(coding.code);
  const display = typeof coding.display === 'string' ? coding.display : '';
  if (coding.system !== OVERRIDE_REASON_SYSTEM) return { system: String(coding.system), code, display };
  if (!OVERRIDE_REASONS.some((r) => r.code === code))
    throw new HttpError(
      400,
      `feedback[${i}].overrideReason.reason: "${code}" is not one of the card's overrideReasons`,
    );
  return { code, display };
}

export interface CdsService {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Releases the feedback file. */
  close(): Promise<void>;
}

export function createCdsService(options: CdsServiceOptions): CdsService {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const auth: Authenticator = createAuthenticator({ clients: options.clients, baseUrl });
  const store = new FeedbackStore(options.feedbackFile);
  const codes = options.codes ?? nodeCodeSets();
  const today = options.today ?? (() => localDay());

  async function hook(
    req: IncomingMessage,
    res: ServerResponse,
    service: CdsServiceDefinition,
    authMs: number,
    pending: Promise<Buffer>,
  ): Promise<void> {
    let t0 = performance.now();
    // What is left of reading the body once the token is checked.
    const bytes = await pending;
    const readMs = performance.now() - t0;
    t0 = performance.now();
    const body = parseBody(bytes);
    const parseMs = performance.now() - t0;
    if (!isObject(body)) throw new HttpError(400, 'the request must be a JSON object');
    if (body.hook !== service.hook)
      throw new HttpError(400, `${service.id} answers the ${service.hook} hook, not "${String(body.hook)}"`);
    if (typeof body.hookInstance !== 'string' || !body.hookInstance)
      throw new HttpError(400, 'hookInstance is required');
    const context = body.context;
    if (!isObject(context) || typeof context.patientId !== 'string' || !context.patientId)
      throw new HttpError(400, 'context.patientId is required');
    const patientId = context.patientId;
    const draftOrders = context.draftOrders;
    if (service.hook !== 'patient-view' && !(isObject(draftOrders) && draftOrders.resourceType === 'Bundle'))
      throw new HttpError(400, `context.draftOrders (a Bundle) is required for ${service.hook}`);
    if (body.prefetch !== undefined && body.prefetch !== null && !isObject(body.prefetch))
      throw new HttpError(400, 'prefetch must be an object');
    const fa = body.fhirAuthorization;
    if (fa !== undefined && !(isObject(fa) && typeof fa.access_token === 'string'))
      throw new HttpError(400, 'fhirAuthorization needs an access_token');
    if (body.fhirServer !== undefined && typeof body.fhirServer !== 'string')
      throw new HttpError(400, 'fhirServer must be a URL');

    t0 = performance.now();
    const resources = await readHookRecord({
      patientId,
      prefetch: isObject(body.prefetch) ? body.prefetch : undefined,
      fhirServer: body.fhirServer,
      fhirAuthorization: fa as FhirAuthorization | undefined,
    });
    const patient = resources.find((r) => r.resourceType === 'Patient') as { gender?: string } | undefined;
    const ctx: CardContext = {
      patientId,
      baseUrl,
      appLaunchUrl: options.appLaunchUrl,
      // Weighted and ordered as RFC 9110 has it: `es;q=0.9, en;q=0.5` is Spanish.
      lang: acceptedLanguage(req.headers['accept-language']),
      gender: grammaticalGender(patient?.gender),
    };
    const prefetchMs = performance.now() - t0;
    t0 = performance.now();
    const date = today();
    let result: { prompts: readonly Prompt[] };
    let cardCtx = ctx;
    if (service.hook === 'patient-view') {
      result = evaluatePrompts({ resources, date }, codes);
    } else {
      const drafts = ((draftOrders as unknown as Bundle).entry ?? []).flatMap((e): Resource[] =>
        e.resource ? [e.resource] : [],
      );
      const selections = Array.isArray(context.selections)
        ? context.selections.filter((s): s is string => typeof s === 'string')
        : undefined;
      const orders = evaluateOrders(
        { resources, drafts, date, about: service.hook === 'order-select' ? selections : undefined },
        codes,
      );
      result = orders;
      cardCtx = { ...ctx, draftsOf: orders.draftsOf };
    }
    const engineMs = performance.now() - t0;
    t0 = performance.now();
    const issued: { uuid: string; rule: string }[] = [];
    const cards: ServiceCard[] = result.prompts.map((p) => {
      const card = promptCard(p, cardCtx);
      issued.push({ uuid: card.uuid, rule: p.rule });
      return card;
    });
    if (service.hook === 'patient-view') cards.push(appLinkCard(ctx));
    const cardsMs = performance.now() - t0;
    t0 = performance.now();
    const time = new Date().toISOString();
    store.cardsReturned(issued.map((c) => ({ ...c, patient: patientId, time })));
    const storeMs = performance.now() - t0;
    // Where the time went, for whoever operates the service (and the bench).
    const timing = {
      auth: authMs,
      body: readMs,
      parse: parseMs,
      prefetch: prefetchMs,
      engine: engineMs,
      cards: cardsMs,
      store: storeMs,
    };
    send(
      res,
      200,
      { cards },
      {
        'server-timing': Object.entries(timing)
          .map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`)
          .join(', '),
      },
    );
  }

  async function feedback(res: ServerResponse, pending: Promise<Buffer>): Promise<void> {
    const body = parseBody(await pending);
    if (!isObject(body) || !Array.isArray(body.feedback) || body.feedback.length === 0)
      throw new HttpError(400, 'the request must be {"feedback": [ … ]}');
    const lines: FeedbackLine[] = [];
    const unknownCards: string[] = [];
    for (const [i, item] of body.feedback.entries()) {
      if (!isObject(item) || typeof item.card !== 'string')
        throw new HttpError(400, `feedback[${i}].card (the card's uuid) is required`);
      if (item.outcome !== 'accepted' && item.outcome !== 'overridden')
        throw new HttpError(400, `feedback[${i}].outcome must be "accepted" or "overridden"`);
      const reasonCoding = isObject(item.overrideReason) ? item.overrideReason.reason : undefined;
      if (
        reasonCoding !== undefined &&
        !(
          isObject(reasonCoding) &&
          typeof reasonCoding.code === 'string' &&
          typeof reasonCoding.system === 'string'
        )
      )
        throw new HttpError(
          400,
          `feedback[${i}].overrideReason.reason must be a Coding with a system and a code`,
        );
      const reason = isObject(reasonCoding) ? overrideReasonOf(reasonCoding, i) : undefined;
      const stamp = typeof item.outcomeTimestamp === 'string' ? Date.parse(item.outcomeTimestamp) : NaN;
      const card = await store.cardOf(item.card);
      if (!card) {
        unknownCards.push(item.card);
        continue;
      }
      lines.push({
        kind: 'feedback',
        uuid: item.card,
        rule: card.rule,
        patient: card.patient,
        outcome: item.outcome,
        ...(reason ? { reason } : {}),
        time: Number.isNaN(stamp) ? new Date().toISOString() : new Date(stamp).toISOString(),
      });
    }
    // A retry's items are written once (per replica: see FeedbackStore.record).
    store.record(lines);
    send(res, 200, unknownCards.length ? { unknownCards } : {});
  }

  function sourcePage(res: ServerResponse, rule: string): void {
    const entry = RULES.find((r) => r.id === rule);
    if (!entry) return send(res, 404, { error: 'not_found', message: `no rule ${rule}` });
    const { label, citation, section } = entry.meta.source;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'",
    });
    res.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(rule)}: source</title>` +
        `<h1>Value-care prompt ${escapeHtml(rule)}</h1><p>${escapeHtml(label)}</p>` +
        `<p>Citation: ${escapeHtml(citation)}</p><p>Rule specification: ${escapeHtml(section)}</p></html>`,
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    cors(req, res);
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://service').pathname.replace(/\/+$/, '') || '/';
    if (method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-max-age': '600' });
      return void res.end();
    }
    if (path === '/cds-services') {
      if (method !== 'GET') throw new HttpError(405, 'GET only');
      return send(res, 200, discovery());
    }
    const source = /^\/sources\/([^/]+)$/.exec(path);
    if (source && method === 'GET') return sourcePage(res, decodeURIComponent(source[1] ?? ''));
    const m = /^\/cds-services\/([^/]+)(\/feedback)?$/.exec(path);
    const service = m ? serviceById(decodeURIComponent(m[1] ?? '')) : undefined;
    if (!m || !service) throw new HttpError(404, `no CDS service at ${path}`);
    if (method !== 'POST') throw new HttpError(405, 'POST only');
    // The body keeps arriving while the signature is checked (it is only read, never parsed, before
    // the token is known good); a bad token is still answered 401 before anything the body says.
    const body = readBody(req);
    body.catch(() => req.resume());
    const t0 = performance.now();
    const who = await auth.verify(req.headers.authorization, path);
    const authMs = performance.now() - t0;
    if (!who.ok) {
      req.resume();
      console.warn(`[cds-hooks] 401 ${path}: ${who.reason}`);
      return send(res, 401, { error: 'unauthorized', message: who.reason }, { 'www-authenticate': 'Bearer' });
    }
    return m[2] ? feedback(res, body) : hook(req, res, service, authMs, body);
  }

  return {
    close: async () => store.close(),
    handle(req, res) {
      route(req, res).catch((err: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (err instanceof HttpError || err instanceof PrefetchError) {
          if (err.status === 405) res.setHeader('allow', err.message.startsWith('GET') ? 'GET' : 'POST');
          return send(res, err.status, {
            error: err.status === 412 ? 'precondition_failed' : 'bad_request',
            message: err.message,
          });
        }
        console.error('[cds-hooks] request failed:', err instanceof Error ? (err.stack ?? err.message) : err);
        send(res, 500, { error: 'internal', message: 'The service hit an internal error' });
      });
    },
  };
}

export interface RunningCdsService {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the service on `port` (0 = any free one). */
export async function startCdsService(
  options: Omit<CdsServiceOptions, 'baseUrl'> & { baseUrl?: string; port: number; host?: string },
): Promise<RunningCdsService> {
  // The base URL needs the port, so the service is made once the server listens.
  const ready: { service?: CdsService } = {};
  const server = createServer((req, res) => {
    if (ready.service) ready.service.handle(req, res);
    else send(res, 503, { error: 'starting', message: 'The service is still starting' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? 'localhost', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  ready.service = createCdsService({ ...options, baseUrl: options.baseUrl ?? url });
  return {
    url,
    server,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      await ready.service?.close();
    },
  };
}
