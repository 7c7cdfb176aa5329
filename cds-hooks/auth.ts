/**
 * The EHR's bearer JWT, checked as CDS Hooks 2.0 ("Trusting CDS Clients") asks: an asymmetric
 * signature (RS384, ES384 or ES256 — never `none` or HMAC, whose shared secret any client could
 * sign with), `iss` on the allow-list, keys from that issuer's JWKS URL (a `jku` header only when it
 * is that URL), `aud` this service, `exp`, `iat` and a `jti` not seen before.
 */
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';

export const ALGORITHMS = ['RS384', 'ES384', 'ES256'] as const;

/** One entry of the CDS_HOOKS_CLIENTS file. */
export interface TrustedClient {
  iss: string;
  jwksUrl: string;
}

export type AuthResult = { ok: true; iss: string } | { ok: false; reason: string };

/**
 * The longest token lifetime accepted. CDS clients sign one short-lived token per call (the spec
 * suggests five minutes); the cap also bounds the replay cache.
 */
const MAX_LIFETIME_SECONDS = 3600;
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Each issuer's keys are fetched once and kept, imported, for calls to come: no network on a call.
 * They are fetched again when older than the TTL, and at once when a token names a key (`kid`) the
 * set does not have — the EHR has rotated its key — but not more than once per cooldown, so tokens
 * with made-up kids cannot make the service hammer the EHR's JWKS URL.
 */
export const JWKS_CACHE = { ttlMs: 10 * 60_000, cooldownMs: 30_000, timeoutMs: 5_000 } as const;

/** Parses the allow-list file's JSON; throws with the entry that is wrong. */
export function parseClients(text: string, source: string): TrustedClient[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${source} must be a JSON array of {"iss", "jwksUrl"}`);
  return parsed.map((entry: unknown, i) => {
    const e = entry as Partial<Record<string, unknown>> | null;
    if (!e || typeof e.iss !== 'string' || !e.iss || typeof e.jwksUrl !== 'string')
      throw new Error(`${source}[${i}] needs "iss" and "jwksUrl" strings`);
    try {
      const url = new URL(e.jwksUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      throw new Error(`${source}[${i}].jwksUrl "${e.jwksUrl}" is not an http(s) URL`);
    }
    return { iss: e.iss, jwksUrl: e.jwksUrl };
  });
}

/**
 * The jti values seen, each kept until its token expires. Per process: replicas behind a load
 * balancer each keep their own (the README says what that allows).
 */
class ReplayCache {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;
  /** False when the key was already there. */
  add(key: string, exp: number, now: number): boolean {
    if (now >= this.nextSweep) {
      for (const [k, e] of this.seen) if (e + CLOCK_TOLERANCE_SECONDS < now) this.seen.delete(k);
      this.nextSweep = now + 60;
    }
    const prev = this.seen.get(key);
    if (prev !== undefined && prev + CLOCK_TOLERANCE_SECONDS >= now) return false;
    this.seen.set(key, exp);
    return true;
  }
}

export interface Authenticator {
  /** `path` is the request's path, e.g. `/cds-services/common-ground-patient-view`. */
  verify(authorization: string | undefined, path: string): Promise<AuthResult>;
}

export function createAuthenticator(options: {
  clients: readonly TrustedClient[];
  baseUrl: string;
  now?: () => number;
}): Authenticator {
  const base = options.baseUrl.replace(/\/+$/, '');
  const byIss = new Map(options.clients.map((c) => [c.iss, c]));
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keysAt = (url: string) => {
    let set = keySets.get(url);
    if (!set)
      keySets.set(
        url,
        (set = createRemoteJWKSet(new URL(url), {
          cacheMaxAge: JWKS_CACHE.ttlMs,
          cooldownDuration: JWKS_CACHE.cooldownMs,
          timeoutDuration: JWKS_CACHE.timeoutMs,
        })),
      );
    return set;
  };
  const replay = new ReplayCache();
  const nowSeconds = () => Math.floor((options.now?.() ?? Date.now()) / 1000);

  return {
    async verify(authorization, path) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!token) return { ok: false, reason: 'no bearer token' };
      let header: ReturnType<typeof decodeProtectedHeader>;
      let iss: unknown;
      try {
        header = decodeProtectedHeader(token);
        iss = decodeJwt(token).iss;
      } catch {
        return { ok: false, reason: 'the token is not a JWT' };
      }
      if (!(ALGORITHMS as readonly string[]).includes(String(header.alg)))
        return { ok: false, reason: `alg "${String(header.alg)}" is not one of ${ALGORITHMS.join(', ')}` };
      const client = typeof iss === 'string' ? byIss.get(iss) : undefined;
      if (!client) return { ok: false, reason: `iss "${String(iss)}" is not on the allow-list` };
      if (header.jku !== undefined && header.jku !== client.jwksUrl)
        return { ok: false, reason: `jku "${header.jku}" is not on the allow-list for ${client.iss}` };
      const now = nowSeconds();
      try {
        const { payload } = await jwtVerify(token, keysAt(client.jwksUrl), {
          algorithms: [...ALGORITHMS],
          issuer: client.iss,
          audience: [base, `${base}${path}`],
          requiredClaims: ['exp', 'iat', 'jti'],
          maxTokenAge: MAX_LIFETIME_SECONDS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now * 1000),
        });
        const exp = payload.exp ?? 0;
        if (exp - now > MAX_LIFETIME_SECONDS)
          return { ok: false, reason: `the token lives longer than ${MAX_LIFETIME_SECONDS} s` };
        if (typeof payload.jti !== 'string' || !payload.jti) return { ok: false, reason: 'no jti' };
        if (!replay.add(`${client.iss} ${payload.jti}`, exp, now))
          return { ok: false, reason: `jti "${payload.jti}" was already used` };
        return { ok: true, iss: client.iss };
      } catch (err) {
        if (err instanceof errors.JOSEError) return { ok: false, reason: err.message };
        // Keys that cannot be fetched verify nothing.
        return {
          ok: false,
          reason: `keys from ${client.jwksUrl}: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    },
  };
}
