/**
 * A decision aid whose chunk cannot be fetched says so, in the screen's language, and offers a
 * reload: the browser keeps a failed module import failed, so a "Try again" in place could never
 * load it.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';

vi.mock('../../src/prompts/aids/AidPanel', () => {
  // Stands in for the network: the chunk cannot be fetched.
  throw new TypeError('Failed to fetch dynamically imported module');
});

const { LazyPlanAids } = await import('../../src/prompts/aids');

describe('a decision aid’s chunk', () => {
  it('that fails to load says why and offers a reload, not a retry that cannot work', async () => {
    render(
      <I18nextProvider i18n={createI18n('es')}>
        <LazyPlanAids
          plan={{
            resourceType: 'CarePlan',
            status: 'active',
            intent: 'plan',
            subject: { reference: 'Patient/p1' },
          }}
          lang="es"
        />
      </I18nextProvider>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No se pudieron cargar las cifras. Revise la conexión y vuelva a cargar la página.',
    );
    expect(screen.getByRole('button', { name: 'Volver a cargar la página' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Intentar de nuevo' })).not.toBeInTheDocument();
    expect(screen.queryByText('Cargando las cifras…')).not.toBeInTheDocument();
  });
});
