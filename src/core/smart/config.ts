/**
 * Which FHIR servers the app will talk to, and the client id registered with each. Loaded at run
 * time from `config.json` next to the app so a tester can change it without a rebuild.
 */

export interface ServerConfig {
  /** The FHIR base URL exactly as the EHR sends it in `iss` (a trailing slash is ignored). */
  iss: string;
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

/** Validates untrusted JSON into an AppConfig, with messages an integrator can act on. */
export function parseConfig(json: unknown): AppConfig {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { servers?: unknown }).servers)) {
    throw new ConfigError('config.json must be an object with a "servers" array.');
  }
  const servers = (json as { servers: unknown[] }).servers.map((raw, i): ServerConfig => {
    const s = raw as Partial<ServerConfig> | null;
    if (!s || typeof s.iss !== 'string' || typeof s.clientId !== 'string' || !s.clientId) {
      throw new ConfigError(`config.json servers[${i}] needs a string "iss" and a non-empty "clientId".`);
    }
    let url: URL;
    try {
      url = new URL(s.iss);
    } catch {
      throw new ConfigError(`config.json servers[${i}].iss is not a URL: ${s.iss}`);
    }
    if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
      throw new ConfigError(`config.json servers[${i}].iss must use https (or be on localhost): ${s.iss}`);
    }
    return {
      iss: normalise(s.iss),
      clientId: s.clientId,
      ...(typeof s.name === 'string' ? { name: s.name } : {}),
      ...(typeof s.launcherUrl === 'string' ? { launcherUrl: s.launcherUrl } : {}),
    };
  });
  return { servers };
}

/** The configured server for an `iss`, or undefined: the app never redirects to an unlisted server. */
export function findServer(config: AppConfig, iss: string): ServerConfig | undefined {
  const want = normalise(iss);
  return config.servers.find((s) => s.iss === want);
}
