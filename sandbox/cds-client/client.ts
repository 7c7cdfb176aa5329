/**
 * The sandbox EHR as a CDS client, as the public CDS Hooks sandbox is: it reads the patient's record
 * for the prefetch the service's discovery asks for, signs one short-lived JWT per call with its own
 * key (published at /cds-client/jwks, which the service's default allow-list trusts) and posts the hook.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, FhirResource, MedicationRequest, ServiceRequest } from 'fhir/r4';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { SANDBOX_CDS_JWKS_PATH } from '../../cds-hooks/config';
import type { AccessCheck, FhirServer } from '../contract';

export const CDS_ALG = 'ES384';
export const DEFAULT_CDS_URL = 'http://localhost:8090';
const CALL_TIMEOUT_MS = 10_000;

interface ClientKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

let keys: Promise<ClientKeys> | undefined;
/** One key per sandbox process, like the sandbox's id_token key. */
function clientKeys(): Promise<ClientKeys> {
  keys ??= (async () => {
    const pair = await generateKeyPair(CDS_ALG);
    const jwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return { privateKey: pair.privateKey, publicJwk: { ...jwk, kid, alg: CDS_ALG, use: 'sig' } };
  })();
  return keys;
}

export async function cdsClientJwks(): Promise<{ keys: JWK[] }> {
  return { keys: [(await clientKeys()).publicJwk] };
}

/** The CDS service the sandbox calls: CDS_HOOKS_BASE_URL, as the service itself reads it. */
export function cdsServiceUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.CDS_HOOKS_BASE_URL?.trim() || DEFAULT_CDS_URL).replace(/\/+$/, '');
}

export async function signHookJwt(origin: string, audience: string): Promise<string> {
  const k = await clientKeys();
  return new SignJWT({})
    .setProtectedHeader({
      alg: CDS_ALG,
      typ: 'JWT',
      kid: k.publicJwk.kid,
      jku: `${origin}${SANDBOX_CDS_JWKS_PATH}`,
    })
    .setIssuer(origin)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(randomUUID())
    .sign(k.privateKey);
}

/** The EHR reading its own store: no token, every resource of the record. */
const EHR_ACCESS: AccessCheck = () => 'ok';

/** One prefetch value: a read, or a search with every page (the service gets no FHIR access). */
async function prefetchValue(fhir: FhirServer, query: string): Promise<FhirResource | Bundle | null> {
  let url: URL | undefined = new URL(query, `${fhir.baseUrl}/`);
  const base = new URL(`${fhir.baseUrl}/`);
  let first: Bundle | undefined;
  while (url) {
    const res = await fhir.handle(
      {
        method: 'GET',
        path: `/${url.pathname.slice(base.pathname.length)}`,
        query: url.searchParams,
        headers: {},
      },
      EHR_ACCESS,
    );
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`the sandbox FHIR server answered ${res.status} to ${query}`);
    const body = res.body as FhirResource;
    if (body.resourceType !== 'Bundle') return body;
    if (!first) first = { ...body, entry: [...(body.entry ?? [])], link: [] };
    else first.entry?.push(...(body.entry ?? []));
    const next = body.link?.find((l) => l.relation === 'next')?.url;
    url = next ? new URL(next) : undefined;
  }
  return first ?? null;
}

export interface ServiceInfo {
  id: string;
  hook: string;
  prefetch?: Record<string, string>;
}

export type HookOutcome =
  | { status: 'ok'; cards: CdsCardView[] }
  | { status: 'unavailable'; message: string }
  | { status: 'error'; message: string };

/** The parts of a returned card the sandbox chart shows. */
export interface CdsCardView {
  uuid?: string;
  summary: string;
  detail?: string;
  indicator: string;
  source: { label: string; url?: string; topic?: { code?: string } };
  suggestions?: { label: string; actions?: { type: string; description?: string }[] }[];
  overrideReasons?: { code?: string; display?: string }[];
  links?: { label: string; url: string; type: string }[];
}

export interface CallOptions {
  origin: string;
  fhir: FhirServer;
  patientId: string;
  userId: string;
  hook: 'patient-view' | 'order-select';
  draft?: ServiceRequest | MedicationRequest;
  serviceUrl?: string;
}

function unreachable(err: unknown, serviceUrl: string): HookOutcome {
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.name : '');
  return {
    status: 'unavailable',
    message: `The CDS Hooks service at ${serviceUrl} is not answering (${cause || 'no answer'}). Start it with "npm run cds-hooks"; the chart works without its cards.`,
  };
}

async function discover(serviceUrl: string): Promise<ServiceInfo[]> {
  const res = await fetch(`${serviceUrl}/cds-services`, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`discovery answered ${res.status}`);
  return ((await res.json()) as { services?: ServiceInfo[] }).services ?? [];
}

/** Calls the service for one hook; never throws: the chart says what happened instead. */
export async function callHook(o: CallOptions): Promise<HookOutcome> {
  const serviceUrl = o.serviceUrl ?? cdsServiceUrl();
  let services: ServiceInfo[];
  try {
    services = await discover(serviceUrl);
  } catch (err) {
    return err instanceof Error && err.message.startsWith('discovery')
      ? { status: 'error', message: `The CDS Hooks service's ${err.message}.` }
      : unreachable(err, serviceUrl);
  }
  const service = services.find((s) => s.hook === o.hook);
  if (!service) return { status: 'error', message: `The CDS Hooks service offers no ${o.hook} service.` };
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(service.prefetch ?? {})) {
    prefetch[key] = await prefetchValue(
      o.fhir,
      template
        .replaceAll('{{context.patientId}}', encodeURIComponent(o.patientId))
        .replaceAll('{{context.userId}}', o.userId),
    );
  }
  const url = `${serviceUrl}/cds-services/${encodeURIComponent(service.id)}`;
  const context: Record<string, unknown> = { userId: o.userId, patientId: o.patientId };
  if (o.hook === 'order-select') {
    context.draftOrders = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: o.draft ? [{ resource: o.draft }] : [],
    };
    context.selections = o.draft ? [`${o.draft.resourceType}/${o.draft.id ?? ''}`] : [];
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await signHookJwt(o.origin, url)}`,
      },
      body: JSON.stringify({ hook: o.hook, hookInstance: randomUUID(), context, prefetch }),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (err) {
    return unreachable(err, serviceUrl);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 300);
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
    } catch {
      // not JSON: the start of the text says enough
    }
    const hint =
      res.status === 401
        ? ' The service does not trust this sandbox: run it without CDS_HOOKS_CLIENTS, or list this sandbox in that file.'
        : '';
    return { status: 'error', message: `The CDS Hooks service answered ${res.status}: ${message}.${hint}` };
  }
  return { status: 'ok', cards: (JSON.parse(text) as { cards?: CdsCardView[] }).cards ?? [] };
}
