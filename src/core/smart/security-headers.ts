/**
 * The app's own HTTP security headers, derived from config.json: the dev and preview servers send
 * them, and the README shows what a production host must send. The policy is narrow on purpose:
 * the app runs only its own scripts, talks only to the configured FHIR servers (and their token
 * endpoints), and only the configured EHR pages may frame it.
 */
import { serverOrigins, type AppConfig } from './config';

export interface PolicyOptions {
  /** The dev server's per-start nonce for the inline scripts Vite injects (React refresh). */
  scriptNonce?: string;
  /** Extra connect-src origins, e.g. the dev server's hot-reload websocket. */
  extraConnect?: string[];
}

/** Origins the app may fetch from: its own, every configured FHIR server and their extra origins. */
export function connectOrigins(config: AppConfig): string[] {
  return [...new Set(config.servers.flatMap(serverOrigins))];
}

/** Origins whose pages may show the app in a frame: the top-level list and every server's. */
export function frameAncestors(config: AppConfig): string[] {
  return [...new Set([...config.frameAncestors, ...config.servers.flatMap((s) => s.frameAncestors)])];
}

export function contentSecurityPolicy(config: AppConfig, options: PolicyOptions = {}): string {
  const script = ["'self'", ...(options.scriptNonce ? [`'nonce-${options.scriptNonce}'`] : [])];
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...connectOrigins(config), ...(options.extraConnect ?? [])].join(' ')}`,
    `frame-ancestors ${["'self'", ...frameAncestors(config)].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * What the built pages carry in a `<meta>` tag as a floor for a host that sends no headers: only the
 * directives that do not depend on config.json, which can change without a rebuild.
 */
export const BASELINE_POLICY = "script-src 'self'; object-src 'none'; base-uri 'self'";

export function securityHeaders(config: AppConfig, options: PolicyOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(config, options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
