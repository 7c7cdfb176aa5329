/**
 * The patient's own "What matters" and "Care I like and don't like" while the record's Observations,
 * where other apps keep priorities and care preferences, are still being read: they say so, and say
 * "Nothing here yet" only once the Observations are in.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PanelState, RecordPanels } from '../../src/core/record/read';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';
import VoiceHome from '../../src/voice/VoiceHome';
import { testSession } from './session';

const ready: PanelState = { status: 'ready', resources: [], problems: [] };

function show(observations: PanelState) {
  const panels: Partial<RecordPanels> = { patient: ready, goals: ready, carePlans: ready, observations };
  const fhir = { get: async () => ({}), batch: async () => ({}) };
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <VoiceHome
        session={testSession(fhir, 'patient/*.rs', { role: 'patient', kind: 'standalone-patient' })}
        panels={panels}
        today={new Date('2026-12-02T12:00:00Z')}
        retry={() => undefined}
        replace={() => undefined}
        expire={() => undefined}
      />
    </I18nextProvider>,
  );
}

describe('the patient’s priorities while the record is read', () => {
  it('say they are loading, not that there is nothing, while the Observations are out', () => {
    show({ status: 'loading' });
    expect(screen.queryByText('Nothing here yet.')).toBeNull();
    expect(screen.queryByText(/Add what matters to you below/)).toBeNull();
    expect(screen.getAllByText('Loading…').length).toBeGreaterThanOrEqual(3);
  });

  it('say there is nothing yet once the Observations are in and hold none', () => {
    show(ready);
    expect(screen.getAllByText('Nothing here yet.')).toHaveLength(3);
    expect(screen.getByText(/Add what matters to you below/)).toBeInTheDocument();
  });
});
