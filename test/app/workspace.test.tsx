import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CarePlan, FhirResource, Goal, Identifier, Patient, QuestionnaireResponse } from 'fhir/r4';
import { I18nextProvider } from '../../src/i18n/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/platform/session';
import { grantedAccess, writeAccess } from '../../src/core/smart/scopes';
import { AGENDA_CANONICAL, agendaAnswers, agendaItems } from '../../src/core/voice/agenda';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import { SHARED_PLAN } from '../../src/core/plan';
import { createI18n } from '../../src/i18n';
import { RecordScreen } from '../../src/app/RecordScreen';
import { FakeFhir } from './fakeFhir';
import { GOAL_ACCEPTANCE_EXT } from '../../src/core/fhir/vocabulary';

const ident = (n: number): Identifier => ({
  system: 'urn:ietf:rfc:3986',
  value: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
});

let fhir: FakeFhir;

function seed({ priorities = true, agenda = true } = {}) {
  fhir = new FakeFhir();
  fhir.put({
    resourceType: 'Patient',
    id: 'p1',
    name: [{ given: ['Rosa'], family: 'Díaz' }],
    birthDate: '1946-02-01',
  });
  fhir.put({
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: 'Patient/p1' },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
        ],
      },
    ],
    code: { text: 'Type 2 diabetes' },
  });
  fhir.put({
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-06-01',
    valueQuantity: { value: 8.6, unit: '%' },
  });
  fhir.put({
    resourceType: 'Observation',
    id: 'o2',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-10-01',
    valueQuantity: { value: 7.9, unit: '%' },
  });
  if (priorities) {
    const ctx = { patientId: 'p1', today: '2026-11-02' };
    fhir.put({
      ...newPriorityGoal(
        { kind: 'outcome-goal', text: 'Dance at my granddaughter’s wedding', oneThing: true },
        { ...ctx, identifier: ident(1) },
      ),
      id: 'g1',
    });
    fhir.put({
      ...newPriorityGoal({ kind: 'value', text: 'Stay in my own home' }, { ...ctx, identifier: ident(2) }),
      id: 'g2',
    });
    fhir.put({
      ...newPriorityGoal(
        { kind: 'care-burdensome', text: 'Too many pills' },
        { ...ctx, identifier: ident(3) },
      ),
      id: 'g3',
    });
  }
  if (agenda) {
    fhir.put({
      resourceType: 'QuestionnaireResponse',
      id: 'qr1',
      questionnaire: AGENDA_CANONICAL,
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      authored: '2026-11-25',
      item: agendaAnswers([
        { text: 'My feet tingle at night', addressed: false },
        { text: 'Can I stop one of my pills?', addressed: false },
      ]),
    } satisfies QuestionnaireResponse);
  }
}

function session(scopes = 'patient/*.cruds'): Session {
  const access = grantedAccess(scopes, '');
  return {
    client: fhir.client(),
    iss: 'https://ehr.example.org/fhir',
    kind: 'ehr',
    role: 'clinician',
    patientId: 'p1',
    fhirUser: 'Practitioner/dr-1',
    access,
    write: writeAccess(access),
    needBanner: true,
    fhir: fhir.requester('p1'),
  };
}

function show(s: Session = session(), lang: 'en' | 'es' = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <RecordScreen session={s} today={new Date(2026, 10, 26, 10)} />
    </I18nextProvider>,
  );
}

const writes = () => fhir.log.filter((l) => l.method !== 'GET');

beforeEach(() => seed());

describe('clinician workspace', () => {
  it('shows what matters to the patient first: the one thing, their other priorities, care preferences, when stated', async () => {
    show();
    // The first render in this file also loads the workspace's lazy chunk: slow on a busy machine.
    const matters = await screen.findByTestId('what-matters', {}, { timeout: 5000 });
    expect(
      within(await screen.findByTestId('one-thing')).getByText('Dance at my granddaughter’s wedding'),
    ).toBeInTheDocument();
    expect(matters).toHaveTextContent('Stay in my own home');
    expect(matters).toHaveTextContent('Care they find burdensome');
    expect(matters).toHaveTextContent('Too many pills');
    expect(matters).toHaveTextContent('said Nov 2, 2026');
    // The date is kept on one line (no-break spaces); only "said" may wrap before it.
    expect(matters.textContent).toContain('said Nov\u00a02,\u00a02026');
    const problems = await screen.findByRole('region', { name: 'Problems' });
    const agenda = screen.getByTestId('agenda');
    // Before the agenda, the problems, the goals and the plan.
    expect(matters.compareDocumentPosition(agenda) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(matters.compareDocumentPosition(problems) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 2 })[0]).toHaveTextContent('What matters to this patient');
  });

  it('with nothing recorded, prompts to ask and records the patient’s words (expressedBy the Patient, entered by the clinician)', async () => {
    seed({ priorities: false });
    const user = userEvent.setup();
    show();
    const empty = await screen.findByTestId('matters-empty');
    expect(empty).toHaveTextContent('What matters most to you');
    await user.type(
      screen.getByLabelText('In the patient’s words'.replace('’', "'")),
      'See the ocean <again>',
    );
    await user.click(screen.getByLabelText('Something they want to be able to do'));
    await user.click(screen.getByLabelText('This is the one thing that matters most'));
    await user.click(screen.getByRole('button', { name: 'Save the patient’s words'.replace('’', "'") }));
    expect(await screen.findByTestId('one-thing')).toHaveTextContent('See the ocean <again>');
    const post = writes()[0];
    expect(post).toMatchObject({ method: 'POST', url: 'Goal' });
    expect(post?.headers['if-none-exist']).toMatch(/^identifier=urn%3Aietf%3Arfc%3A3986%7Curn%3Auuid%3A/);
    const goal = fhir.all<Goal>('Goal')[0];
    expect(goal?.expressedBy).toEqual({ reference: 'Patient/p1' });
    expect(goal?.note?.[0]?.authorReference).toEqual({ reference: 'Practitioner/dr-1' });
    expect(goal?.lifecycleStatus).toBe('proposed');
  });

  it('saves no priority until the clinician says what kind it is, and a care preference is never kept as the one thing', async () => {
    seed({ priorities: false });
    const user = userEvent.setup();
    show();
    await screen.findByTestId('matters-empty');
    const save = screen.getByRole('button', { name: "Save the patient's words" });
    // Nothing is chosen for them: every kind is shown, none selected.
    for (const kind of [
      'Something they value',
      'Something they want to be able to do',
      'Care they find helpful',
      'Care they find burdensome',
    ])
      expect(screen.getByRole('radio', { name: kind })).not.toBeChecked();
    await user.type(screen.getByLabelText("In the patient's words"), 'The weekly nurse visits');
    await user.click(save);
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose what kind of priority this is.');
    expect(writes()).toEqual([]);
    // Ticked as the one thing, then changed to a care preference: the hidden box no longer counts.
    await user.click(screen.getByRole('radio', { name: 'Something they value' }));
    await user.click(screen.getByLabelText('This is the one thing that matters most'));
    await user.click(screen.getByRole('radio', { name: 'Care they find helpful' }));
    expect(screen.queryByLabelText('This is the one thing that matters most')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(save);
    const matters = screen.getByTestId('what-matters');
    await waitFor(() => expect(matters).toHaveTextContent('The weekly nurse visits'));
    expect(within(matters).queryByTestId('one-thing')).toBeNull();
    expect(within(matters).getByRole('heading', { name: 'Care they find helpful' })).toBeInTheDocument();
    expect(writes()).toEqual([expect.objectContaining({ method: 'POST', url: 'Goal' })]);
  });

  it('checks off an agenda item and saves it with If-Match', async () => {
    const user = userEvent.setup();
    show();
    const box = await screen.findByRole('checkbox', { name: 'My feet tingle at night' });
    await user.click(box);
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: 'My feet tingle at night' })).toBeChecked(),
    );
    expect(writes()).toEqual([expect.objectContaining({ method: 'PUT', url: 'QuestionnaireResponse/qr1' })]);
    expect(writes()[0]?.headers['if-match']).toBe('W/"1"');
    const qr = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    expect(JSON.stringify(qr.item)).toContain('"valueBoolean":true');
    expect(screen.getByTestId('agenda')).toHaveTextContent('1 of 2 talked about');
  });

  it('a check-off after the patient changed the agenda lands on their version: nothing of theirs is lost', async () => {
    const user = userEvent.setup();
    show();
    const box = await screen.findByRole('checkbox', { name: 'My feet tingle at night' });
    const qr = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    fhir.put({
      ...qr,
      item: agendaAnswers([
        { text: 'My feet tingle at night', addressed: false },
        { text: 'Can I stop one of my pills?', addressed: false },
        { text: 'A new worry', addressed: false },
      ]),
    });
    await user.click(box);
    expect(await screen.findByText(/your check-off was added to the newest version/)).toBeInTheDocument();
    const saved = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    expect(saved.meta?.versionId).toBe('3');
    expect(JSON.stringify(saved.item)).toContain('A new worry');
    expect(JSON.stringify(saved.item)).toContain('"valueBoolean":true');
    expect(screen.getByRole('checkbox', { name: 'A new worry' })).not.toBeChecked();
  });

  it('a check-off while the patient rewords the item lands on that item and says what happened', async () => {
    const user = userEvent.setup();
    show();
    const box = await screen.findByRole('checkbox', { name: 'My feet tingle at night' });
    const qr = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    fhir.put({
      ...qr,
      item: agendaAnswers([
        { text: 'My feet tingle and burn at night', addressed: false },
        { text: 'Can I stop one of my pills?', addressed: false },
      ]),
    });
    await user.click(box);
    expect(
      await screen.findByText(
        'The patient reworded this item meanwhile (it was “My feet tingle at night”); your check-off was saved on it.',
      ),
    ).toBeInTheDocument();
    const saved = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    expect(agendaItems(saved).map((i) => [i.text, i.addressed])).toEqual([
      ['My feet tingle and burn at night', true],
      ['Can I stop one of my pills?', false],
    ]);
    expect(screen.getByRole('checkbox', { name: 'My feet tingle and burn at night' })).toBeChecked();
  });

  it('a check-off on an item the patient took off meanwhile checks nothing off, and says so', async () => {
    const user = userEvent.setup();
    show();
    const box = await screen.findByRole('checkbox', { name: 'Can I stop one of my pills?' });
    const qr = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    // The patient removed the second item (their app kept each item's id, here its place name).
    fhir.put({
      ...qr,
      item: agendaAnswers([{ id: 'concern-1', text: 'My feet tingle at night', addressed: false }]),
    });
    await user.click(box);
    expect(
      await screen.findByText(
        'The patient took “Can I stop one of my pills?” off the agenda meanwhile, so there was nothing to check off.',
      ),
    ).toBeInTheDocument();
    const saved = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    expect(agendaItems(saved).map((i) => [i.text, i.addressed])).toEqual([
      ['My feet tingle at night', false],
    ]);
    expect(screen.getByRole('checkbox', { name: 'My feet tingle at night' })).not.toBeChecked();
  });

  it('a check-off a colleague already made meanwhile writes nothing more: no second PUT, no new version', async () => {
    const user = userEvent.setup();
    show();
    const box = await screen.findByRole('checkbox', { name: 'My feet tingle at night' });
    const qr = fhir.store.get('QuestionnaireResponse/qr1') as QuestionnaireResponse;
    const items = agendaItems(qr).map((i) => (i.id === 'concern-1' ? { ...i, addressed: true } : i));
    fhir.put({ ...qr, item: agendaAnswers(items) });
    const version = fhir.store.get('QuestionnaireResponse/qr1')?.meta?.versionId;
    await user.click(box);
    await waitFor(() => expect(box).toBeChecked());
    const puts = writes().filter((w) => w.url === 'QuestionnaireResponse/qr1');
    // The first, on the version this screen read, is refused (412); re-applied to theirs, the
    // check-off is already there, so nothing is sent again.
    expect(puts).toHaveLength(1);
    expect(fhir.store.get('QuestionnaireResponse/qr1')?.meta?.versionId).toBe(version);
  });

  it('What matters shows priorities other apps recorded (Observations, plain Goals), with their source', async () => {
    seed({ priorities: false });
    fhir.put({
      resourceType: 'Observation',
      id: 'pref',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '81338-6' }] },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: '2026-08-01',
      valueString: 'Taking more pills is a burden to me',
    });
    fhir.put({
      resourceType: 'Goal',
      id: 'plain',
      lifecycleStatus: 'proposed',
      description: { text: 'Swim in the lake this summer' },
      subject: { reference: 'Patient/p1' },
      expressedBy: { reference: 'RelatedPerson/daughter' },
      startDate: '2026-09-01',
    });
    show();
    const matters = await screen.findByTestId('what-matters');
    await within(matters).findByText('Taking more pills is a burden to me');
    expect(screen.queryByTestId('matters-empty')).toBeNull();
    const pills = within(matters)
      .getByText('Taking more pills is a burden to me')
      .closest('li') as HTMLElement;
    expect(pills).toHaveTextContent('from an Observation; read-only here');
    const swim = within(matters).getByText('Swim in the lake this summer').closest('li') as HTMLElement;
    expect(swim).toHaveTextContent('said by a family member or caregiver');
    expect(swim).toHaveTextContent('recorded by another app; read-only here');
  });

  it('accepts the patient’s goal with a target and the condition it addresses, recording who agreed', async () => {
    const user = userEvent.setup();
    show();
    await user.click(
      await screen.findByRole('button', {
        name: /^Agree on this goal\s*:\s*Dance at my granddaughter’s wedding$/,
      }),
    );
    const form = screen.getByTestId('goal-form');
    await user.click(within(form).getByRole('button', { name: 'Add a target' }));
    await user.selectOptions(within(form).getByLabelText('Measure'), 'hba1c');
    await user.selectOptions(within(form).getByLabelText('Target'), 'below');
    await user.type(within(form).getByLabelText('Value'), '8,0');
    await user.click(within(form).getByRole('checkbox', { name: 'Type 2 diabetes' }));
    await user.click(within(form).getByRole('button', { name: 'Save — we both agree' }));
    expect(await screen.findByText('Goal saved.')).toBeInTheDocument();
    const put = writes().find((w) => w.url === 'Goal/g1');
    expect(put?.headers['if-match']).toBe('W/"1"');
    const goal = fhir.store.get('Goal/g1') as Goal;
    expect(goal.lifecycleStatus).toBe('accepted');
    expect(goal.target?.[0]?.detailRange?.high?.value).toBe(8);
    expect(goal.target?.[0]?.measure?.coding?.[0]?.code).toBe('4548-4');
    expect(goal.addresses).toEqual([{ reference: 'Condition/c1' }]);
    expect(goal.extension?.filter((e) => e.url === GOAL_ACCEPTANCE_EXT)).toHaveLength(2);
    // The trend now draws the agreed target.
    expect(await screen.findByTestId('trend-hba1c')).toHaveTextContent('Goal: at or below 8 %.');
  });

  it('a goal written "<8 %" by the EHR is charted as below 8, not at or below it, in each language', async () => {
    fhir.put({
      resourceType: 'Goal',
      id: 'g-ehr',
      lifecycleStatus: 'active',
      description: { text: 'HbA1c below 8.0%' },
      subject: { reference: 'Patient/p1' },
      target: [
        {
          measure: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
          detailQuantity: {
            value: 8,
            comparator: '<',
            unit: '%',
            system: 'http://unitsofmeasure.org',
            code: '%',
          },
        },
      ],
    });
    const english = show();
    const trend = await screen.findByTestId('trend-hba1c', {}, { timeout: 5000 });
    expect(trend).toHaveTextContent('Goal: below 8 %.');
    expect(trend).not.toHaveTextContent('at or below');
    english.unmount();
    show(session(), 'es');
    const tendencia = await screen.findByTestId('trend-hba1c', {}, { timeout: 5000 });
    expect(tendencia).toHaveTextContent('Meta: menor que 8 %.');
    expect(tendencia).not.toHaveTextContent('igual o menor');
  });

  it('care preferences and values are under What matters, never goals to agree or goals in the list', async () => {
    show();
    const negotiate = await screen.findByTestId('negotiate');
    expect(
      await within(negotiate).findByRole('button', {
        name: /^Agree on this goal\s*:\s*Dance at my granddaughter’s wedding$/,
      }),
    ).toBeInTheDocument();
    expect(negotiate).not.toHaveTextContent('Too many pills');
    expect(negotiate).not.toHaveTextContent('Stay in my own home');
    const goalsPanel = screen.getByRole('region', { name: 'Goals' });
    expect(goalsPanel).toHaveTextContent('Dance at my granddaughter’s wedding');
    expect(goalsPanel).not.toHaveTextContent('Too many pills');
    expect(goalsPanel).not.toHaveTextContent('Stay in my own home');
    expect(screen.getByTestId('what-matters')).toHaveTextContent('Too many pills');
  });

  it('editing "HbA1c below 8.0%" shows "less than 8" and saves the target with its comparator', async () => {
    const user = userEvent.setup();
    const target = {
      measure: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: 'HbA1c' },
      detailQuantity: {
        comparator: '<' as const,
        value: 8,
        unit: '%',
        system: 'http://unitsofmeasure.org',
        code: '%',
      },
      dueDate: '2027-05-01',
    };
    fhir.put({
      resourceType: 'Goal',
      id: 'gc',
      lifecycleStatus: 'active',
      description: { text: 'HbA1c below 8.0%' },
      subject: { reference: 'Patient/p1' },
      expressedBy: { reference: 'Practitioner/dr-1' },
      target: [target],
    });
    show();
    expect(await screen.findByRole('region', { name: 'Goals' })).toHaveTextContent('Target: HbA1c < 8 %');
    await user.click(await screen.findByRole('button', { name: /^Edit\s*:\s*HbA1c below 8.0%$/ }));
    const form = screen.getByTestId('goal-form');
    const row = within(form).getByRole('group', { name: 'Target 1' });
    expect(within(row).getByLabelText('Target')).toHaveDisplayValue('less than');
    expect(within(row).getByLabelText('Value')).toHaveValue('8');
    await user.click(within(form).getByRole('button', { name: 'Save — we both agree' }));
    expect(await screen.findByText('Goal saved.')).toBeInTheDocument();
    expect((fhir.store.get('Goal/gc') as Goal).target).toEqual([target]);
  });

  it('rejects a target that is not a number', async () => {
    const user = userEvent.setup();
    show();
    await user.click(await screen.findByRole('button', { name: 'Propose a clinical goal' }));
    const form = screen.getByTestId('goal-form');
    await user.type(within(form).getByLabelText('The goal, in words the patient agrees with'), 'A1c under 8');
    await user.click(within(form).getByRole('button', { name: 'Add a target' }));
    await user.selectOptions(within(form).getByLabelText('Measure'), 'hba1c');
    await user.selectOptions(within(form).getByLabelText('Target'), 'under');
    await user.type(within(form).getByLabelText('Value'), 'eight');
    await user.click(within(form).getByRole('button', { name: 'Save as a proposal' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Enter a number');
    expect(writes()).toEqual([]);
  });

  it('a new clinical goal is agreed, and its target compared, only as the clinician says', async () => {
    const user = userEvent.setup();
    show();
    await user.click(await screen.findByRole('button', { name: 'Propose a clinical goal' }));
    const form = screen.getByTestId('goal-form');
    // Not assumed: the patient's agreement is unticked, so saving now would be a proposal.
    expect(within(form).getByLabelText('The patient agrees to this goal now')).not.toBeChecked();
    await user.type(within(form).getByLabelText('The goal, in words the patient agrees with'), 'A1c under 8');
    await user.click(within(form).getByRole('button', { name: 'Add a target' }));
    const row = within(form).getByRole('group', { name: 'Target 1' });
    // A new target row measures nothing and compares nothing until chosen.
    expect(within(row).getByLabelText('Measure')).toHaveDisplayValue('Choose what is measured');
    expect(within(row).getByLabelText('Target')).toHaveDisplayValue('Choose how it compares');
    await user.type(within(row).getByLabelText('Value'), '8');
    await user.click(within(form).getByRole('button', { name: 'Save as a proposal' }));
    expect(within(row).getByRole('alert')).toHaveTextContent('Choose what this target measures.');
    await user.selectOptions(within(row).getByLabelText('Measure'), 'hba1c');
    await user.click(within(form).getByRole('button', { name: 'Save as a proposal' }));
    expect(within(row).getByRole('alert')).toHaveTextContent('Choose how the value compares');
    expect(writes()).toEqual([]);
    await user.selectOptions(within(row).getByLabelText('Target'), 'under');
    await user.click(within(form).getByLabelText('The patient agrees to this goal now'));
    await user.click(within(form).getByRole('button', { name: 'Save — we both agree' }));
    expect(await screen.findByText('Goal saved.')).toBeInTheDocument();
    const goal = fhir.all<Goal>('Goal').find((g) => g.description.text === 'A1c under 8');
    expect(goal?.lifecycleStatus).toBe('accepted');
    expect(goal?.target?.[0]?.detailQuantity).toMatchObject({ comparator: '<', value: 8 });
  });

  it('a new clinical goal saved without the patient agreeing is a proposal, not an agreement', async () => {
    const user = userEvent.setup();
    show();
    await user.click(await screen.findByRole('button', { name: 'Propose a clinical goal' }));
    const form = screen.getByTestId('goal-form');
    await user.type(
      within(form).getByLabelText('The goal, in words the patient agrees with'),
      'Walk 20 minutes',
    );
    await user.click(within(form).getByRole('button', { name: 'Save as a proposal' }));
    expect(await screen.findByText('Goal saved.')).toBeInTheDocument();
    const goal = fhir.all<Goal>('Goal').find((g) => g.description.text === 'Walk 20 minutes');
    expect(goal?.lifecycleStatus).toBe('proposed');
  });

  it('shows the HbA1c trend as a chart with a text alternative', async () => {
    show();
    const fig = await screen.findByTestId('trend-hba1c');
    expect(within(fig).getByRole('img', { name: 'HbA1c' })).toHaveAccessibleDescription(
      /2 results shown, latest 7.9 % on Oct 1, 2026/,
    );
    expect(within(fig).getAllByRole('row')).toHaveLength(3);
  });

  it('counts a single result in the singular, in each language', async () => {
    fhir.store.delete('Observation/o1');
    const english = show();
    expect(await screen.findByTestId('trend-hba1c', {}, { timeout: 5000 })).toHaveTextContent(
      'HbA1c: 1 result shown, 7.9 % on Oct 1, 2026.',
    );
    english.unmount();
    show(session(), 'es');
    expect(await screen.findByTestId('trend-hba1c', {}, { timeout: 5000 })).toHaveTextContent(
      'HbA1c: 1 resultado mostrado, 7.9 % el 1 oct 2026.',
    );
  });

  it('writes the shared care plan once, then updates the same plan with If-Match', async () => {
    const user = userEvent.setup();
    show();
    const plan = await screen.findByTestId('shared-plan');
    await user.click(await within(plan).findByRole('checkbox', { name: 'Type 2 diabetes' }));
    await user.type(within(plan).getByLabelText('What, in plain words'), 'Walk after dinner');
    await user.selectOptions(within(plan).getByLabelText('Decision'), 'agreed');
    await user.click(within(plan).getByRole('button', { name: 'Add' }));
    await user.type(within(plan).getByLabelText('What, in plain words'), 'Insulin');
    await user.selectOptions(within(plan).getByLabelText('Decision'), 'declined');
    await user.type(within(plan).getByLabelText('Why the patient declined'), 'Wants to try diet first');
    await user.click(within(plan).getByRole('button', { name: 'Add' }));
    await user.type(within(plan).getByLabelText('Visit summary'), 'We agreed to walk more.');
    await user.click(within(plan).getByRole('button', { name: 'Save the shared care plan' }));
    expect(await within(plan).findByText('Shared care plan saved.')).toBeInTheDocument();
    const post = writes().find((w) => w.url === 'CarePlan');
    expect(post?.method).toBe('POST');
    expect(post?.headers['if-none-exist']).toMatch(/^identifier=/);
    const [saved] = fhir.all<CarePlan>('CarePlan');
    expect(saved?.category?.some((c) => c.coding?.some((x) => x.code === SHARED_PLAN.code))).toBe(true);
    expect(saved?.author).toEqual({ reference: 'Practitioner/dr-1' });
    expect(saved?.activity?.map((a) => a.detail?.status)).toEqual(['not-started', 'cancelled']);
    expect(saved?.text?.div).toContain('Wants to try diet first');

    await user.clear(within(plan).getByLabelText('Visit summary'));
    await user.type(
      within(plan).getByLabelText('Visit summary'),
      'We agreed to walk more, and to talk in 3 months.',
    );
    await user.click(within(plan).getByRole('button', { name: 'Save the shared care plan' }));
    await waitFor(() => expect(writes().filter((w) => w.url.startsWith('CarePlan'))).toHaveLength(2));
    const put = writes().filter((w) => w.url.startsWith('CarePlan'))[1];
    expect(put).toMatchObject({ method: 'PUT', url: `CarePlan/${saved?.id}` });
    expect(put?.headers['if-match']).toBe('W/"1"');
    expect(fhir.all('CarePlan')).toHaveLength(1);
    expect((fhir.all<CarePlan>('CarePlan')[0]?.note ?? []).map((n) => n.text)).toEqual([
      'We agreed to walk more, and to talk in 3 months.',
    ]);
    expect(screen.getByTestId('print-copy')).toHaveTextContent('Care plan for Rosa Díaz');
  });

  it('adds nothing to the plan until the clinician says what was decided, and asks again for the next item', async () => {
    const user = userEvent.setup();
    show();
    const plan = await screen.findByTestId('shared-plan');
    const decision = await within(plan).findByLabelText('Decision');
    expect(decision).toHaveValue('');
    await user.type(within(plan).getByLabelText('What, in plain words'), 'Insulin');
    await user.click(within(plan).getByRole('button', { name: 'Add' }));
    expect(within(plan).getByRole('alert')).toHaveTextContent(
      'Choose what was decided: agreed, offered and declined, or we will not do it, on purpose.',
    );
    expect(within(plan).queryByText('Insulin')).not.toBeInTheDocument();
    expect(within(plan).getByLabelText('What, in plain words')).toHaveValue('Insulin');

    await user.selectOptions(decision, 'not-to-do');
    await user.click(within(plan).getByRole('button', { name: 'Add' }));
    expect(within(plan).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(plan).getByText('Insulin')).toBeInTheDocument();
    // The next item does not inherit the last decision.
    expect(within(plan).getByLabelText('Decision')).toHaveValue('');
  });

  it('each decision option reads as the group the patient will find it in, in each language', async () => {
    for (const [lang, notToDo, heading] of [
      ['en', 'We will not do this, on purpose', 'What we will not do, on purpose'],
      ['es', 'No lo vamos a hacer, a propósito', 'Lo que no vamos a hacer, a propósito'],
    ] as const) {
      const { unmount } = show(session(), lang);
      const plan = await screen.findByTestId('shared-plan');
      const option = within(plan).getByRole('option', { name: notToDo }) as HTMLOptionElement;
      expect(option.value).toBe('not-to-do');
      // The patient's heading for doNotPerform items says the same thing.
      expect(createI18n(lang).t('voice.plan.notDoing')).toBe(heading);
      unmount();
    }
  });

  it('a 412 on the plan shows what the other writer changed and saves the merge: both changes survive', async () => {
    const user = userEvent.setup();
    fhir.put({
      resourceType: 'CarePlan',
      id: 'cp1',
      status: 'active',
      intent: 'plan',
      identifier: [ident(9)],
      category: [{ coding: [SHARED_PLAN] }],
      subject: { reference: 'Patient/p1' },
    });
    show();
    const plan = await screen.findByTestId('shared-plan');
    await within(plan).findByTestId('plan-saved-at');
    // A colleague saves first.
    const theirs = fhir.store.get('CarePlan/cp1') as CarePlan;
    fhir.put({
      ...theirs,
      activity: [{ detail: { status: 'not-started', description: 'Foot check by podiatry' } }],
    });
    await user.type(within(plan).getByLabelText('What, in plain words'), 'Walk after dinner');
    await user.selectOptions(within(plan).getByLabelText('Decision'), 'agreed');
    await user.click(within(plan).getByRole('button', { name: 'Add' }));
    await user.click(within(plan).getByRole('button', { name: 'Save the shared care plan' }));
    const merge = await within(plan).findByTestId('merge');
    expect(within(merge).getByTestId('their-changes')).toHaveTextContent(
      'activities: Foot check by podiatry',
    );
    expect(fhir.store.get('CarePlan/cp1')?.meta?.versionId).toBe('2');
    await user.click(within(merge).getByRole('button', { name: 'Save the combined version' }));
    expect(await within(plan).findByText('Shared care plan saved.')).toBeInTheDocument();
    const saved = fhir.store.get('CarePlan/cp1') as CarePlan;
    expect(saved.meta?.versionId).toBe('3');
    expect(saved.activity?.map((a) => a.detail?.description)).toEqual([
      'Foot check by podiatry',
      'Walk after dinner',
    ]);
    const puts = writes().filter((w) => w.url === 'CarePlan/cp1');
    expect(puts.map((p) => p.headers['if-match'])).toEqual(['W/"1"', 'W/"2"']);
  });

  it('a first plan a colleague created meanwhile is met, not duplicated: review, then one plan with both', async () => {
    const user = userEvent.setup();
    show();
    const plan = await screen.findByTestId('shared-plan');
    expect(await within(plan).findByText(/No shared care plan yet/)).toBeInTheDocument();
    // After this screen read the record, another session creates the patient's shared plan under
    // its own identifier, so a conditional create of ours cannot see it.
    fhir.put({
      resourceType: 'CarePlan',
      id: 'cp-theirs',
      status: 'active',
      intent: 'plan',
      identifier: [ident(8)],
      category: [{ coding: [SHARED_PLAN] }],
      subject: { reference: 'Patient/p1' },
      activity: [{ detail: { status: 'not-started', description: 'Foot check by podiatry' } }],
    });
    await user.type(within(plan).getByLabelText('What, in plain words'), 'Walk after dinner');
    await user.selectOptions(within(plan).getByLabelText('Decision'), 'agreed');
    await user.click(within(plan).getByRole('button', { name: 'Add' }));
    await user.click(within(plan).getByRole('button', { name: 'Save the shared care plan' }));
    const merge = await within(plan).findByTestId('merge');
    expect(within(merge).getByTestId('their-changes')).toHaveTextContent('Foot check by podiatry');
    expect(writes().filter((w) => w.url.startsWith('CarePlan'))).toEqual([]);
    await user.click(within(merge).getByRole('button', { name: 'Save the combined version' }));
    expect(await within(plan).findByText('Shared care plan saved.')).toBeInTheDocument();
    expect(fhir.all('CarePlan')).toHaveLength(1);
    const saved = fhir.store.get('CarePlan/cp-theirs') as CarePlan;
    expect(saved.identifier).toEqual([ident(8)]);
    expect(saved.activity?.map((a) => a.detail?.description)).toEqual([
      'Foot check by podiatry',
      'Walk after dinner',
    ]);
    expect(
      writes()
        .filter((w) => w.url.startsWith('CarePlan'))
        .map((w) => [w.method, w.url, w.headers['if-match']]),
    ).toEqual([['PUT', 'CarePlan/cp-theirs', 'W/"1"']]);
  });

  it('without write scopes it is read-only, and says why', async () => {
    show(session('patient/*.rs'));
    expect(await screen.findByTestId('read-only')).toHaveTextContent('Goal, CarePlan, QuestionnaireResponse');
    expect(await screen.findByRole('checkbox', { name: 'My feet tingle at night' })).toBeDisabled();
    expect(await screen.findByRole('button', { name: 'Save the shared care plan' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Propose a clinical goal' })).toBeDisabled();
  });

  it('is read-only, and says why, when the server’s CapabilityStatement cannot update CarePlan', async () => {
    fhir.capability = {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-01-01',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [
        {
          mode: 'server',
          resource: [
            { type: 'Goal', interaction: [{ code: 'create' }, { code: 'update' }] },
            { type: 'CarePlan', interaction: [{ code: 'read' }] },
            { type: 'QuestionnaireResponse', interaction: [{ code: 'create' }, { code: 'update' }] },
          ],
        },
      ],
    };
    show();
    expect(await screen.findByTestId('workspace-read-only')).toHaveTextContent(
      'does not accept changes to CarePlan',
    );
    expect(await screen.findByRole('button', { name: 'Save the shared care plan' })).toBeDisabled();
  });

  it('an edit in progress survives a reload, and an expired token keeps it for the relaunch', async () => {
    const user = userEvent.setup();
    const first = show();
    const plan = await screen.findByTestId('shared-plan');
    await user.type(await within(plan).findByLabelText('Visit summary'), 'Half-written summary');
    first.unmount();

    show();
    const again = await screen.findByTestId('shared-plan');
    expect(await within(again).findByLabelText('Visit summary')).toHaveValue('Half-written summary');
    expect(again).toHaveTextContent('Unsaved changes from earlier were restored');

    fhir.failNextWith = 401;
    await user.click(within(again).getByRole('button', { name: 'Save the shared care plan' }));
    // The CarePlan search before the create goes through the requester; the create itself answers 401.
    expect(await screen.findByText('Your session has ended')).toBeInTheDocument();
    expect(JSON.stringify({ ...localStorage })).toContain('Half-written summary');
    expect(fhir.all('CarePlan')).toHaveLength(0);
  });

  it('never renders patient text as markup', async () => {
    seed({ priorities: false });
    fhir.put({
      ...newPriorityGoal(
        { kind: 'value', text: '<img src=x onerror="window.pwnd=1">', oneThing: true },
        { patientId: 'p1', today: '2026-11-02', identifier: ident(4) },
      ),
      id: 'gx',
    });
    const { container } = show();
    expect(await screen.findByTestId('one-thing')).toHaveTextContent('<img src=x onerror="window.pwnd=1">');
    await act(async () => {});
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('value-care prompts in the workspace', () => {
  const RULE_SYSTEM = 'https://common-ground.example/fhir/CodeSystem/value-care-rule';
  const card = async (rule: string) => {
    const el = await screen.findByRole('heading', { name: /no advance care planning/i }, { timeout: 5000 });
    const article = el.closest('article');
    expect(article?.getAttribute('data-rule')).toBe(rule);
    return article as HTMLElement;
  };
  const ruleActivities = (plan: CarePlan | undefined) =>
    (plan?.activity ?? []).filter((a) => a.detail?.code?.coding?.some((c) => c.system === RULE_SYSTEM));

  it('accepting a prompt adds its action to the shared care plan, once, and the card says it is agreed', async () => {
    show();
    const r10 = await card('R10');
    await userEvent.click(within(r10).getByRole('button', { name: /^Agree:/ }));
    expect(await within(r10).findByText('Saved in the shared care plan.')).toBeInTheDocument();
    const plans = fhir.all<CarePlan>('CarePlan');
    expect(plans).toHaveLength(1);
    const [activity] = ruleActivities(plans[0]);
    expect(activity?.detail).toMatchObject({ status: 'not-started', kind: 'Appointment' });
    expect(activity?.detail?.doNotPerform).not.toBe(true);
    expect(activity?.detail?.code?.coding).toContainEqual(expect.objectContaining({ code: '713603004' }));
    expect(plans[0]?.category).toContainEqual({ coding: [SHARED_PLAN] });
    expect(await within(await card('R10')).findByText(/^Agreed on/)).toBeInTheDocument();
  });

  it('declining records the reason in the plan and the prompt is set aside for 12 months', async () => {
    show();
    const r10 = await card('R10');
    await userEvent.click(within(r10).getByRole('button', { name: 'Decline…' }));
    await userEvent.click(within(r10).getByRole('radio', { name: 'Patient declined after discussion' }));
    await userEvent.type(within(r10).getByRole('textbox'), 'Will think about it with her daughter');
    await userEvent.click(within(r10).getByRole('button', { name: 'Record the decline' }));
    await waitFor(() => expect(ruleActivities(fhir.all<CarePlan>('CarePlan')[0])).toHaveLength(1));
    const [activity] = ruleActivities(fhir.all<CarePlan>('CarePlan')[0]);
    expect(activity?.detail).toMatchObject({
      status: 'cancelled',
      scheduledPeriod: { start: '2026-11-26' },
      statusReason: {
        coding: [expect.objectContaining({ code: 'patient-declined' })],
        text: 'Patient declined after discussion — Will think about it with her daughter',
      },
    });
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: /no advance care planning/i })).toBeNull(),
    );
    expect(screen.getByText(/R10: declined in the last 12 months/)).toBeInTheDocument();
  });

  it('a retried decision reuses the identifiers fixed when it was made: one Goal, one plan, the goal linked (R4)', async () => {
    // R4: 80, type 2 diabetes on a sulfonylurea with an HbA1c below 7%.
    fhir.put({
      ...(fhir.store.get('Condition/c1') as FhirResource),
      code: {
        coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' }],
        text: 'Type 2 diabetes',
      },
    } as FhirResource);
    fhir.put({
      ...(fhir.store.get('Observation/o2') as FhirResource),
      valueQuantity: { value: 6.4, unit: '%' },
    } as FhirResource);
    fhir.put({
      resourceType: 'MedicationRequest',
      id: 'm1',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      authoredOn: '2026-01-01',
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '310488' }],
        text: 'glipizide 10 MG Oral Tablet',
      },
    });
    fhir.failWhen = (method, url) => (method !== 'GET' && url.startsWith('CarePlan') ? 503 : undefined);
    const user = userEvent.setup();
    show();
    const r4 = (
      await screen.findByText(/HbA1c/i, { selector: 'article[data-rule="R4"] button' }, { timeout: 5000 })
    ).closest('article') as HTMLElement;
    await user.click(within(r4).getByRole('button', { name: /^Agree:/ }));
    const retry = await within(r4).findByRole('button', { name: 'Try again' }, { timeout: 10_000 });
    expect(fhir.all('Goal').filter((g) => (g as Goal).description.text?.includes('HbA1c'))).toHaveLength(1);
    fhir.failWhen = undefined;
    await user.click(retry);
    expect(await within(r4).findByText('Saved in the shared care plan.')).toBeInTheDocument();
    const goals = fhir.all<Goal>('Goal').filter((g) => g.description.text?.includes('HbA1c'));
    expect(goals).toHaveLength(1);
    expect(goals[0]?.description.text).toMatch(/^HbA1c below 8/);
    const plans = fhir.all<CarePlan>('CarePlan');
    expect(plans).toHaveLength(1);
    expect(plans[0]?.goal?.map((g) => g.reference)).toContain(`Goal/${goals[0]?.id}`);
    // The narrative written into the record names the goal, not its id.
    expect(plans[0]?.text?.div).toContain('HbA1c below 8');
    // Every attempt at the plan's create carried the same identifier.
    const planCreates = writes().filter((w) => w.method === 'POST' && w.url === 'CarePlan');
    expect(planCreates.length).toBeGreaterThan(1);
    expect(new Set(planCreates.map((w) => w.headers['if-none-exist'])).size).toBe(1);
  }, 30_000);

  it('a decision made while someone else changed the plan lands on their version, keeping their change', async () => {
    fhir.put({
      resourceType: 'CarePlan',
      id: 'plan1',
      identifier: [ident(9)],
      status: 'active',
      intent: 'plan',
      category: [{ coding: [SHARED_PLAN] }],
      subject: { reference: 'Patient/p1' },
      note: [{ text: 'first' }],
    });
    show();
    const r10 = await card('R10');
    // Another clinician saves a newer version after this screen read the plan.
    const current = fhir.store.get('CarePlan/plan1') as CarePlan;
    fhir.put({ ...current, note: [{ text: 'first' }, { text: 'from the other clinician' }] });
    await userEvent.click(within(r10).getByRole('button', { name: /^Agree:/ }));
    expect(await within(r10).findByText('Saved in the shared care plan.')).toBeInTheDocument();
    const plan = fhir.store.get('CarePlan/plan1') as CarePlan;
    expect(plan.note?.map((n) => n.text)).toContain('from the other clinician');
    expect(ruleActivities(plan)).toHaveLength(1);
    expect(fhir.all('CarePlan')).toHaveLength(1);
    expect(
      writes()
        .filter((w) => w.method === 'PUT')
        .map((w) => w.headers['if-match']),
    ).toEqual(['W/"1"', 'W/"2"']);
  });
});

describe('the clinician continues the plan the patient sees (fidelity)', () => {
  const ASSESS = { system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' };
  function seedEhrPlans() {
    fhir.put({
      resourceType: 'CarePlan',
      id: 'ehr-plan',
      status: 'active',
      intent: 'plan',
      title: 'Diabetes plan',
      category: [{ coding: [ASSESS] }],
      subject: { reference: 'Patient/p1' },
      author: { reference: 'Practitioner/ehr-doc', display: 'Dr. Ruiz' },
      text: {
        status: 'generated',
        div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Check feet at every visit.</p></div>',
      },
      activity: [{ detail: { status: 'scheduled', description: 'Yearly eye exam' } }],
    });
    fhir.put({
      resourceType: 'CarePlan',
      id: 'other',
      status: 'active',
      intent: 'plan',
      title: 'Diabetes self management plan',
      category: [{ text: 'Diabetes self management plan' }],
      subject: { reference: 'Patient/p1' },
    });
  }

  it('shows the EHR’s plan, and saving updates it in place with If-Match: still one active shared plan', async () => {
    seedEhrPlans();
    const user = userEvent.setup();
    show();
    const plan = await screen.findByTestId('shared-plan');
    expect(await within(plan).findByTestId('plan-adopting')).toBeInTheDocument();
    expect(plan).not.toHaveTextContent('No shared care plan yet');
    expect(within(plan).getByTestId('plan-activities')).toHaveTextContent('Yearly eye exam');
    expect(within(plan).getByTestId('other-plans')).toHaveTextContent('Diabetes self management plan');
    await user.type(within(plan).getByLabelText('Visit summary'), 'We talked about your feet.');
    await user.click(within(plan).getByRole('button', { name: 'Save the shared care plan' }));
    expect(await within(plan).findByText('Shared care plan saved.')).toBeInTheDocument();
    const put = writes().find((w) => w.url.startsWith('CarePlan'));
    expect(put).toMatchObject({ method: 'PUT', url: 'CarePlan/ehr-plan' });
    expect(put?.headers['if-match']).toBe('W/"1"');
    expect(fhir.all('CarePlan')).toHaveLength(2);
    const saved = fhir.store.get('CarePlan/ehr-plan') as CarePlan;
    expect(saved.author).toEqual({ reference: 'Practitioner/ehr-doc', display: 'Dr. Ruiz' });
    expect(saved.category).toContainEqual({ coding: [SHARED_PLAN] });
    expect(saved.contributor?.map((c) => c.reference)).toEqual(['Practitioner/dr-1', 'Patient/p1']);
    expect(saved.activity?.map((a) => a.detail?.description)).toEqual(['Yearly eye exam']);
    expect(saved.text?.div).toContain('Check feet at every visit.');
    expect(screen.getByTestId('print-copy')).toHaveTextContent('Yearly eye exam');
  });

  it('problems the EHR addressed by bare reference are named in the editor, the print copy and the narrative', async () => {
    seedEhrPlans();
    const ehr = fhir.store.get('CarePlan/ehr-plan') as CarePlan;
    fhir.put({ ...ehr, addresses: [{ reference: 'Condition/c1' }] });
    const user = userEvent.setup();
    show();
    const plan = await screen.findByTestId('shared-plan');
    expect(await within(plan).findByRole('checkbox', { name: 'Type 2 diabetes' })).toBeChecked();
    expect(screen.getByTestId('summary-problems')).toHaveTextContent('Type 2 diabetes');
    await user.click(within(plan).getByRole('button', { name: 'Save the shared care plan' }));
    expect(await within(plan).findByText('Shared care plan saved.')).toBeInTheDocument();
    const saved = fhir.store.get('CarePlan/ehr-plan') as CarePlan;
    expect(saved.text?.div).toContain('Type 2 diabetes');
  });

  it('an EHR activity done or on hold says so in the editor and the print copy', async () => {
    seedEhrPlans();
    const ehr = fhir.store.get('CarePlan/ehr-plan') as CarePlan;
    fhir.put({
      ...ehr,
      activity: [
        { detail: { status: 'completed', description: 'Yearly eye exam' } },
        { detail: { status: 'on-hold', description: 'Physical therapy' } },
      ],
    });
    show();
    const plan = await screen.findByTestId('shared-plan');
    const rows = await within(plan).findByTestId('plan-activities');
    expect(rows).toHaveTextContent('Yearly eye examAgreed · done');
    expect(rows).toHaveTextContent('Physical therapyAgreed · paused');
    expect(screen.getByTestId('summary-agreed')).toHaveTextContent(
      'Yearly eye exam (done)Physical therapy (paused)',
    );
  });

  it('the narrative and the print copy are in the patient’s language', async () => {
    const patient = fhir.store.get('Patient/p1') as Patient;
    fhir.put({
      ...patient,
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, preferred: true }],
    });
    const user = userEvent.setup();
    show();
    const plan = await screen.findByTestId('shared-plan');
    await user.type(await within(plan).findByLabelText('What, in plain words'), 'Caminar después de cenar');
    await user.selectOptions(within(plan).getByLabelText('Decision'), 'agreed');
    await user.click(within(plan).getByRole('button', { name: 'Add' }));
    await user.click(within(plan).getByRole('button', { name: 'Save the shared care plan' }));
    expect(await within(plan).findByText('Shared care plan saved.')).toBeInTheDocument();
    const [saved] = fhir.all<CarePlan>('CarePlan');
    expect(saved?.text?.div).toContain('Nuestro plan de cuidado compartido');
    expect(saved?.text?.div).toContain('Lo que vamos a hacer');
    expect(screen.getByTestId('print-copy')).toHaveTextContent('Plan de cuidado de Rosa Díaz');
    expect(screen.getByTestId('summary-agreed')).toHaveTextContent('Caminar después de cenar');
  });
});
