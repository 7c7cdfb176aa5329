/**
 * The clinician's workspace arrives as its own chunk while the first screen stands in for it. A
 * chunk that cannot be fetched (a dropped connection, a deploy that removed it) says so and offers
 * a retry that fetches it again, instead of leaving the first screen there as if it were loading.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';
import type { RecordProps } from '../../src/ui/RecordContext';

const attempts = vi.hoisted(() => ({ count: 0 }));

vi.mock('../../src/i18n/load', async (original) => ({
  ...(await original<typeof import('../../src/i18n/load')>()),
  // Stands in for the network: the first fetch of the chunk fails, the next one brings a screen.
  withEveryLanguage: (screen: Promise<unknown>) => {
    screen.catch(() => undefined);
    attempts.count++;
    return attempts.count === 1
      ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
      : Promise.resolve({ default: () => <p>The workspace</p> });
  },
}));

const { Workspace } = await import('../../src/workspace/Workspace');

describe('the workspace chunk', () => {
  it('that fails to load says so, and a retry fetches it again', async () => {
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <Workspace {...({} as RecordProps)} fallback={<p>The first screen</p>} />
      </I18nextProvider>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "The clinician's workspace could not be loaded. Check your connection and try again.",
    );
    expect(screen.getByText('The first screen')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('The workspace')).toBeInTheDocument();
    expect(screen.queryByText('The first screen')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(attempts.count).toBe(2);
  });
});
