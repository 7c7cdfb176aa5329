/**
 * The app page's React half, loaded while the sign-in is finished (see ./main.tsx). It draws the first
 * screen by itself; the role's screens are fetched once that has painted (./RecordScreen.tsx).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from '../i18n/react';
import type { Language } from '../i18n/language';
import { loadI18n } from '../i18n/load';
import type { QueueSession, Session } from '../platform/session';
import { App } from './App';

export async function render(signIn: Promise<Session | QueueSession>, lang: Language): Promise<void> {
  const i18n = await loadI18n(lang);
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App session={signIn} />
      </I18nextProvider>
    </StrictMode>,
  );
}
