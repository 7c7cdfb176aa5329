/**
 * One value per page load, shared by everything on the page that runs this code. The app page's
 * first script (src/app/exchange-first.ts, a classic script of its own: vite.config.ts,
 * tokenExchangeScriptPlugin) and the entry each carry their own copy of the modules they share, so
 * a module variable would give each its own; a global under a registered symbol gives them one, as
 * the exchange the script starts and the sign-in awaits must be (src/launch/exchange-slot.ts).
 */
export const PAGE_SLOT_PREFIX = 'common-ground.';

export function perPage<T>(name: string, make: () => T): T {
  const key = Symbol.for(PAGE_SLOT_PREFIX + name);
  const page = globalThis as typeof globalThis & Record<symbol, unknown>;
  if (!(key in page)) page[key] = make();
  return page[key] as T;
}
