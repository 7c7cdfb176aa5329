/**
 * The app page's first script: the build writes it as a classic script of its own, run before the
 * entry's module graph (vite.config.ts, tokenExchangeScriptPlugin), and it sends the code-for-token
 * request at once. The sign-in awaits the same exchange and reports its failure
 * (src/platform/session.ts).
 *
 * Only with sessionStorage: in a frame the browser refuses it to, the launch's state reaches the
 * page through `window.name`, which the entry's store takes (src/launch/tab-storage.ts), and
 * fhirclient's `ready()` exchanges the code there, as it does wherever this script is absent (the
 * dev server).
 */
import { exchangeCode } from '../launch/exchange';
import { sessionStore, usableSessionStorage } from '../launch/tab-storage';

const storage = usableSessionStorage();
if (storage) void exchangeCode(window.location.href, sessionStore(storage)).catch(() => undefined);
