/**
 * One value per page load, shared by everything on the page that runs this code. The app page runs
 * the launch's token exchange twice over: as a classic script of its own, before the entry, and as
 * the entry's first module (vite.config.ts, tokenExchangeScriptPlugin). Each has its own copy of
 * these modules, so module variables would give each its own store and its own exchange; a global
 * under a registered symbol gives them one, as it must (one code is exchanged once, one store holds
 * the tokens fhirclient reads).
 */
export const PAGE_SLOT_PREFIX = 'common-ground.';

export function perPage<T>(name: string, make: () => T): T {
  const key = Symbol.for(PAGE_SLOT_PREFIX + name);
  const page = globalThis as typeof globalThis & Record<symbol, unknown>;
  if (!(key in page)) page[key] = make();
  return page[key] as T;
}
