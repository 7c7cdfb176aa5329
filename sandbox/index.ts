import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAuthServer } from './auth/auth-server';
import type { SigningKeys } from './auth/keys';
import { authorizeUrl, tokenUrl } from './auth/smart-configuration';
import type { FhirServer, FhirServerOptions } from './contract';
import { createFrontDoor } from './http/front-door';
import { createKnobs, type Knobs } from './http/knobs';
import { RequestLog } from './http/request-log';
import { sendOutcome } from './http/respond';

export type { Knobs } from './http/knobs';
export type { RequestLogEntry } from './http/request-log';

export const DEFAULT_APP_LAUNCH_URL = 'http://localhost:5173/launch/';
const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../fhir-fixtures', import.meta.url));

export interface StartSandboxOptions {
  /** 0 = a random free port. Default 8080. */
  port?: number;
  /** Interface to listen on; default `localhost` so the sandbox is not reachable from the network. */
  host?: string;
  fixturesDir?: string;
  /** Pre-filled in the launcher form. */
  appLaunchUrl?: string;
  knobs?: Partial<Knobs>;
  /** "Today" for the fixtures' date shift. */
  today?: Date;
  /** Swaps the FHIR half (tests use a small fake). Default: sandbox/fhir/server. */
  createFhirServer?: (options: FhirServerOptions) => Promise<FhirServer>;
  /** Fixed signing keys for tests; default a fresh RS256 pair. */
  keys?: SigningKeys;
}

export interface RunningSandbox {
  /** http://localhost:PORT */
  url: string;
  /** {url}/fhir */
  fhirBaseUrl: string;
  /** Live and mutable: changes apply to the next request. */
  knobs: Knobs;
  fhirServer: FhirServer;
  close(): Promise<void>;
}

/** Starts the embedded sandbox EHR: FHIR server, SMART authorization server and launcher on one port. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const knobs = createKnobs(options.knobs);
  const startKnobs = Object.freeze({ ...knobs });
  const server = createServer();
  // Until everything is wired, answer rather than hang (the port is open before the FHIR half loads).
  let listener: RequestListener = (_req, res) =>
    sendOutcome(res, 503, 'transient', 'The sandbox is still starting');
  server.on('request', (req, res) => listener(req, res));

  const port = await listen(server, options.port ?? 8080, options.host ?? 'localhost');
  const origin = `http://localhost:${port}`;
  const fhirBaseUrl = `${origin}/fhir`;
  try {
    const createFhir = options.createFhirServer ?? loadFhirServerFactory;
    const fhirServer = await createFhir({
      baseUrl: fhirBaseUrl,
      fixturesDir: options.fixturesDir ?? DEFAULT_FIXTURES_DIR,
      today: options.today,
      authorizeUrl: authorizeUrl(origin),
      tokenUrl: tokenUrl(origin),
    });
    const auth = await createAuthServer({
      origin,
      fhirBaseUrl,
      appOrigin: new URL(options.appLaunchUrl ?? DEFAULT_APP_LAUNCH_URL).origin,
      knobs,
      people: fhirServer,
      keys: options.keys,
    });
    listener = createFrontDoor({
      origin,
      fhirBaseUrl,
      appLaunchUrl: options.appLaunchUrl ?? DEFAULT_APP_LAUNCH_URL,
      fhir: fhirServer,
      auth,
      knobs,
      startKnobs,
      log: new RequestLog(),
    });
    return { url: origin, fhirBaseUrl, knobs, fhirServer, close: () => closeServer(server) };
  } catch (err) {
    await closeServer(server);
    throw err;
  }
}

async function loadFhirServerFactory(options: FhirServerOptions): Promise<FhirServer> {
  const { createFhirServer } = await import('./fhir/server');
  return createFhirServer(options);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets from fetch() would otherwise hold close() open for seconds.
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
