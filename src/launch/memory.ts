/**
 * What the app remembers about the current launch between the launch page and the app page, in this
 * tab only (the tab store: sessionStorage, or memory inside a frame that may not use it). No tokens
 * here: fhirclient keeps those in the same store.
 */
import type { LaunchKind } from '../core/smart/scopes';
import { tabStore } from './tab-storage';

export interface LaunchMemory {
  iss: string;
  kind: LaunchKind;
  /** The scopes asked for, to compare with what the server grants. */
  requested: string;
}

const KEY = 'cg.launch';

export function rememberLaunch(m: LaunchMemory): void {
  tabStore().set(KEY, JSON.stringify(m));
}

export function recallLaunch(): LaunchMemory | undefined {
  try {
    const raw = tabStore().get(KEY);
    const m = raw ? (JSON.parse(raw) as Partial<LaunchMemory>) : undefined;
    if (m && typeof m.iss === 'string' && (m.kind === 'ehr' || m.kind === 'standalone-patient')) {
      return { iss: m.iss, kind: m.kind, requested: typeof m.requested === 'string' ? m.requested : '' };
    }
  } catch {
    // Corrupt memory is the same as none: the user is asked to launch again.
  }
  return undefined;
}

/** Where a patient goes to start again; clinicians must relaunch from their EHR. */
export function relaunchUrl(iss: string): string {
  return `${new URL(`${import.meta.env.BASE_URL}launch/`, window.location.origin).href}?iss=${encodeURIComponent(iss)}`;
}
