/** Entry of the app page, which is also the OAuth redirect target. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../i18n';
import { App } from './App';
import '../ui/app.css';
import { session } from '../platform/session';

const i18n = createI18n();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App session={session()} />
    </I18nextProvider>
  </StrictMode>,
);
