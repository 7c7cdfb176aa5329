/**
 * The record a hook is evaluated on: each rule input from the request's prefetch, or — when the key
 * was not sent — from `fhirServer` with `fhirAuthorization`, following the search's `next` links.
 * A key sent as `null` means the EHR has no such data. When a key can be had neither way the hook
 * answers 412 (CDS Hooks 2.0, "Prefetch").
 */
import type { Bundle, Resource } from 'fhir/r4';
import type { RecordInput } from '../src/core/prompts/inputs';
import type { InputSearch } from '../src/core/prompts/reads';
import { problemWith } from '../src/core/record/validate';
import { PATIENT_TOKEN, prefetchSearches } from './discovery';

export interface FhirAuthorization {
  access_token: string;
  token_type: string;
}

export interface RecordRequest {
  patientId: string;
  prefetch: Record<string, unknown> | undefined;
  fhirServer: string | undefined;
  fhirAuthorization: FhirAuthorization | undefined;
}

export class PrefetchError extends Error {
  constructor(
    readonly status: 400 | 412,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const FETCH_TIMEOUT_MS = 10_000;
/** Enough for a long record, and a stop for a server whose `next` links never end. */
const MAX_PAGES = 100;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The FHIR base the EHR named, if the service may call it: https, or http on this machine only. */
export function fhirBase(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    throw new PrefetchError(400, `fhirServer "${raw}" is not a URL`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url;
  throw new PrefetchError(400, `fhirServer must be https (http only on this machine), got "${raw}"`);
}

async function get(url: URL, req: RecordRequest, key: string): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (req.fhirAuthorization) headers.authorization = `Bearer ${req.fhirAuthorization.access_token}`;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    throw new PrefetchError(
      412,
      `prefetch "${key}" was not sent and ${url.origin} could not be reached (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new PrefetchError(412, `prefetch "${key}" was not sent and the FHIR server answered ${res.status}`);
  }
  return res.json();
}

/** A search's resources of the input's type, page after page from the server when it has more. */
async function searchResources(
  first: Bundle,
  key: string,
  input: RecordInput,
  req: RecordRequest,
  base: URL | undefined,
): Promise<Resource[]> {
  const out: Resource[] = [];
  let bundle: Bundle = first;
  for (let page = 1; ; page++) {
    for (const e of bundle.entry ?? [])
      if (e.resource?.resourceType === input.resourceType && e.search?.mode !== 'outcome')
        out.push(e.resource);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!next) return out;
    if (!base)
      throw new PrefetchError(
        412,
        `prefetch "${key}" has more pages and no fhirServer was given to read them`,
      );
    const url = new URL(next, base);
    // The token goes only to the server the EHR named.
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname))
      throw new PrefetchError(412, `prefetch "${key}": the next page ${url.origin} is not on fhirServer`);
    if (page >= MAX_PAGES) throw new PrefetchError(412, `prefetch "${key}" has more than ${MAX_PAGES} pages`);
    const body = await get(url, req, key);
    if (!isObject(body) || body.resourceType !== 'Bundle')
      throw new PrefetchError(412, `prefetch "${key}": a next page was not a Bundle`);
    bundle = body as unknown as Bundle;
  }
}

async function readInput(
  search: InputSearch,
  req: RecordRequest,
  base: URL | undefined,
): Promise<Resource[]> {
  const { key, input } = search;
  const sent = req.prefetch && Object.hasOwn(req.prefetch, key) ? req.prefetch[key] : undefined;
  if (sent === null) return [];
  // An OperationOutcome in place of the data says the EHR could not fetch it: read it ourselves.
  let value: unknown = isObject(sent) && sent.resourceType !== 'OperationOutcome' ? sent : undefined;
  if (value === undefined) {
    if (!base)
      throw new PrefetchError(412, `prefetch "${key}" was not sent and no fhirServer was given to read it`);
    // The same narrowed query the template asks the EHR for.
    const url = new URL(search.query.replace(PATIENT_TOKEN, encodeURIComponent(req.patientId)), base);
    if (!input.byId) url.searchParams.set('_count', '1000');
    value = await get(url, req, key);
  }
  if (!isObject(value)) throw new PrefetchError(400, `prefetch "${key}" is not a FHIR resource`);
  if (input.byId) {
    if (value.resourceType !== input.resourceType || value.id !== req.patientId)
      throw new PrefetchError(400, `prefetch "${key}" must be ${input.resourceType}/${req.patientId}`);
    return [value as unknown as Resource];
  }
  if (value.resourceType !== 'Bundle') throw new PrefetchError(400, `prefetch "${key}" must be a Bundle`);
  return searchResources(value as unknown as Bundle, key, input, req, base);
}

/**
 * Every rule input for the patient, or a PrefetchError saying which key could not be had. A
 * resource two narrowed searches both return (a blood-pressure panel found by its code and by its
 * systolic component) is kept once. A resource too malformed for the rules to read (an Observation
 * with no code) is left out, as the app leaves it out of its panel: the cards come from the rest.
 */
export async function readHookRecord(req: RecordRequest): Promise<Resource[]> {
  const base = fhirBase(req.fhirServer);
  const parts = await Promise.all(prefetchSearches().map((search) => readInput(search, req, base)));
  const seen = new Set<string>();
  const out: Resource[] = [];
  for (const part of parts)
    for (const r of part) {
      if (problemWith(r.resourceType, r)) continue;
      if (r.id !== undefined) {
        const ref = `${r.resourceType}/${r.id}`;
        if (seen.has(ref)) continue;
        seen.add(ref);
      }
      out.push(r);
    }
  return out;
}
