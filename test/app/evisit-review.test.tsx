/**
 * The e-visit review's "what matters to the patient", as the reviewing clinician reads it while
 * deciding on an antibiotic or an image: grouped as the workspace groups it, so care the patient
 * finds hard does not read as care they want.
 */
import { render, screen, within } from '@testing-library/react';
import type { Goal, QuestionnaireResponse, Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { questionnaireCanonical } from '../../src/core/evisit';
import type { QueueEntry } from '../../src/core/evisit/queue';
import { CG_EVISIT_TASK } from '../../src/core/fhir/vocabulary';
import { requestedScopes } from '../../src/core/smart/scope-request';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import { EvisitReview } from '../../src/evisit/clinician/EvisitReview';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';
import { FakeFhir } from './fakeFhir';
import { testSession } from './session';

const ident = (n: number) => ({
  system: 'urn:ietf:rfc:3986',
  value: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
});

function showReview(goals: Goal[]) {
  const fhir = new FakeFhir();
  fhir.put({
    resourceType: 'Patient',
    id: 'p1',
    name: [{ given: ['Ana'], family: 'Torres' }],
    gender: 'female',
  });
  for (const g of goals) fhir.put(g);
  const qr = fhir.put({
    resourceType: 'QuestionnaireResponse',
    id: 'qr1',
    status: 'completed',
    questionnaire: questionnaireCanonical('uri'),
    subject: { reference: 'Patient/p1' },
    item: [{ linkId: 'uri-1', answer: [{ valueBoolean: false }] }],
  }) as QuestionnaireResponse;
  const task: Task & { id: string } = {
    resourceType: 'Task',
    id: 't1',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: CG_EVISIT_TASK, code: 'uri' }] },
    for: { reference: 'Patient/p1' },
    focus: { reference: 'QuestionnaireResponse/qr1' },
    authoredOn: '2026-12-01T08:00:00Z',
  };
  fhir.put(task);
  const session = testSession(fhir.requester('p1'), requestedScopes({ launch: 'ehr', v2: true }), {
    client: fhir.client(),
    fhirUser: 'Practitioner/dr-1',
  });
  const entry: QueueEntry = { task, kind: 'uri', patientId: 'p1', route: 'async-ok', response: qr };
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <EvisitReview
        session={session}
        entry={entry}
        today={new Date('2026-12-01T12:00:00Z')}
        onBack={() => undefined}
        onSent={() => undefined}
        onExpired={() => undefined}
      />
    </I18nextProvider>,
  );
}

const goal = (n: number, stated: Parameters<typeof newPriorityGoal>[0]): Goal => ({
  ...newPriorityGoal(stated, { patientId: 'p1', today: '2026-11-01', identifier: ident(n) }),
  id: `g${n}`,
});

describe('e-visit review: what matters to the patient', () => {
  it('says which care the patient finds hard and which helps, under the workspace’s headings', async () => {
    showReview([
      goal(1, { kind: 'value', text: 'Time with my grandchildren', oneThing: true, rank: 1 }),
      goal(2, { kind: 'outcome-goal', text: 'Keep working in my garden', rank: 2 }),
      goal(3, { kind: 'care-burdensome', text: 'Taking more pills', preference: 'more-medications' }),
      goal(4, { kind: 'care-helpful', text: 'More visits to the doctor', preference: 'more-visits' }),
    ]);
    const group = async (id: string) => within(await screen.findByTestId(`evr-matters-${id}`));
    const hard = await group('burdensome');
    expect(hard.getByRole('heading', { name: 'Care they find burdensome' })).toBeInTheDocument();
    expect(hard.getByText('Taking more pills')).toBeInTheDocument();
    const helps = await group('helpful');
    expect(helps.getByRole('heading', { name: 'Care they find helpful' })).toBeInTheDocument();
    expect(helps.getByText('More visits to the doctor')).toBeInTheDocument();
    expect((await group('oneThing')).getByText('Time with my grandchildren')).toBeInTheDocument();
    expect((await group('others')).getByText('Keep working in my garden')).toBeInTheDocument();
    // Each said once.
    expect(screen.getAllByText('Taking more pills')).toHaveLength(1);
  });

  it('says whose words a family member’s goal is', async () => {
    showReview([
      {
        ...goal(5, { kind: 'outcome-goal', text: 'Keep Mom living at home' }),
        expressedBy: { reference: 'RelatedPerson/daughter' },
      },
    ]);
    expect(
      await screen.findByText('Keep Mom living at home (said by a family member or caregiver)'),
    ).toBeInTheDocument();
  });

  it('says so when nothing is recorded', async () => {
    showReview([]);
    expect(await screen.findByText('No priorities recorded.')).toBeInTheDocument();
  });
});
