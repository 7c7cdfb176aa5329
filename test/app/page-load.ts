import { vi } from 'vitest';
import { PAGE_SLOT_PREFIX } from '../../src/launch/page-slot';

/**
 * What a new page load gives the app: fresh modules, and none of the last page's per-page values
 * (src/launch/page-slot.ts), which live on the global that a real navigation replaces.
 */
export function newPageLoad(): void {
  vi.resetModules();
  const page = globalThis as typeof globalThis & Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(page))
    if (key.description?.startsWith(PAGE_SLOT_PREFIX)) delete page[key];
}
