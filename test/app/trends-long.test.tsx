/**
 * A long record's trends (src/workspace/Trends.tsx): read chunk by chunk after the record's first
 * render, and then the same charts, latest values and table as for the same readings computed at
 * once, with every value still reachable from the keyboard.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { I18nextProvider } from '../../src/i18n/react';
import { createI18n } from '../../src/i18n';
import type { Session } from '../../src/platform/session';
import type { RecordProps } from '../../src/ui/RecordContext';
import { Trends } from '../../src/workspace/Trends';

const LOINC = 'http://loinc.org';
const day = (i: number) => new Date(Date.UTC(2012, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

/** `n` readings a day apart: weights no chart shows, blood pressure panels and an HbA1c every 50th. */
function readings(n: number): Observation[] {
  return Array.from({ length: n }, (_, i): Observation => {
    const base = {
      resourceType: 'Observation',
      id: `o${i}`,
      status: 'final',
      effectiveDateTime: day(i),
    } as const;
    if (i % 50 === 0)
      return {
        ...base,
        code: { coding: [{ system: LOINC, code: '4548-4' }] },
        valueQuantity: { value: 6 + (i % 7) / 10, unit: '%' },
      };
    if (i % 3 === 0)
      return {
        ...base,
        code: { coding: [{ system: LOINC, code: '85354-9' }] },
        component: [
          {
            code: { coding: [{ system: LOINC, code: '8480-6' }] },
            valueQuantity: { value: 120 + (i % 20), unit: 'mm[Hg]' },
          },
          {
            code: { coding: [{ system: LOINC, code: '8462-4' }] },
            valueQuantity: { value: 70 + (i % 10), unit: 'mm[Hg]' },
          },
        ],
      };
    return {
      ...base,
      code: { coding: [{ system: LOINC, code: '29463-7' }] },
      valueQuantity: { value: 80, unit: 'kg' },
    };
  });
}

function show(observations: Observation[]) {
  const props: RecordProps = {
    session: {} as Session,
    panels: {
      observations: { status: 'ready', resources: observations, problems: [] },
      goals: { status: 'ready', resources: [], problems: [] },
    },
    today: new Date('2026-12-02T12:00:00Z'),
    retry: () => {},
    replace: () => {},
    expire: () => {},
  };
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <Trends {...props} />
    </I18nextProvider>,
  );
}

/** What a reader gets of each chart: its description and every row of its table. */
function readOut() {
  return screen.getAllByRole('figure').map((fig) => ({
    description:
      within(fig).getByRole('img').getAttribute('aria-describedby') && fig.querySelector('p')?.textContent,
    rows: within(fig)
      .getAllByRole('row')
      .map((r) => r.textContent),
  }));
}

describe('trends of a long record', () => {
  it('says it is loading, then shows the latest readings as the same readings computed at once do', async () => {
    const long = readings(9001);
    const { unmount } = show(long);
    expect(within(screen.getByTestId('trends')).getByRole('status')).toHaveTextContent('Loading');
    await screen.findByTestId('trend-hba1c', {}, { timeout: 10_000 });
    const chunked = readOut();
    unmount();
    // The same latest readings alone (a record short enough to chart at once) must read the same.
    const latest = long.filter((o, i) => i >= 9001 - 2000 || o.code.coding?.[0]?.code === '4548-4');
    show(latest.slice(-2000));
    const direct = readOut();
    expect(chunked).toEqual(direct);
    // The newest HbA1c (day 9000) is the one the summary names.
    expect(chunked[0]!.description).toMatch(/12 results shown, latest 6.5 % on Aug 22, 2036/);
  });

  it('keeps every shown value reachable from the keyboard', async () => {
    const user = userEvent.setup();
    show(readings(4500));
    const fig = await screen.findByTestId('trend-systolic-diastolic', {}, { timeout: 10_000 });
    const summary = within(fig).getByText('Show the values');
    // Tab reaches the values of both charts, the blood pressure one second.
    await user.tab();
    await user.tab();
    expect(summary).toHaveFocus();
    await user.click(summary);
    // Twelve readings and the header: the latest twelve of 1,500 panels, the newest last (day 4,497).
    expect(within(fig).getAllByRole('row')).toHaveLength(13);
    expect(within(fig).getAllByRole('row').at(-1)).toHaveTextContent('Apr 24, 2024' + '137' + '77');
  });
});
