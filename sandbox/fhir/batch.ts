import { STATUS_CODES } from 'node:http';
import type { Bundle, BundleEntry, BundleEntryResponse, OperationOutcome, Resource } from 'fhir/r4';
import type { FhirRequest, FhirResponse } from '../contract';
import { isResourceLike } from './adapt';
import { FHIR_JSON, FhirHttpError, operationOutcome } from './http';
import type { InteractionContext, WriteOptions } from './interactions';
import { parseConditionalReference, rewriteReferences } from './references';
import { yieldToEventLoop } from './repository';
import { findMatches } from './search';
import { selectCriteria } from './search-params';

/**
 * The most entries one batch or transaction may carry. The app's whole-record read is 11; with
 * pages capped at MAX_PAGE_SIZE this bounds one request's work, and more is refused before any runs.
 */
export const MAX_BUNDLE_ENTRIES = 50;

/** Runs one entry as if it were its own HTTP request, with the same access check as the Bundle. */
export type EntryRunner = (req: FhirRequest, opts: WriteOptions) => Promise<FhirResponse>;

interface EntryPlan {
  index: number;
  method: string;
  /** Relative to the base, without a leading slash; may carry a query. */
  url: string;
  fullUrl: string | undefined;
  resource: Resource | undefined;
  headers: Record<string, string | undefined>;
  keepId: boolean;
}

/** Thrown inside a transaction to abandon it; the repository journal undoes the earlier entries. */
class EntryFailed extends Error {
  constructor(
    readonly plan: EntryPlan,
    readonly response: FhirResponse,
  ) {
    super(`entry ${plan.index} failed`);
  }
}

export async function processBundle(
  ctx: InteractionContext,
  body: unknown,
  run: EntryRunner,
): Promise<FhirResponse> {
  if (!isResourceLike(body) || body.resourceType !== 'Bundle') {
    throw new FhirHttpError(400, 'POST to the base URL needs a Bundle of type batch or transaction');
  }
  const bundle = body as Bundle;
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw new FhirHttpError(400, `Bundle.type must be batch or transaction, got "${bundle.type}"`);
  }
  const entries = bundle.entry ?? [];
  if (entries.length > MAX_BUNDLE_ENTRIES) {
    throw new FhirHttpError(
      413,
      `A ${bundle.type} may carry at most ${MAX_BUNDLE_ENTRIES} entries; this one has ${entries.length}. Split it into smaller Bundles.`,
    );
  }
  const result =
    bundle.type === 'batch' ? await runBatch(ctx, entries, run) : await runTransaction(ctx, entries, run);
  return { status: 200, headers: { 'content-type': FHIR_JSON }, body: result };
}

function planEntry(ctx: InteractionContext, entry: BundleEntry, index: number): EntryPlan {
  const request = entry.request;
  if (!request?.method || !request.url) {
    throw new FhirHttpError(400, `Bundle.entry[${index}].request needs a method and a url`);
  }
  const url = request.url.startsWith(`${ctx.baseUrl}/`)
    ? request.url.slice(ctx.baseUrl.length + 1)
    : request.url;
  return {
    index,
    method: request.method.toUpperCase(),
    url: url.replace(/^\//, ''),
    fullUrl: entry.fullUrl,
    resource: entry.resource ? structuredClone(entry.resource) : undefined,
    headers: {
      'if-match': request.ifMatch,
      'if-none-exist': request.ifNoneExist,
      'if-none-match': request.ifNoneMatch,
      prefer: ctx.prefer.return === 'representation' ? undefined : `return=${ctx.prefer.return}`,
    },
    keepId: false,
  };
}

function toRequest(plan: EntryPlan): FhirRequest {
  const [path = '', query = ''] = plan.url.split('?', 2);
  if (plan.method === 'POST' && path === '') {
    throw new FhirHttpError(400, `Bundle.entry[${plan.index}]: nested batches are not supported`);
  }
  return {
    method: plan.method,
    path: `/${path}`,
    query: new URLSearchParams(query),
    headers: plan.headers,
    body: plan.resource,
  };
}

function toEntry(response: FhirResponse): BundleEntry {
  const out: BundleEntryResponse = {
    status: `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim(),
  };
  if (response.headers['location']) {
    out.location = response.headers['location'];
  }
  if (response.headers['etag']) {
    out.etag = response.headers['etag'];
  }
  if (response.headers['last-modified']) {
    out.lastModified = new Date(response.headers['last-modified']).toISOString();
  }
  const entry: BundleEntry = { response: out };
  if (isResourceLike(response.body)) {
    if (response.body.resourceType === 'OperationOutcome' && response.status >= 400) {
      out.outcome = response.body;
    } else {
      entry.resource = response.body;
    }
  }
  return entry;
}

async function runBatch(ctx: InteractionContext, entries: BundleEntry[], run: EntryRunner): Promise<Bundle> {
  const results: BundleEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    // Other requests (another tab, /metadata) get their turn between entries.
    await yieldToEventLoop();
    let response: FhirResponse;
    try {
      response = await run(toRequest(planEntry(ctx, entry, index)), {});
    } catch (err) {
      const status = err instanceof FhirHttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      response = { status, headers: {}, body: operationOutcome(status, message) };
    }
    results.push(toEntry(response));
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: results };
}

/** FHIR's processing order for transactions: deletes, creates, updates, then reads. */
const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

async function runTransaction(
  ctx: InteractionContext,
  entries: BundleEntry[],
  run: EntryRunner,
): Promise<Bundle> {
  const plans = entries.map((entry, index) => planEntry(ctx, entry, index));
  const identities = await assignIdentities(ctx, plans);
  await resolveReferences(ctx, plans, identities);
  const ordered = [...plans].sort(
    (a, b) => (ORDER[a.method] ?? 4) - (ORDER[b.method] ?? 4) || a.index - b.index,
  );
  const results = new Array<BundleEntry>(plans.length);
  try {
    await ctx.repo.withTransaction(async () => {
      for (const plan of ordered) {
        await yieldToEventLoop();
        const response = await run(toRequest(plan), { keepId: plan.keepId });
        if (response.status >= 400) {
          throw new EntryFailed(plan, response);
        }
        results[plan.index] = toEntry(response);
      }
    });
  } catch (err) {
    if (err instanceof EntryFailed) {
      const outcome = err.response.body as OperationOutcome | undefined;
      const reason = outcome?.issue?.[0]?.diagnostics ?? `status ${err.response.status}`;
      throw new FhirHttpError(
        err.response.status,
        `Transaction rolled back: entry ${err.plan.index} (${err.plan.method} ${err.plan.url}) failed: ${reason}`,
      );
    }
    throw err;
  }
  return { resourceType: 'Bundle', type: 'transaction-response', entry: results };
}

/**
 * Gives every entry that creates something its final `Type/id` before anything runs, so
 * `urn:uuid:` references between entries can be rewritten up front (FHIR http.html#trules).
 */
async function assignIdentities(ctx: InteractionContext, plans: EntryPlan[]): Promise<Map<string, string>> {
  const identities = new Map<string, string>();
  const remember = (plan: EntryPlan, reference: string): void => {
    if (!plan.fullUrl) {
      return;
    }
    if (identities.has(plan.fullUrl)) {
      throw new FhirHttpError(400, `Duplicate fullUrl in transaction: ${plan.fullUrl}`);
    }
    identities.set(plan.fullUrl, reference);
  };
  for (const plan of plans) {
    const [path = '', query] = plan.url.split('?', 2);
    const resource = plan.resource;
    if (plan.method === 'POST' && resource) {
      const existing = plan.headers['if-none-exist']
        ? await findMatches(
            ctx,
            path,
            selectCriteria(path, new URLSearchParams(plan.headers['if-none-exist']), true),
          )
        : [];
      if (existing.length === 1 && existing[0]) {
        remember(plan, `${path}/${existing[0].id}`);
        continue;
      }
      resource.id = ctx.repo.generateId();
      plan.keepId = true;
      remember(plan, `${path}/${resource.id}`);
    } else if (plan.method === 'PUT' && resource && query !== undefined) {
      const matches = await findMatches(ctx, path, selectCriteria(path, new URLSearchParams(query), true));
      const target =
        matches.length === 1
          ? matches[0]?.id
          : matches.length === 0
            ? (resource.id ?? ctx.repo.generateId())
            : undefined;
      if (target === undefined) {
        throw new FhirHttpError(
          412,
          `Bundle.entry[${plan.index}]: conditional update matched ${matches.length} resources`,
        );
      }
      resource.id = target;
      plan.url = `${path}/${target}`;
      remember(plan, plan.url);
    } else if (plan.method === 'PUT') {
      remember(plan, path);
    }
  }
  return identities;
}

async function resolveReferences(
  ctx: InteractionContext,
  plans: EntryPlan[],
  identities: Map<string, string>,
): Promise<void> {
  const conditional = new Map<string, string>();
  for (const plan of plans) {
    rewriteReferences(plan.resource, (reference) => {
      const known = identities.get(reference);
      if (known) {
        return known;
      }
      if (parseConditionalReference(reference)) {
        conditional.set(reference, reference);
      }
      return undefined;
    });
  }
  for (const reference of conditional.keys()) {
    const parsed = parseConditionalReference(reference);
    if (!parsed) {
      continue;
    }
    const matches = await findMatches(
      ctx,
      parsed.resourceType,
      selectCriteria(parsed.resourceType, new URLSearchParams(parsed.query), true),
    );
    if (matches.length !== 1 || !matches[0]) {
      throw new FhirHttpError(
        412,
        `Conditional reference ${reference} matched ${matches.length} resources; it must match exactly one`,
      );
    }
    conditional.set(reference, `${parsed.resourceType}/${matches[0].id}`);
  }
  if (conditional.size > 0) {
    for (const plan of plans) {
      rewriteReferences(plan.resource, (reference) => conditional.get(reference));
    }
  }
}
