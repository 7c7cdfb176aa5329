/**
 * Which FHIR servers the app will talk to, and the client id registered with each. Loaded at run
 * time from `config.json` next to the app so a tester can change it without a rebuild.
 */

export interface ServerConfig {
  /** The FHIR base URL exactly as the EHR sends it in `iss` (a trailing slash is ignored). */
  iss: string;
  /**
   * Instead of one `iss`: every FHIR base under this https prefix (ending in `/`). Public test
   * launchers put the launch settings in the path, e.g. https://launch.smarthealthit.org/v/r4/sim/…/fhir.
   */
  issPrefix?: string;
  clientId: string;
  /** Shown on error pages to name the server, e.g. "Sandbox EHR". */
  name?: string;
  /** Where a tester can start a launch for this server (shown when the app is opened without one). */
  launcherUrl?: string;
}

export interface AppConfig {
  servers: ServerConfig[];
}

export class ConfigError extends Error {}

function normalise(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

function parseUrl(value: string, where: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new ConfigError(`config.json ${where} is not a URL: ${value}`);
  }
}

/** Validates untrusted JSON into an AppConfig, with messages an integrator can act on. */
export function parseConfig(json: unknown): AppConfig {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { servers?: unknown }).servers)) {
    throw new ConfigError('config.json must be an object with a "servers" array.');
  }
  const servers = (json as { servers: unknown[] }).servers.map((raw, i): ServerConfig => {
    const s = raw as Partial<ServerConfig> | null;
    if (!s || typeof s.clientId !== 'string' || !s.clientId) {
      throw new ConfigError(`config.json servers[${i}] needs a non-empty "clientId".`);
    }
    const extra = {
      ...(typeof s.name === 'string' ? { name: s.name } : {}),
      ...(typeof s.launcherUrl === 'string' ? { launcherUrl: s.launcherUrl } : {}),
    };
    if (typeof s.issPrefix === 'string') {
      const url = parseUrl(s.issPrefix, `servers[${i}].issPrefix`);
      // A prefix must name a host and a path: "https://" alone would let any server in.
      if (url.protocol !== 'https:' || !s.issPrefix.endsWith('/') || url.pathname === '/') {
        throw new ConfigError(
          `config.json servers[${i}].issPrefix must be an https URL with a path ending in "/": ${s.issPrefix}`,
        );
      }
      return { iss: normalise(s.issPrefix), issPrefix: s.issPrefix, clientId: s.clientId, ...extra };
    }
    if (typeof s.iss !== 'string') {
      throw new ConfigError(`config.json servers[${i}] needs a string "iss" (or "issPrefix").`);
    }
    const url = parseUrl(s.iss, `servers[${i}].iss`);
    if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
      throw new ConfigError(`config.json servers[${i}].iss must use https (or be on localhost): ${s.iss}`);
    }
    return { iss: normalise(s.iss), clientId: s.clientId, ...extra };
  });
  return { servers };
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
      url.protocol === 'https:' &&
      `${url.origin}${url.pathname}`.startsWith(s.issPrefix) &&
      !url.search &&
      !url.hash,
  );
  return prefixed ? { ...prefixed, iss: normalise(`${url.origin}${url.pathname}`) } : undefined;
}
