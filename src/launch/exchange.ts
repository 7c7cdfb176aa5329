/**
 * The code-for-token exchange of the SMART redirect, as the app page's first act.
 *
 * fhirclient's `ready()` would send it too, but only once its own module and everything the entry
 * imports have been evaluated: on a 2-core machine that is about a round trip after the page's
 * scripts arrive, spent before the first request the first screen needs can leave. Here the request
 * leaves from the app page's first script (src/app/exchange-first.ts), before the entry's module
 * graph; the answer is written into fhirclient's state exactly as `ready()` writes it (tokenResponse
 * and expiresAt under the `state` key), so `ready()`, run after the sign-in has awaited this
 * exchange (src/launch/exchange-slot.ts), finds the launch authorized and does not exchange the code
 * again.
 *
 * Only the plain case is taken: a public client completing in this window. A confidential or
 * asymmetric client, a launch that must complete in another window, a reload that is already
 * authorized, or a `state` this tab never stored is left to `ready()` untouched — so is every error
 * it reports (a forged state stays "no state found").
 */
import { startedExchanges } from './exchange-slot';
import { decode } from './shims/base64';
import type { TabStore } from './tab-storage';

/** The part of fhirclient's stored state the exchange reads and writes (fhirclient's own names). */
interface StoredState {
  tokenUri?: string;
  redirectUri?: string;
  clientId?: string;
  codeVerifier?: string;
  clientSecret?: string;
  clientPrivateJwk?: unknown;
  completeInTarget?: boolean;
  tokenResponse?: { access_token?: string };
  expiresAt?: number;
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  [field: string]: unknown;
}

/**
 * Exchanges the redirect's code if this window should; resolves when the state holds the tokens (or
 * when there is nothing for this module to do) and rejects with the server's reason when the
 * exchange fails.
 */
export function exchangeCode(href: string, store: TabStore): Promise<void> {
  const params = new URL(href).searchParams;
  const code = params.get('code');
  const key = params.get('state');
  if (!code || !key || params.has('error')) return Promise.resolve();
  // One exchange per authorization code: a code is single-use, so a second send could only fail.
  const exchanges = startedExchanges();
  let exchange = exchanges.get(code);
  if (!exchange) {
    exchange = run(code, key, store);
    exchanges.set(code, exchange);
  }
  return exchange;
}

function storedState(store: TabStore, key: string): StoredState | undefined {
  const raw = store.get(key);
  if (raw === null) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as StoredState) : undefined;
  } catch {
    return undefined;
  }
}

function completesElsewhere(state: StoredState): boolean {
  if (state.completeInTarget === true) return false;
  const inFrame = (() => {
    try {
      return window.self !== window.top;
    } catch {
      return true;
    }
  })();
  return inFrame || Boolean(window.opener);
}

async function run(code: string, key: string, store: TabStore): Promise<void> {
  const state = storedState(store, key);
  if (!state || state.tokenResponse?.access_token) return;
  const { tokenUri, redirectUri, clientId, codeVerifier } = state;
  if (!tokenUri || !redirectUri || !clientId) return;
  if (state.clientSecret || state.clientPrivateJwk || completesElsewhere(state)) return;

  const body = new URLSearchParams({
    code,
    grant_type: 'authorization_code',
    redirect_uri: redirectUri,
    client_id: clientId,
  });
  // The verifier is stored already in its URL-safe form; encoding it again would change nothing.
  if (codeVerifier) body.set('code_verifier', codeVerifier);
  const response = await fetch(tokenUri, {
    method: 'POST',
    mode: 'cors',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  const answer = await readJson(response);
  if (!response.ok) throw new Error(failure(response, answer));
  const token = answer as TokenResponse | undefined;
  if (!token || typeof token.access_token !== 'string' || !token.access_token)
    throw new Error('Failed to obtain access token.');
  store.set(
    key,
    JSON.stringify({ ...state, tokenResponse: token, expiresAt: expiresAt(token, token.access_token) }),
  );
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** The same reason fhirclient would give: status line, then the OAuth error and its description. */
function failure(response: Response, answer: unknown): string {
  const head = `${response.status} ${response.statusText}\nURL: ${response.url}`;
  const { error, error_description: description } = (answer ?? {}) as Record<string, unknown>;
  if (typeof error !== 'string') return head;
  return `${head}\n${error}${typeof description === 'string' ? `: ${description}` : ''}`;
}

/** fhirclient's rule, in seconds since the epoch: expires_in, else the token's own exp, else 5 minutes. */
function expiresAt(token: TokenResponse, accessToken: string): number {
  const now = Math.floor(Date.now() / 1000);
  if (typeof token.expires_in === 'number' && token.expires_in > 0) return now + token.expires_in;
  const exp = jwtExp(accessToken);
  return exp ?? now + 300;
}

/** The `exp` of a JWT access token, read only to know when to refresh (not trusted for anything). */
function jwtExp(accessToken: string): number | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(decode(payload)) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
