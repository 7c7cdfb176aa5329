/** What the server can do, read before redirecting: it decides v1/v2 scopes and PKCE. */

export interface ServerAbilities {
  v2Scopes: boolean;
  s256: boolean;
  /** Where the code is exchanged, when the server says (SMART 2 discovery). */
  tokenEndpoint?: string;
}

const TIMEOUT_MS = 15_000;

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, {
    headers: { accept: 'application/json, application/fhir+json' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** Throws when the server cannot be reached at all; the caller shows "could not reach". */
export async function discover(iss: string): Promise<ServerAbilities> {
  try {
    const cfg = (await getJson(`${iss}/.well-known/smart-configuration`)) as {
      capabilities?: unknown;
      code_challenge_methods_supported?: unknown;
      token_endpoint?: unknown;
    };
    const caps = Array.isArray(cfg.capabilities) ? cfg.capabilities : [];
    const methods = Array.isArray(cfg.code_challenge_methods_supported)
      ? cfg.code_challenge_methods_supported
      : [];
    return {
      v2Scopes: caps.includes('permission-v2'),
      s256: methods.includes('S256'),
      ...(typeof cfg.token_endpoint === 'string' ? { tokenEndpoint: cfg.token_endpoint } : {}),
    };
  } catch (first) {
    // SMART 1 servers may only describe OAuth in the CapabilityStatement.
    try {
      await getJson(`${iss}/metadata`);
      return { v2Scopes: false, s256: false };
    } catch {
      throw first;
    }
  }
}
