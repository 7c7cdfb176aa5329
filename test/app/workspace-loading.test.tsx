/**
 * The clinician's workspace arrives as its own chunk while the first screen stands in for it. A
 * chunk that cannot be fetched (a dropped connection, a deploy that removed it) says so and offers
 * a reload — the browser keeps a failed module import failed, so only a reload can fetch it again —
 * instead of leaving a blank page.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';
import type { RecordProps } from '../../src/ui/RecordContext';

vi.mock('../../src/i18n/load', async (original) => ({
  ...(await original<typeof import('../../src/i18n/load')>()),
  // Stands in for the network: the chunk cannot be fetched.
  withEveryLanguage: (screen: Promise<unknown>) => {
    screen.catch(() => undefined);
    return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
  },
}));

const { Workspace } = await import('../../src/workspace/Workspace');

describe('the workspace chunk', () => {
  it('that fails to load says so beside the first screen, no longer “loading”, and offers a reload', async () => {
    render(
      <I18nextProvider i18n={createI18n('es')}>
        <Workspace
          {...({} as RecordProps)}
          fallback={<p>La primera pantalla, cargando el resto</p>}
          kept={<p>La primera pantalla</p>}
        />
      </I18nextProvider>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No se pudo cargar el espacio de trabajo del profesional. Revise su conexión y vuelva a cargar la página.',
    );
    expect(screen.getByText('La primera pantalla')).toBeInTheDocument();
    expect(screen.queryByText(/cargando/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Volver a cargar la página' })).toBeInTheDocument();
  });
});
