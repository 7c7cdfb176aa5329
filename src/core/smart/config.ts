/**
 * Which FHIR servers the app will talk to, the client id registered with each, and which EHR pages
 * may frame the app. Loaded at run time from `config.json` next to the app so a tester can change it
 * without a rebuild; the dev and preview servers read the same file for the security headers.
 */

export interface ServerConfig {
  /** The FHIR base URL exactly as the EHR sends it in `iss` (a trailing slash is ignored). */
  iss: string;
  /**
   * Instead of one `iss`: every FHIR base under this prefix (ending in `/`). Public test launchers
   * put the launch settings in the path, e.g. https://launch.smarthealthit.org/v/r4/sim/…/fhir.
   */
  issPrefix?: string;
  clientId: string;
  /** Shown on error pages to name the server, e.g. "Sandbox EHR". */
  name?: string;
  /** Where a tester can start a launch for this server (shown when the app is opened without one). */
  launcherUrl?: string;
  /** Origins of EHR pages allowed to show the app in a frame. */
  frameAncestors: string[];
  /**
   * Origins other than the FHIR base's that the app must reach for this server: its token endpoint
   * or its `smart_style_url`, when they live elsewhere. The Content-Security-Policy allows these.
   */
  connectOrigins: string[];
}

export interface AppConfig {
  servers: ServerConfig[];
  /** Origins allowed to frame the app whatever the server (top-level `frameAncestors`). */
  frameAncestors: string[];
  /**
   * Entries that were left out, each with its reason. The rest of the file still works, so one
   * mistake does not lock every user out; the launch page logs these and shows them to IT.
   */
  problems: string[];
}

export class ConfigError extends Error {}

/** Hosts where plain http is fine: the traffic never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function normalise(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

function parseUrl(value: unknown, where: string): URL {
  if (typeof value !== 'string') throw new ConfigError(`${where} must be a string URL.`);
  try {
    return new URL(value);
  } catch {
    throw new ConfigError(`${where} is not a URL: ${value}`);
  }
}

function secure(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** A list of origins (scheme, host, port; no path), https unless loopback. */
function parseOrigins(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(`${where} must be a list of origins.`);
  return value.map((raw, i) => {
    const url = parseUrl(raw, `${where}[${i}]`);
    if (!secure(url) || url.origin !== normalise(String(raw))) {
      throw new ConfigError(
        `${where}[${i}] must be an origin like https://ehr.example.org (https unless on localhost): ${String(raw)}`,
      );
    }
    return url.origin;
  });
}

function parseServer(raw: unknown, where: string): ServerConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(`${where} must be an object.`);
  const s = raw as Record<string, unknown>;
  if (typeof s.clientId !== 'string' || !s.clientId) {
    throw new ConfigError(`${where} needs a non-empty "clientId".`);
  }
  const common = {
    clientId: s.clientId,
    ...(typeof s.name === 'string' ? { name: s.name } : {}),
    ...(typeof s.launcherUrl === 'string' ? { launcherUrl: s.launcherUrl } : {}),
    frameAncestors: parseOrigins(s.frameAncestors, `${where}.frameAncestors`),
    connectOrigins: parseOrigins(s.connectOrigins, `${where}.connectOrigins`),
  };
  if (s.issPrefix !== undefined) {
    const url = parseUrl(s.issPrefix, `${where}.issPrefix`);
    const prefix = `${url.origin}${url.pathname}`;
    // A prefix must name a host and a path: "https://" alone would let any server in.
    if (!secure(url) || !prefix.endsWith('/') || url.pathname === '/' || url.search || url.hash) {
      throw new ConfigError(
        `${where}.issPrefix must be an https URL (http only on localhost) with a path ending in "/": ${String(s.issPrefix)}`,
      );
    }
    return { iss: normalise(prefix), issPrefix: prefix, ...common };
  }
  if (s.iss === undefined) throw new ConfigError(`${where} needs a string "iss" (or "issPrefix").`);
  const url = parseUrl(s.iss, `${where}.iss`);
  if (!secure(url)) {
    throw new ConfigError(`${where}.iss must use https (http only on localhost): ${String(s.iss)}`);
  }
  return { iss: normalise(String(s.iss)), ...common };
}

/**
 * Validates untrusted JSON into an AppConfig, entry by entry: a bad entry is left out and reported
 * in `problems`, with a message an integrator can act on. Only a file with no usable shape throws.
 */
export function parseConfig(json: unknown): AppConfig {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { servers?: unknown }).servers)) {
    throw new ConfigError('config.json must be an object with a "servers" array.');
  }
  const { servers: rawServers, frameAncestors: rawAncestors } = json as {
    servers: unknown[];
    frameAncestors?: unknown;
  };
  const problems: string[] = [];
  const servers: ServerConfig[] = [];
  rawServers.forEach((raw, i) => {
    try {
      servers.push(parseServer(raw, `config.json servers[${i}]`));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.message);
    }
  });
  let frameAncestors: string[] = [];
  try {
    frameAncestors = parseOrigins(rawAncestors, 'config.json frameAncestors');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(err.message);
  }
  return { servers, frameAncestors, problems };
}

/**
 * The configured server for an `iss` (with `iss` set to the launch's own FHIR base), or undefined:
 * the app never redirects to an unlisted server.
 */
export function findServer(config: AppConfig, iss: string): ServerConfig | undefined {
  const want = normalise(iss);
  const exact = config.servers.find((s) => !s.issPrefix && s.iss === want);
  if (exact) return exact;
  let url: URL;
  try {
    url = new URL(want);
  } catch {
    return undefined;
  }
  // Compare the parsed URL, so "https://host/v/r4/../../evil" cannot pass a textual prefix test.
  const prefixed = config.servers.find(
    (s) =>
      s.issPrefix &&
      secure(url) &&
      `${url.origin}${url.pathname}`.startsWith(s.issPrefix) &&
      !url.search &&
      !url.hash,
  );
  return prefixed ? { ...prefixed, iss: normalise(`${url.origin}${url.pathname}`) } : undefined;
}

/** Every origin the app may contact for a configured server: its FHIR base's and the extra ones. */
export function serverOrigins(server: ServerConfig): string[] {
  return [...new Set([new URL(server.iss).origin, ...server.connectOrigins])];
}
