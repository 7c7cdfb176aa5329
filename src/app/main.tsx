/**
 * Entry of the app page, which is also the OAuth redirect target. The token exchange is a round trip
 * to the server that needs neither React nor the screens, so it leaves first: this entry holds only
 * the sign-in and the record's read, and the page's React half (./render.tsx) and its words are
 * fetched and evaluated while the server answers.
 */
// First: it sends the token request as soon as the entry starts to run (see the module).
import './exchange-first';
import { CATALOGS } from '../i18n/catalogs';
import { browserLanguage, chosenLanguage } from '../i18n/language';
import { recordRead } from '../platform/record';
import { session } from '../platform/session';
import { prepareDates } from '../ui/format';
import '../ui/app.css';

const signIn = session();
// The first screen's reads leave the moment the token arrives, not once React has drawn a screen;
// the screen adopts this read (useRecord). A failed sign-in is the App's to show.
signIn.then(
  (s) => {
    // The clinician's workspace shows prompts; its read brings the rules' own searches too.
    if (!('view' in s)) recordRead(s, 0, { prompts: s.role === 'clinician' });
  },
  () => undefined,
);
const lang = chosenLanguage() ?? browserLanguage();
// The same chunk the words' loader asks for first; started here, it does not wait for React to arrive.
void CATALOGS[lang]().catch(() => undefined);
// In the next task, so the screen's chunk is asked for first; done before the record comes back.
setTimeout(() => prepareDates(lang), 0);
// React's first render waits for the token (or a quarter second, so a slow server still shows the
// connecting line): rendered earlier, its tasks ran between the token's arrival and the record's
// requests leaving, on the first screen's critical path.
const tokenOrLater = Promise.race([
  signIn.then(
    () => undefined,
    () => undefined,
  ),
  new Promise<void>((resolve) => setTimeout(resolve, 250)),
]);
void Promise.all([import('./render'), tokenOrLater]).then(([{ render }]) => render(signIn, lang));
