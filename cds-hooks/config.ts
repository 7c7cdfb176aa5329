/**
 * The service's configuration, from the environment:
 *   CDS_HOOKS_PORT       port to listen on (default 8090)
 *   CDS_HOOKS_BASE_URL   public base URL, what `aud` must equal (default http://localhost:<port>)
 *   CDS_HOOKS_CLIENTS    JSON file [{"iss", "jwksUrl"}]: the EHRs allowed to call (default: the
 *                        embedded sandbox EHR only)
 *   CDS_HOOKS_FEEDBACK   NDJSON file for card and feedback lines (default ./cds-hooks-feedback.ndjson)
 *   CDS_HOOKS_APP_LAUNCH_URL  Common Ground's SMART launch URL for the cards' links
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseClients, type TrustedClient } from './auth';

/** Where the sandbox EHR publishes its CDS client key (sandbox/cds-client). */
export const SANDBOX_CDS_JWKS_PATH = '/cds-client/jwks';
export const DEFAULT_PORT = 8090;
export const DEFAULT_APP_LAUNCH_URL = 'http://localhost:5173/launch/';

/** The embedded sandbox EHR as a CDS client: its origin is the `iss`. */
export function sandboxClient(sandboxOrigin: string): TrustedClient {
  return { iss: sandboxOrigin, jwksUrl: `${sandboxOrigin}${SANDBOX_CDS_JWKS_PATH}` };
}

export interface ServiceConfig {
  port: number;
  baseUrl: string;
  clients: TrustedClient[];
  /** Said on start: which file the allow-list came from, or that only the sandbox is trusted. */
  clientsSource: string;
  feedbackFile: string;
  appLaunchUrl: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServiceConfig {
  const rawPort = env.CDS_HOOKS_PORT?.trim();
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`CDS_HOOKS_PORT=${rawPort ?? ''} is not a port number`);
  const baseUrl = (env.CDS_HOOKS_BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new Error(`CDS_HOOKS_BASE_URL=${baseUrl} is not a URL`);
  }
  const file = env.CDS_HOOKS_CLIENTS?.trim();
  let clients: TrustedClient[];
  let clientsSource: string;
  if (file) {
    clients = parseClients(readFileSync(resolve(cwd, file), 'utf8'), file);
    clientsSource = `${clients.length} client(s) from ${file}`;
  } else {
    const sandbox = sandboxClient(`http://localhost:${env.SANDBOX_PORT?.trim() || '8080'}`);
    clients = [sandbox];
    clientsSource =
      `CDS_HOOKS_CLIENTS is not set: only the embedded sandbox EHR (${sandbox.iss}, keys at ${sandbox.jwksUrl}) ` +
      'is trusted. A production deployment names its allow-list file.';
  }
  return {
    port,
    baseUrl,
    clients,
    clientsSource,
    feedbackFile: resolve(cwd, env.CDS_HOOKS_FEEDBACK?.trim() || 'cds-hooks-feedback.ndjson'),
    appLaunchUrl: env.CDS_HOOKS_APP_LAUNCH_URL?.trim() || DEFAULT_APP_LAUNCH_URL,
  };
}
