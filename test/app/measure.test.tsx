/**
 * The post-visit survey and goal follow-up in the patient's view, and what the clinician sees of
 * them, against the in-memory FHIR server: what is written, once; drafts across reloads; retries.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Goal, Observation, QuestionnaireResponse } from 'fhir/r4';
import { I18nextProvider } from '../../src/i18n/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { RecordScreen } from '../../src/app/RecordScreen';
import { attainmentObservation, surveyResponse, surveyScore } from '../../src/core/measure';
import { requestedScopes } from '../../src/core/smart/scope-request';
import { grantedAccess, writeAccess } from '../../src/core/smart/scopes';
import type { Session } from '../../src/platform/session';
import { createI18n } from '../../src/i18n';
import { FakeFhir } from './fakeFhir';

const H = 3_600_000;
const ident = (n: number) => ({
  system: 'urn:ietf:rfc:3986',
  value: `urn:uuid:00000000-0000-4000-8000-0000000000${n}`,
});
let fhir: FakeFhir;

function agreedGoal(id: string, text: string): Goal {
  return {
    resourceType: 'Goal',
    id,
    lifecycleStatus: 'active',
    description: { text },
    subject: { reference: 'Patient/p1' },
    expressedBy: { reference: 'Patient/p1' },
  };
}

function seed({ endedHoursAgo = 3 } = {}) {
  fhir = new FakeFhir();
  fhir.put({
    resourceType: 'Patient',
    id: 'p1',
    name: [{ given: ['Ana'], family: 'Torres' }],
    birthDate: '1958-03-12',
  });
  const end = Date.now() - endedHoursAgo * H;
  fhir.put({
    resourceType: 'Encounter',
    id: 'e1',
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: 'Patient/p1' },
    participant: [{ individual: { reference: 'Practitioner/dr-1' } }],
    period: { start: new Date(end - H).toISOString(), end: new Date(end).toISOString() },
  });
  fhir.put(agreedGoal('g1', 'Walk to the park with my grandson'));
  fhir.put(agreedGoal('g2', 'Sing with my choir again'));
  fhir.put({ ...agreedGoal('g3', 'Lose ten pounds'), lifecycleStatus: 'proposed' });
}

function patientSession(): Session {
  const access = grantedAccess(requestedScopes({ launch: 'standalone-patient', v2: true }), '');
  return {
    client: fhir.client(),
    iss: 'https://ehr.example.org/fhir',
    kind: 'standalone-patient',
    role: 'patient',
    patientId: 'p1',
    fhirUser: 'Patient/p1',
    access,
    write: writeAccess(access),
    needBanner: true,
    fhir: fhir.requester('p1'),
  };
}

function clinicianSession(): Session {
  const access = grantedAccess(requestedScopes({ launch: 'ehr', v2: true }), '');
  return {
    ...patientSession(),
    kind: 'ehr',
    role: 'clinician',
    fhirUser: 'Practitioner/dr-1',
    access,
    write: writeAccess(access),
  };
}

function show(session: Session, lang: 'en' | 'es' = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <RecordScreen session={session} today={new Date()} />
    </I18nextProvider>,
  );
}

const posts = (type: string) => fhir.log.filter((l) => l.method === 'POST' && l.url === type);
const groups = () => screen.getAllByRole('group', { name: /^Question \d of 3/ });

beforeEach(() => seed());

describe('post-visit survey', () => {
  it('offers the three items once, writes the response tied to the visit and its score, and thanks', async () => {
    const user = userEvent.setup();
    const view = show(patientSession());
    expect(
      await screen.findByRole('heading', { name: 'About your visit' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Thinking about the appointment you have just had…')).toBeInTheDocument();
    const [q1, q2, q3] = groups();
    expect(q2).toHaveTextContent('How much effort was made to listen to the things that matter most to you');
    expect(within(q1!).getByText('0 = No effort was made')).toBeVisible();
    expect(within(q1!).getByText('9 = Every effort was made')).toBeVisible();
    expect(within(q1!).getAllByRole('radio')).toHaveLength(10);
    await user.click(within(q1!).getByRole('radio', { name: '9 Every effort was made' }));
    await user.click(within(q3!).getByRole('radio', { name: '7' }));
    // Question 2 skipped.
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    expect(await screen.findByTestId('survey-done')).toHaveTextContent('Thank you');

    const [qr] = fhir.all<QuestionnaireResponse>('QuestionnaireResponse');
    expect(qr).toMatchObject({
      status: 'completed',
      encounter: { reference: 'Encounter/e1' },
      author: { reference: 'Patient/p1' },
    });
    expect(qr?.item?.map((i) => i.linkId)).toEqual(['collaborate-1', 'collaborate-3']);
    const [score] = fhir.all<Observation>('Observation');
    expect(score).toMatchObject({
      valueBoolean: false,
      derivedFrom: [{ reference: `QuestionnaireResponse/${qr?.id}` }],
    });
    expect(posts('QuestionnaireResponse')[0]?.headers['if-none-exist']).toMatch(/^identifier=/);

    // Opened again: the visit has its response, so nothing is offered.
    view.unmount();
    show(patientSession());
    expect(await screen.findByRole('heading', { name: 'How my goals are going' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'About your visit' })).toBeNull();
  });

  it('keeps the answers through a failed save and a reload, and a retry writes each resource once', async () => {
    const user = userEvent.setup();
    fhir.failWhen = (method, url) => (method === 'POST' && url === 'Observation' ? 503 : undefined);
    const view = show(patientSession());
    await screen.findByRole('heading', { name: 'About your visit' }, { timeout: 5000 });
    for (const g of groups())
      await user.click(within(g).getByRole('radio', { name: '9 Every effort was made' }));
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    // The response landed, its score did not.
    expect(await screen.findByTestId('save-failed', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(fhir.all('QuestionnaireResponse')).toHaveLength(1);

    view.unmount();
    fhir.failWhen = undefined;
    show(patientSession());
    expect(
      await screen.findByText(/We saved your answers, but not all of them went through/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    expect(await screen.findByTestId('survey-done')).toHaveTextContent('Thank you');
    expect(fhir.all('QuestionnaireResponse')).toHaveLength(1);
    expect(fhir.all<Observation>('Observation').map((o) => o.valueBoolean)).toEqual([true]);
  });

  it('restores answers picked before a reload; skipping writes a stopped response and no score', async () => {
    const user = userEvent.setup();
    const view = show(patientSession());
    await screen.findByRole('heading', { name: 'About your visit' }, { timeout: 5000 });
    await user.click(within(groups()[1]!).getByRole('radio', { name: '4' }));
    view.unmount();
    show(patientSession());
    await screen.findByRole('heading', { name: 'About your visit' });
    expect(within(groups()[1]!).getByRole('radio', { name: '4' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Skip these questions' }));
    expect(await screen.findByTestId('survey-done')).toHaveTextContent(
      'We will not ask about this visit again',
    );
    expect(fhir.all<QuestionnaireResponse>('QuestionnaireResponse').map((q) => [q.status, q.item])).toEqual([
      ['stopped', undefined],
    ]);
    expect(fhir.all('Observation')).toHaveLength(0);
  });

  it('is not offered for a visit that ended more than 48 hours ago', async () => {
    seed({ endedHoursAgo: 49 });
    show(patientSession());
    await screen.findByRole('heading', { name: 'How my goals are going' }, { timeout: 5000 });
    expect(screen.queryByRole('heading', { name: 'About your visit' })).toBeNull();
  });

  it('in Spanish, says the survey is only in English and shows the items unchanged', async () => {
    show(patientSession(), 'es');
    expect(await screen.findByTestId('survey-english-only', {}, { timeout: 5000 })).toHaveTextContent(
      'solo está disponible en inglés',
    );
    expect(
      screen.getByText('How much effort was made to help you understand your health issues?'),
    ).toHaveAttribute('lang', 'en');
  });
});

describe('goal follow-up', () => {
  it('reports how an agreed goal is going (LOINC 107334-5, focus the goal), with the choice kept across a reload', async () => {
    const user = userEvent.setup();
    const view = show(patientSession());
    const row = await screen.findByTestId('follow-up-g1', {}, { timeout: 5000 });
    expect(screen.queryByTestId('follow-up-g3')).toBeNull();
    expect(row).toHaveTextContent('You have not said how this is going yet.');
    await user.click(within(row).getByRole('radio', { name: 'A bit better than I expected' }));
    view.unmount();
    show(patientSession());
    const again = await screen.findByTestId('follow-up-g1');
    expect(within(again).getByRole('radio', { name: 'A bit better than I expected' })).toBeChecked();
    await user.click(within(again).getByRole('button', { name: 'Save how it is going' }));
    await waitFor(() => expect(again).toHaveTextContent('Last time you said: A bit better than I expected'));
    const [report] = fhir.all<Observation>('Observation');
    expect(report).toMatchObject({
      code: { coding: [{ system: 'http://loinc.org', code: '107334-5' }] },
      focus: [{ reference: 'Goal/g1' }],
      valueCodeableConcept: { coding: [{ code: 'LA34480-6' }] },
    });
    expect(posts('Observation')).toHaveLength(1);
  });

  it('"this no longer matters" asks first, then closes the goal with If-Match', async () => {
    const user = userEvent.setup();
    show(patientSession());
    const row = await screen.findByTestId('follow-up-g2', {}, { timeout: 5000 });
    await user.click(within(row).getByRole('button', { name: 'This no longer matters to me' }));
    await user.click(within(row).getByRole('button', { name: 'Keep this goal' }));
    expect(fhir.log.some((l) => l.method === 'PUT')).toBe(false);
    await user.click(within(row).getByRole('button', { name: 'This no longer matters to me' }));
    await user.click(within(row).getByRole('button', { name: 'Yes, it no longer matters' }));
    expect(await screen.findByText(/no longer matters to you/)).toHaveTextContent('Sing with my choir again');
    const put = fhir.log.find((l) => l.method === 'PUT');
    expect(put).toMatchObject({ url: 'Goal/g2', headers: { 'if-match': 'W/"1"' } });
    expect(fhir.store.get('Goal/g2')).toMatchObject({
      lifecycleStatus: 'cancelled',
      statusReason: 'No longer matters to the patient',
    });
    expect(screen.queryByTestId('follow-up-g2')).toBeNull();
  });
});

describe('clinician view', () => {
  it('shows each agreed goal’s reports newest first, "no report yet", and the latest survey score', async () => {
    const report = (level: 'less' | 'much-better', now: string, n: number) =>
      fhir.put(attainmentObservation(level, { patientId: 'p1', goalId: 'g1', identifier: ident(n), now }));
    report('less', '2026-11-10T09:00:00Z', 11);
    report('much-better', '2026-11-28T09:00:00Z', 12);
    const qr = fhir.put(
      surveyResponse([9, 9, 9], {
        patientId: 'p1',
        encounterId: 'e1',
        identifier: ident(13),
        authored: '2026-11-30T17:00:00Z',
      }),
    ) as QuestionnaireResponse & { id: string };
    fhir.put(surveyScore(qr, { patientId: 'p1', identifier: ident(14) }));
    show(clinicianSession());
    const panel = await screen.findByTestId('between-visits', {}, { timeout: 5000 });
    const g1 = await within(panel).findByTestId('goal-trend-g1');
    expect(
      within(g1)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Nov 28, 2026: much better than expected', 'Nov 10, 2026: a bit worse than expected']);
    expect(within(panel).getByTestId('goal-trend-g2')).toHaveTextContent('No report yet.');
    expect(within(panel).queryByTestId('goal-trend-g3')).toBeNull();
    expect(within(panel).getByTestId('survey-score')).toHaveTextContent(
      'Top score: every effort made on all 3 questions.',
    );
    expect(within(panel).getByTestId('survey-score')).toHaveTextContent('understand 9, listen 9, include 9');
  });
});
