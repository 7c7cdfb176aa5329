import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';
import { newI18n } from '../../src/i18n/instance';
import type { Language } from '../../src/i18n/language';
import { I18nextProvider } from '../../src/i18n/react';
import { LanguageSwitch } from '../../src/ui/LanguageSwitch';

/** A page whose Spanish words fail to arrive until `online` is set. */
async function page() {
  const net = { online: false };
  const i18n = newI18n('en', {
    parts: 1,
    load: async (lang: Language) => {
      if (lang === 'es' && !net.online) throw new Error('offline');
      return lang === 'es' ? es : en;
    },
  });
  await i18n.loadLanguages('en');
  render(
    <I18nextProvider i18n={i18n}>
      <LanguageSwitch />
    </I18nextProvider>,
  );
  return { i18n, net };
}

describe('the language switch', () => {
  it('says so when the chosen language’s words cannot be read, and clears it when they can', async () => {
    const { net } = await page();
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'es' } });
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Español could not be loaded. Check your connection and try again.',
    );
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveValue('en');

    net.online = true;
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'es' } });
    });
    expect(await screen.findByRole('combobox', { name: 'Idioma' })).toHaveValue('es');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
