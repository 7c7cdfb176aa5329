/**
 * Opaque page tokens (oracle-like): a `next` link carries only a token the server made, so the only
 * way to the next page is the link exactly as given. Bounded: the oldest tokens are forgotten first,
 * and a forgotten token is answered as an expired page, as real servers do.
 */
import { randomBytes } from 'node:crypto';

const MAX_TOKENS = 10_000;

export class PageTokens {
  private readonly pages = new Map<string, { path: string; query: string }>();

  issue(path: string, query: string): string {
    const token = randomBytes(18).toString('base64url');
    this.pages.set(token, { path, query });
    if (this.pages.size > MAX_TOKENS) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    return token;
  }

  resolve(token: string): { path: string; query: string } | undefined {
    return this.pages.get(token);
  }
}
