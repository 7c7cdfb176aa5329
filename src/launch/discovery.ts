/** What the server can do, read before redirecting: it decides v1/v2 scopes and PKCE. */
import { fetchConformanceStatement } from 'fhirclient/lib/lib';
import { fetchWellKnownJson } from 'fhirclient/lib/smart';

export interface ServerAbilities {
  v2Scopes: boolean;
  s256: boolean;
  /** Where the code is exchanged, when the server says (SMART 2 discovery). */
  tokenEndpoint?: string;
}

const TIMEOUT_MS = 15_000;

/**
 * Throws when the server cannot be reached at all; the caller shows "could not reach".
 *
 * Read through fhirclient's own discovery functions: they keep each answer in memory for the page, so
 * when `authorize()` looks up the endpoints right after, it gets the same answer without a second
 * round trip to the server.
 */
export async function discover(iss: string): Promise<ServerAbilities> {
  const options = { signal: AbortSignal.timeout(TIMEOUT_MS) };
  try {
    const cfg = (await fetchWellKnownJson(iss, options)) as {
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
      await fetchConformanceStatement(iss, options);
      return { v2Scopes: false, s256: false };
    } catch {
      throw first;
    }
  }
}
