/**
 * Where this tab keeps the launch: fhirclient's state (PKCE verifier, then the tokens) and what the
 * launch page tells the app page. Normally that is sessionStorage. Inside an EHR page from another
 * site, browsers that block third-party storage (Chromium's default here) refuse sessionStorage to
 * the framed app, so the state lives in memory for this page instead.
 *
 * Memory does not survive the trip to the authorization server and back, so the launch page hands the
 * pre-redirect state (no tokens exist yet) to the app page through `window.name`, which a frame keeps
 * across its own navigations. The app page takes it only when the `state` in its URL matches, clears
 * it at once, and ignores it after ten minutes. Tokens are only ever in memory in that mode: a reload
 * of the framed app ends the session, and the page says so.
 */
import { SMART_KEY } from './smart-key';

export type StorageMode = 'session' | 'memory';

export interface TabStore {
  readonly mode: StorageMode;
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  /** In memory mode, hands what this page holds to the next page of this frame; no-op otherwise. */
  handOff(): void;
}

const HANDOFF_PREFIX = 'cg.handoff:';
const HANDOFF_TTL_MS = 10 * 60_000;

export function usableSessionStorage(): Storage | undefined {
  try {
    const storage = window.sessionStorage;
    storage.setItem('cg.probe', '1');
    storage.removeItem('cg.probe');
    return storage;
  } catch {
    return undefined;
  }
}

export function sessionStore(storage: Storage): TabStore {
  return {
    mode: 'session',
    get: (key) => storage.getItem(key),
    set: (key, value) => storage.setItem(key, value),
    remove: (key) => storage.removeItem(key),
    handOff: () => undefined,
  };
}

/** What the previous page of this frame handed over, if it is for the `state` this page came back with. */
function takeHandOff(state: string | null, now: number): Map<string, string> {
  const raw = window.name;
  if (!raw.startsWith(HANDOFF_PREFIX)) return new Map();
  window.name = '';
  try {
    const parsed = JSON.parse(raw.slice(HANDOFF_PREFIX.length)) as { at?: unknown; entries?: unknown };
    if (typeof parsed.at !== 'number' || now - parsed.at > HANDOFF_TTL_MS || now < parsed.at)
      return new Map();
    if (!Array.isArray(parsed.entries)) return new Map();
    const entries = new Map(
      parsed.entries.filter(
        (e): e is [string, string] =>
          Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string',
      ),
    );
    return state !== null && entries.get(SMART_KEY) === JSON.stringify(state) ? entries : new Map();
  } catch {
    return new Map();
  }
}

function memoryStore(seed: Map<string, string>): TabStore {
  const entries = seed;
  return {
    mode: 'memory',
    get: (key) => entries.get(key) ?? null,
    set: (key, value) => void entries.set(key, value),
    remove: (key) => void entries.delete(key),
    handOff: () => {
      window.name = HANDOFF_PREFIX + JSON.stringify({ at: Date.now(), entries: [...entries] });
    },
  };
}

let current: TabStore | undefined;

/** This page load's store, chosen once: sessionStorage when the browser allows it, else memory. */
export function tabStore(): TabStore {
  if (!current) {
    const storage = usableSessionStorage();
    current = storage
      ? sessionStore(storage)
      : memoryStore(takeHandOff(new URL(window.location.href).searchParams.get('state'), Date.now()));
  }
  return current;
}

/** fhirclient's storage interface (JSON values) over the tab store. */
export class SmartStorage {
  constructor(private readonly store: () => TabStore = tabStore) {}

  async get(key: string): Promise<unknown> {
    const raw = this.store().get(key);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }

  async set(key: string, value: unknown): Promise<unknown> {
    this.store().set(key, JSON.stringify(value));
    return value;
  }

  async unset(key: string): Promise<boolean> {
    if (this.store().get(key) === null) return false;
    this.store().remove(key);
    return true;
  }
}
