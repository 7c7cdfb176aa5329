/**
 * What the user typed and has not saved yet, kept on the device so a reload, a failed save or an
 * expired token (which ends the tab's session) loses nothing. Drafts are scoped to the server, the
 * patient and the signed-in user, never stored next to the tokens (fhirclient keeps those in
 * sessionStorage), and cleared as soon as the save succeeds.
 */
export interface DraftScope {
  iss: string;
  patientId: string;
  /** `Practitioner/1` or `Patient/1`; drafts of one user are never shown to another. */
  user: string;
}

export interface DraftStore {
  load<T>(key: string): T | undefined;
  save<T>(key: string, value: T): void;
  clear(key: string): void;
}

const PREFIX = 'cg.draft';

/** localStorage, or undefined where the browser refuses it (an EHR frame from another site). */
function deviceStorage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

export function draftStore(scope: DraftScope, storage: Storage | undefined = deviceStorage()): DraftStore {
  const base = `${PREFIX}|${scope.iss}|${scope.patientId}|${scope.user}|`;
  return {
    load<T>(key: string): T | undefined {
      try {
        const raw = storage?.getItem(base + key);
        return raw ? (JSON.parse(raw) as { value: T }).value : undefined;
      } catch {
        return undefined;
      }
    },
    save<T>(key: string, value: T): void {
      try {
        storage?.setItem(base + key, JSON.stringify({ savedAt: new Date().toISOString(), value }));
      } catch {
        // Storage full or disabled: the draft lives only in memory; the screen still works.
      }
    },
    clear(key: string): void {
      try {
        storage?.removeItem(base + key);
      } catch {
        // Nothing to clear.
      }
    },
  };
}
