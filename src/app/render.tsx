/** The app page's React half, loaded while the sign-in is finished (see ./main.tsx). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from '../i18n/react';
import type { Language } from '../i18n/language';
import { loadI18n } from '../i18n/load';
import { recallLaunch } from '../launch/memory';
import type { QueueSession, Session } from '../platform/session';
import { App } from './App';

/**
 * The screens' own chunks load when React first draws them, after the token arrives; asked for now,
 * they arrive during the token exchange instead. The launch kind is a guess at the role (an EHR
 * launch is usually a clinician's): a wrong guess only fetches a chunk early that is not drawn.
 */
function prefetchScreens(): void {
  const quiet = () => undefined;
  if (recallLaunch()?.kind === 'ehr') {
    void import('../workspace/WorkspaceScreen').catch(quiet);
  } else {
    void import('../voice/VoiceHome').catch(quiet);
    void import('../evisit/PatientEvisits').catch(quiet);
  }
}

export async function render(signIn: Promise<Session | QueueSession>, lang: Language): Promise<void> {
  prefetchScreens();
  const i18n = await loadI18n(lang);
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App session={signIn} />
      </I18nextProvider>
    </StrictMode>,
  );
}
