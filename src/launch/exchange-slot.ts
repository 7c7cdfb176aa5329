/**
 * The token exchanges this page has started, by authorization code. The app page's first script
 * (src/app/exchange-first.ts) sends the exchange; the sign-in, in the entry's own copy of the
 * modules, awaits it here instead of sending the single-use code a second time, and takes its
 * failure as the sign-in's. The entry does not carry the exchange's code, only this map.
 */
import { perPage } from './page-slot';

export function startedExchanges(): Map<string, Promise<void>> {
  return perPage('token-exchanges', () => new Map<string, Promise<void>>());
}

/** The exchange started for this redirect's code; resolved at once when none was. */
export function exchangeStarted(href: string): Promise<void> {
  const code = new URL(href).searchParams.get('code');
  return (code ? startedExchanges().get(code) : undefined) ?? Promise.resolve();
}
