import { act, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createI18n, setPatientGender } from '../../src/i18n';
import { I18nextProvider, useTranslation } from '../../src/i18n/react';

function Heading() {
  const { t } = useTranslation();
  return <h1>{t('goals.title')}</h1>;
}

function Count({ n }: { n: number }) {
  const { t, i18n } = useTranslation();
  return (
    <p data-testid="count" lang={i18n.language}>
      {t('workspace.evisitQueue.queue.count', { count: n })}
    </p>
  );
}

describe('useTranslation', () => {
  it('redraws every component that translates when the language changes', async () => {
    const i18n = createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <Heading />
        <Count n={2} />
      </I18nextProvider>,
    );
    expect(screen.getByRole('heading')).toHaveTextContent('Goals');
    expect(screen.getByTestId('count')).toHaveTextContent('2 e-visits waiting, oldest first.');
    await act(() => i18n.changeLanguage('es'));
    expect(screen.getByRole('heading')).toHaveTextContent('Metas');
    expect(screen.getByTestId('count')).toHaveTextContent('2 consultas en espera, la más antigua primero.');
    expect(screen.getByTestId('count')).toHaveAttribute('lang', 'es');
    expect(document.documentElement.lang).toBe('es');
  });

  it('gives a new t per language and the same t otherwise, so effects on t rerun only on a switch', async () => {
    const i18n = createI18n('en');
    const seen: string[] = [];
    function Effect() {
      const { t } = useTranslation();
      useEffect(() => {
        seen.push(t('goals.title'));
      }, [t]);
      return null;
    }
    const { rerender } = render(
      <I18nextProvider i18n={i18n}>
        <Effect />
      </I18nextProvider>,
    );
    rerender(
      <I18nextProvider i18n={i18n}>
        <Effect />
      </I18nextProvider>,
    );
    expect(seen).toEqual(['Goals']);
    await act(() => i18n.changeLanguage('es'));
    expect(seen).toEqual(['Goals', 'Metas']);
  });

  it('words the screen for the patient’s gender as it renders', () => {
    const i18n = createI18n('es');
    setPatientGender(i18n, 'female');
    function Deceased() {
      const { t } = useTranslation();
      return <p>{t('banner.deceased')}</p>;
    }
    render(
      <I18nextProvider i18n={i18n}>
        <Deceased />
      </I18nextProvider>,
    );
    expect(screen.getByText('Fallecida')).toBeInTheDocument();
  });

  it('names the missing provider rather than showing keys', () => {
    // React reports the thrown render on the console too; the assertion is on the error itself.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Heading />)).toThrow(/I18nextProvider/);
    quiet.mockRestore();
  });
});
