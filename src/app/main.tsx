/** Entry of the app page, which is also the OAuth redirect target. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { browserLanguage, chosenLanguage } from '../i18n/language';
import { loadI18n } from '../i18n/load';
import { App } from './App';
import '../ui/app.css';
import { session } from '../platform/session';

const signIn = session();
void loadI18n(chosenLanguage() ?? browserLanguage()).then((i18n) =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App session={signIn} />
      </I18nextProvider>
    </StrictMode>,
  ),
);
