/**
 * "What matters" on a long record, while its Observations are still being read: it never says the
 * patient has said nothing when a priority may be among them, and it shows a priority another app
 * kept as an Observation as soon as the rules' narrowed read (which holds every such Observation)
 * is in — the same priorities the prompts are reworded for.
 */
import { render, screen } from '@testing-library/react';
import type { Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { WHAT_MATTERS } from '../../src/core/voice/vocabulary';
import type { NarrowedReads, PanelState, RecordPanels } from '../../src/core/record/read';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';
import { WhatMatters } from '../../src/workspace/WhatMatters';
import { testSession } from './session';

const said: Observation = {
  resourceType: 'Observation',
  id: 'wm1',
  status: 'final',
  category: [{ coding: [WHAT_MATTERS] }],
  code: { text: 'What matters' },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2026-11-02',
  valueString: 'Walk to church on Sundays',
};

const ready = (...resources: Observation[]): PanelState => ({ status: 'ready', resources, problems: [] });

function show(observations: PanelState, narrowed: NarrowedReads = {}) {
  const panels: Partial<RecordPanels> = {
    patient: ready(),
    goals: ready(),
    carePlans: ready(),
    observations,
  };
  const fhir = { get: async () => ({}), batch: async () => ({}) };
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <WhatMatters
        session={testSession(fhir)}
        panels={panels}
        narrowed={narrowed}
        today={new Date('2026-12-02T12:00:00Z')}
        retry={() => undefined}
        replace={() => undefined}
        expire={() => undefined}
        ability={{ canWrite: true }}
      />
    </I18nextProvider>,
  );
}

describe('what matters on a long record', () => {
  it('does not say nothing was recorded while the Observations are still being read', () => {
    show({ status: 'loading' });
    expect(screen.queryByTestId('matters-empty')).toBeNull();
  });

  it('shows a priority kept as an Observation from the rules’ narrowed read, before the whole list', () => {
    show({ status: 'loading' }, { observations: ready(said) });
    expect(screen.getByTestId('what-matters')).toHaveTextContent('Walk to church on Sundays');
    expect(screen.queryByTestId('matters-empty')).toBeNull();
  });

  it('says nothing was recorded once the whole list is in and holds none', () => {
    show(ready());
    expect(screen.getByTestId('matters-empty')).toBeInTheDocument();
  });
});
