/**
 * oracle-like: the constraints Oracle Health's (Cerner) Millennium FHIR R4 API documents (see
 * README, "Launch profiles"): SMART v2 scopes, a lower `_count` cap, paging only through the
 * server's opaque `next` links, and search parameters it does not support answered with a warning
 * in the Bundle (the parameter is ignored) instead of an error.
 */
import type { Bundle, BundleEntry, BundleLink, OperationOutcome } from 'fhir/r4';
import type { FhirRequest, FhirResponse } from '../contract';
import { PageTokens } from './page-tokens';
import {
  capCount,
  discoveryWithout,
  forward,
  isSearch,
  PASS_THROUGH,
  refuse,
  type LaunchProfile,
  type ProfileContext,
  type RequestStep,
} from './profile';

export const ORACLE_MAX_COUNT = 100;
/** The query parameter of a page link; nothing else may accompany it. */
export const PAGE_PARAM = '-pageContext';
/** Accepted by the sandbox, not by this EHR: dropped with a warning. */
export const UNSUPPORTED_PARAMS = [
  '_sort',
  '_elements',
  '_summary',
  '_total',
  '_lastUpdated',
  '_text',
  '_content',
  '_has',
];

const tokensByServer = new WeakMap<object, PageTokens>();

function tokensFor(ctx: ProfileContext): PageTokens {
  let tokens = tokensByServer.get(ctx.fhir);
  if (!tokens) {
    tokens = new PageTokens();
    tokensByServer.set(ctx.fhir, tokens);
  }
  return tokens;
}

/** Parameters the handler did not see, per request, for the warning on the way out. */
const ignored = new WeakMap<FhirRequest, string[]>();

async function onRequest(request: FhirRequest, ctx: ProfileContext): Promise<RequestStep> {
  if (!isSearch(request)) return forward(request);
  if (request.query.has(PAGE_PARAM)) {
    const keys = [...new Set(request.query.keys())];
    const page = tokensFor(ctx).resolve(request.query.get(PAGE_PARAM) ?? '');
    if (keys.length > 1 || request.method !== 'GET') {
      return refuse(
        400,
        'invalid',
        `A page link must be followed exactly as the server gave it: ${PAGE_PARAM} takes no other parameters`,
      );
    }
    if (!page || page.path !== request.path) {
      return refuse(
        400,
        'invalid',
        'This page link is unknown or has expired; run the search again from its first page',
      );
    }
    return forward({ ...request, query: new URLSearchParams(page.query) });
  }
  const query = capCount(request.query, ORACLE_MAX_COUNT);
  const dropped = [
    ...new Set([...query.keys()].filter((k) => UNSUPPORTED_PARAMS.includes(k.split(':')[0]!))),
  ];
  for (const key of dropped) query.delete(key);
  const forwarded: FhirRequest = { ...request, query };
  if (dropped.length > 0) ignored.set(forwarded, dropped);
  return forward(forwarded);
}

function warning(params: string[]): BundleEntry {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: params.map((p) => ({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: `The search parameter ${p} is not supported and was ignored`,
    })),
  };
  return { resource: outcome, search: { mode: 'outcome' } };
}

async function onResponse(
  response: FhirResponse,
  request: FhirRequest,
  ctx: ProfileContext,
): Promise<FhirResponse> {
  const bundle = response.body as Bundle | undefined;
  if (!isSearch(request) || bundle?.resourceType !== 'Bundle') return response;
  const tokens = tokensFor(ctx);
  const link = (bundle.link ?? []).flatMap((l): BundleLink[] => {
    // Only `self` keeps the query; the way on is a token, the way back is the search's own first page.
    if (l.relation === 'self') return [l];
    if (l.relation !== 'next') return [];
    const url = new URL(l.url);
    const path = url.pathname.slice(new URL(ctx.serverBase).pathname.length);
    const token = tokens.issue(path, url.search.slice(1));
    return [{ relation: 'next', url: `${ctx.serverBase}${path}?${PAGE_PARAM}=${token}` }];
  });
  const dropped = ignored.get(request) ?? [];
  const entry = [...(bundle.entry ?? []), ...(dropped.length > 0 ? [warning(dropped)] : [])];
  const body: Bundle = { ...bundle, link, ...(entry.length > 0 ? { entry } : {}) };
  return { ...response, body };
}

export const ORACLE_LIKE: LaunchProfile = {
  ...PASS_THROUGH,
  name: 'oracle-like',
  label:
    'Oracle-like: SMART v2 scopes, small pages with opaque next links, unsupported parameters ignored with a warning',
  smartConfiguration: (document) => discoveryWithout(document, ['permission-v1'], 1),
  grantScopes: (scopes) => scopes.filter((s) => s.kind === 'special' || s.version === 2),
  onRequest,
  onResponse,
};
