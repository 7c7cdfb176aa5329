/**
 * The first screen (banner, problems, goals) is drawn by the app page's React half alone: the role's
 * screens (workspace; the patient's voice and e-visit screens) are not even imported until it has
 * painted, then they follow at once.
 */
import { render, screen, waitFor } from '@testing-library/react';
import type { Bundle, FhirResource } from 'fhir/r4';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordScreen } from '../../src/app/RecordScreen';
import { panelQueries } from '../../src/core/record/panels';
import { RequestError, type FhirRequester } from '../../src/core/record/read';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';
import type { Session } from '../../src/platform/session';
import { testSession } from './session';

const imported = vi.hoisted(() => [] as string[]);
vi.mock('../../src/workspace/WorkspaceScreen', () => {
  imported.push('WorkspaceScreen');
  return { default: () => <p>the workspace</p> };
});
vi.mock('../../src/voice/VoiceHome', () => {
  imported.push('VoiceHome');
  return { default: () => <p>what matters to me</p> };
});
vi.mock('../../src/evisit/PatientEvisits', () => {
  imported.push('PatientEvisits');
  return { default: () => <p>e-visits</p> };
});

const record: Record<string, FhirResource> = {
  patient: { resourceType: 'Patient', id: 'p1', name: [{ given: ['Ana'], family: 'Rivera' }] },
  conditions: {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        resource: {
          resourceType: 'Condition',
          id: 'c1',
          subject: { reference: 'Patient/p1' },
          clinicalStatus: { coding: [{ code: 'active' }] },
          category: [{ coding: [{ code: 'problem-list-item' }] }],
          code: { text: 'Type 2 diabetes' },
        },
      },
    ],
  },
};

/** Answers the record's batches once the test releases them. */
function heldServer() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const fhir: FhirRequester = {
    get: async () => {
      throw new RequestError(500, 'not used');
    },
    batch: async (bundle): Promise<Bundle> => {
      await released;
      return {
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: (bundle.entry ?? []).map((e) => {
          const q = panelQueries('p1').find((p) => p.url === e.request?.url)!;
          const resource = record[q.panel] ?? { resourceType: 'Bundle', type: 'searchset', entry: [] };
          return { resource, response: { status: '200' } };
        }),
      };
    },
  };
  return { fhir, release };
}

const session = (role: Session['role'], fhir: FhirRequester): Session =>
  testSession(fhir, 'patient/*.rs', { role, kind: role === 'clinician' ? 'ehr' : 'standalone-patient' });

beforeEach(() => {
  imported.length = 0;
  performance.clearMarks();
});

describe.each([
  { role: 'clinician' as const, screens: ['WorkspaceScreen'], shown: 'the workspace' },
  { role: 'patient' as const, screens: ['VoiceHome', 'PatientEvisits'], shown: 'what matters to me' },
])('the $role first screen', ({ role, screens, shown }) => {
  it('is drawn before its screens are imported, and they follow once it has painted', async () => {
    const server = heldServer();
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <RecordScreen session={session(role, server.fhir)} today={new Date('2026-11-26T00:00:00Z')} />
      </I18nextProvider>,
    );
    // Waiting for the record: nothing of the role's screens asked for yet.
    await new Promise((r) => setTimeout(r, 50));
    expect(imported).toEqual([]);
    server.release();
    const problems = await screen.findByTestId('problems-current');
    expect(problems).toHaveTextContent('Type 2 diabetes');
    expect(screen.getByTestId('patient-banner')).toHaveTextContent('Ana Rivera');
    await waitFor(() => expect(performance.getEntriesByName('cg:first-screen')).toHaveLength(1));
    // Then the screens follow by themselves.
    expect(await screen.findByText(shown)).toBeInTheDocument();
    expect(imported.sort()).toEqual([...screens].sort());
  });
});
