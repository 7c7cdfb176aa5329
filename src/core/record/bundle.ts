/** Building the read batch and taking its response apart, panel by panel. */
import type { Bundle, BundleEntry, FhirResource, OperationOutcome } from 'fhir/r4';
import type { PanelQuery } from './panels';

export function batchRequest(queries: readonly Pick<PanelQuery, 'url'>[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'batch',
    entry: queries.map((q) => ({ request: { method: 'GET', url: q.url } })),
  };
}

export interface PanelFailure {
  /** HTTP status, or 0 when the server gave none (network, malformed response). */
  status: number;
  message: string;
}

/** One page of one panel as it came from the server. */
export type PageResult =
  | {
      ok: true;
      resources: FhirResource[];
      next?: string;
      /** The search's match count, when the server states it (`Bundle.total`). */
      total?: number;
    }
  | { ok: false; failure: PanelFailure };

export function outcomeMessage(outcome: unknown): string | undefined {
  const oo = outcome as OperationOutcome | undefined;
  if (oo?.resourceType !== 'OperationOutcome') return undefined;
  const texts = (oo.issue ?? []).map((i) => i.diagnostics ?? i.details?.text).filter(Boolean);
  return texts.length ? texts.join('; ') : undefined;
}

/** A search-set Bundle (or a single resource, for reads) as one page of results. */
export function pageFromBody(body: unknown): PageResult {
  const res = body as FhirResource | undefined;
  if (!res || typeof res !== 'object' || typeof res.resourceType !== 'string') {
    return { ok: false, failure: { status: 0, message: 'The server sent something that is not FHIR.' } };
  }
  if (res.resourceType === 'OperationOutcome') {
    return {
      ok: false,
      failure: { status: 0, message: outcomeMessage(res) ?? 'The server reported an error.' },
    };
  }
  if (res.resourceType !== 'Bundle') return { ok: true, resources: [res] };
  const bundle = res as Bundle;
  const resources = (bundle.entry ?? [])
    // `_include`d and OperationOutcome entries are not results.
    .filter((e) => e.search?.mode !== 'outcome' && e.search?.mode !== 'include')
    .map((e) => e.resource)
    .filter((r): r is FhirResource => r !== undefined);
  const next = bundle.link?.find((l) => l.relation === 'next')?.url;
  const total = typeof bundle.total === 'number' && bundle.total >= 0 ? bundle.total : undefined;
  return {
    ok: true,
    resources,
    ...(next ? { next } : {}),
    ...(total === undefined ? {} : { total }),
  };
}

function statusCode(status: string | undefined): number {
  const n = Number.parseInt(status ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

/** Splits a batch-response into one page per query, in query order. */
export function pagesFromBatch(response: unknown, count: number): PageResult[] {
  const bundle = response as Bundle | undefined;
  const entries: (BundleEntry | undefined)[] =
    bundle?.resourceType === 'Bundle' && Array.isArray(bundle.entry) ? bundle.entry : [];
  return Array.from({ length: count }, (_, i): PageResult => {
    const entry = entries[i];
    if (!entry) {
      return { ok: false, failure: { status: 0, message: 'The server left this part of the record out.' } };
    }
    const status = statusCode(entry.response?.status);
    if (status >= 400) {
      return {
        ok: false,
        failure: {
          status,
          message:
            outcomeMessage(entry.response?.outcome ?? entry.resource) ?? `The server answered ${status}.`,
        },
      };
    }
    return pageFromBody(entry.resource);
  });
}
