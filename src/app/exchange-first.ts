/**
 * The entry's first import, so the code-for-token request leaves before the rest of the entry (the
 * SMART client, the record's read, the words) is evaluated. The sign-in awaits the same exchange
 * and reports its failure (src/platform/session.ts).
 */
import { exchangeCode } from '../launch/exchange';

void exchangeCode(window.location.href).catch(() => undefined);
