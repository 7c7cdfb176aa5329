/**
 * Entry of the app page, which is also the OAuth redirect target. The token exchange is a round trip
 * to the server that needs neither React nor the screens, so it leaves first: this entry holds only
 * the sign-in, and the page's React half (./render.tsx) and its words are fetched and evaluated while
 * the server answers.
 */
import { CATALOGS } from '../i18n/catalogs';
import { browserLanguage, chosenLanguage } from '../i18n/language';
import { session } from '../platform/session';
import '../ui/app.css';

const signIn = session();
const lang = chosenLanguage() ?? browserLanguage();
// The same chunk i18next asks for on init; started here, it does not wait for React to arrive.
void CATALOGS[lang]().catch(() => undefined);
void import('./render').then(({ render }) => render(signIn, lang));
