/**
 * Entry of the app page, which is also the OAuth redirect target. The token exchange has left before
 * this entry runs, from the page's first script (./exchange-first.ts); this entry holds only the
 * sign-in, which awaits that exchange, and the record's read; the page's React half (./render.tsx)
 * is evaluated while the record's read is in flight.
 */
import { CATALOGS } from '../i18n/catalogs';
import { browserLanguage, chosenLanguage } from '../i18n/language';
import { recordRead } from '../platform/record';
import { session } from '../platform/session';
import { prepareDates } from '../ui/format';
import '../ui/app.css';

const signIn = session();
// The first screen's reads leave the moment the token arrives, not once React has drawn a screen;
// the screen adopts this read (useRecord). A failed sign-in is the App's to show.
const readSent = signIn.then(
  (s) => {
    // The clinician's workspace shows prompts; its read brings the rules' own searches too.
    if (!('view' in s)) recordRead(s, 0, { prompts: s.role === 'clinician' });
  },
  () => undefined,
);
const lang = chosenLanguage() ?? browserLanguage();
// The same chunk the words' loader asks for first; started here, it does not wait for React to arrive.
void CATALOGS[lang]().catch(() => undefined);
// Evaluating the React half and building the date formatters take tens of milliseconds of the main
// thread; done while the token was in flight, they were still running when it arrived, and the read
// left that much later (seen in a Chromium trace). So they wait until the read has left, and run
// while it is in flight; the launch page has already fetched the React half (vite.config.ts,
// launchPrefetchPlugin). A slow server still gets the connecting line after a quarter second.
const readSentOrLater = Promise.race([readSent, new Promise<void>((resolve) => setTimeout(resolve, 250))]);
void readSentOrLater
  .then(() => {
    setTimeout(() => prepareDates(lang), 0);
    return import('./render');
  })
  .then(({ render }) => render(signIn, lang));
