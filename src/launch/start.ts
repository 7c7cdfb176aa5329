/**
 * The launch page's job: check the request, pick the server's client id, and hand the browser to the
 * server's authorize endpoint (EHR launch with `launch`, or standalone patient launch without it).
 */
import { findServer, parseConfig, serverOrigins, type AppConfig } from '../core/smart/config';
import { queueScopes, requestedScopes } from '../core/smart/scope-request';
import type { LaunchKind } from '../core/smart/scopes';
import { discover } from './discovery';
import { rememberLaunch } from './memory';
import { LaunchProblemError, problem } from './problems';
import { smart } from './smart';
import { tabStore } from './tab-storage';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function loadConfig(): Promise<AppConfig> {
  let json: unknown;
  try {
    const res = await fetch(new URL(`${import.meta.env.BASE_URL}config.json`, window.location.origin), {
      cache: 'no-store',
    });
    if (!res.ok) throw new Error(`config.json answered ${res.status}`);
    json = await res.json();
  } catch (err) {
    throw problem('config', { detail: message(err) });
  }
  let config: AppConfig;
  try {
    config = parseConfig(json);
  } catch (err) {
    throw problem('config', { detail: message(err) });
  }
  for (const p of config.problems) console.warn(`Common Ground: ${p} This entry is ignored.`);
  return config;
}

/** SMART 2.2 asks for at least 122 bits of entropy in `state`; this gives 256. */
export function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface LaunchPlan {
  clientId: string;
  iss: string;
  launch?: string;
  kind: LaunchKind;
  scope: string;
  redirectUri: string;
  pkceMode: 'required' | 'ifSupported';
}

export async function planLaunch(location: URL, config: AppConfig): Promise<LaunchPlan> {
  const iss = location.searchParams.get('iss');
  if (!iss) throw problem('missing-iss');
  const server = findServer(config, iss);
  if (!server) throw problem('unknown-iss', { iss });
  const launch = location.searchParams.get('launch') ?? undefined;
  const kind: LaunchKind = launch ? 'ehr' : 'standalone-patient';
  // The e-visit review queue is an activity of its own, registered with the EHR at this launch URL
  // plus `view=evisit-queue`: it spans patients, so it asks user-level scopes and no patient.
  const queue = kind === 'ehr' && location.searchParams.get('view') === 'evisit-queue';
  let abilities;
  try {
    abilities = await discover(server.iss);
  } catch (err) {
    throw problem('discovery-failed', { iss: server.iss, detail: message(err) });
  }
  // The app's Content-Security-Policy lets it reach only the configured origins: a token endpoint
  // elsewhere would fail as a blocked request after sign-in, so say now which setting is missing.
  if (abilities.tokenEndpoint) {
    const origin = new URL(abilities.tokenEndpoint, server.iss).origin;
    if (!serverOrigins(server).includes(origin)) {
      throw problem('config', {
        iss: server.iss,
        detail: `The token endpoint ${abilities.tokenEndpoint} is on ${origin}, which config.json does not list for ${server.iss}. Add "${origin}" to that server's "connectOrigins".`,
      });
    }
  }
  return {
    clientId: server.clientId,
    iss: server.iss,
    ...(launch ? { launch } : {}),
    kind,
    scope: queue
      ? queueScopes({ v2: abilities.v2Scopes })
      : requestedScopes({ launch: kind, v2: abilities.v2Scopes }),
    // The app's root page is the redirect target (no fragment: SMART forbids it).
    redirectUri: new URL('../', location).href,
    pkceMode: abilities.s256 ? 'required' : 'ifSupported',
  };
}

/** Sends the browser to the server's authorize endpoint; `navigate` is replaceable for tests. */
export async function authorize(
  plan: LaunchPlan,
  navigate: (url: string) => void = (url) => window.location.assign(url),
): Promise<string> {
  let url: unknown;
  try {
    rememberLaunch({ iss: plan.iss, kind: plan.kind, requested: plan.scope });
    url = await smart.authorize({
      clientId: plan.clientId,
      iss: plan.iss,
      ...(plan.launch ? { launch: plan.launch } : {}),
      scope: plan.scope,
      redirectUri: plan.redirectUri,
      pkceMode: plan.pkceMode,
      stateKey: randomState(),
      // Some EHRs embed apps in a frame: finish the sign-in in that same frame.
      completeInTarget: true,
      noRedirect: true,
    });
  } catch (err) {
    throw authorizeProblem(err, plan.iss);
  }
  if (typeof url !== 'string')
    throw problem('launch-failed', { iss: plan.iss, detail: 'No sign-in address.' });
  tabStore().handOff();
  navigate(url);
  return url;
}

/** fhirclient reads the server's discovery again; a failure there is still "could not reach". */
function authorizeProblem(err: unknown, iss: string): LaunchProblemError {
  if (err instanceof LaunchProblemError) return err;
  if (err instanceof DOMException && err.name === 'SecurityError') {
    return problem('storage-blocked', { iss, detail: message(err) });
  }
  if (err instanceof TypeError || (err instanceof DOMException && err.name === 'TimeoutError')) {
    return problem('discovery-failed', { iss, detail: message(err) });
  }
  return problem('launch-failed', { iss, detail: message(err) });
}
