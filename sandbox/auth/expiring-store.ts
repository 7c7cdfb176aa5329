import { randomBytes } from 'node:crypto';

/** 256 bits, base64url: unguessable ids for codes, launches, sessions and refresh tokens. */
export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * In-memory map whose entries expire, with a size bound so a script hammering the launcher
 * cannot exhaust memory (the oldest entries are dropped first).
 */
export class ExpiringStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores under a fresh random key and returns it. */
  add(value: T): string {
    const key = randomId();
    this.set(key, value);
    return key;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get(key: string | undefined | null): T | undefined {
    if (!key) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Get and delete in one step: what single-use codes and rotating refresh tokens need. */
  take(key: string | undefined | null): T | undefined {
    const value = this.get(key);
    if (key) this.entries.delete(key);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
