import type { IncomingMessage } from 'node:http';

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export interface CookieOptions {
  maxAgeSeconds: number;
}

/**
 * HttpOnly keeps the session away from page scripts; SameSite=Lax still sends it on the top-level
 * GET navigation the app makes to /auth/authorize, which is exactly when it is needed.
 */
export function sessionCookie(name: string, value: string, { maxAgeSeconds }: CookieOptions): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}
