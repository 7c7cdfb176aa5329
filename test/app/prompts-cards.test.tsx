import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Bundle, FhirResource } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import { I18nextProvider } from '../../src/i18n/react';
import { describe, expect, it, vi } from 'vitest';
import { promptText, type MessageKey, type Prompt } from '../../src/core/prompts';
import { createI18n } from '../../src/i18n';
import { PromptCards, type PromptDecisions } from '../../src/prompts/PromptCards';
import { usePrompts, type PromptsState } from '../../src/prompts/usePrompts';
import type { RecordView } from '../../src/ui/useRecord';

const SUMMARIES: Partial<Record<Prompt['rule'], MessageKey>> = {
  R1: 'R1.start.summary',
  R8a: 'R8a.summary',
  R9a: 'R9a.summary',
  'R2-safety': 'R2-safety.summary',
};
const prompt = (rule: Prompt['rule'], over: Partial<Prompt> = {}): Prompt => ({
  rule,
  kind: 'underuse',
  variant: 'default',
  summary: { key: SUMMARIES[rule] ?? 'R1.start.summary', params: { age: 70 } },
  detail: { key: 'R1.start.detail' },
  evidence: ['Condition/c1'],
  notes: [],
  source: { label: 'Guideline', citation: 'Cite 2018', section: rule },
  priorities: [],
  ...over,
});

/** A card is named by its summary. */
const summaryOf = (rule: Prompt['rule']) => promptText(prompt(rule)).summary;

function decisions(over: Partial<PromptDecisions> = {}): PromptDecisions {
  return {
    patientId: 'p1',
    canWrite: true,
    agreed: new Map(),
    accept: vi.fn(async () => undefined),
    decline: vi.fn(async () => undefined),
    describe: (reference) => ({ kind: 'missing', reference }),
    ...over,
  };
}

function show(state: PromptsState, d: PromptDecisions) {
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <PromptCards state={state} decisions={d} />
    </I18nextProvider>,
  );
}

const ready = (prompts: Prompt[]): PromptsState => ({
  status: 'ready',
  result: { patient: 'p1', prompts, suppressed: [] },
});

describe('prompt cards', () => {
  it('tells missing care, low-value care and safety apart', () => {
    show(
      ready([prompt('R1'), prompt('R9a', { kind: 'overuse' }), prompt('R2-safety', { kind: 'safety' })]),
      decisions(),
    );
    const groups = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(groups).toEqual(['Safety', 'Care that may be missing', 'Care that may not help']);
  });

  it('renders each card from its CDS Hooks shape: a safety card is a warning, the others information', () => {
    show(ready([prompt('R1'), prompt('R2-safety', { kind: 'safety' })]), decisions());
    expect(screen.getByRole('article', { name: summaryOf('R2-safety') })).toHaveAttribute(
      'data-indicator',
      'warning',
    );
    expect(screen.getByRole('article', { name: summaryOf('R1') })).toHaveAttribute('data-indicator', 'info');
  });

  it('shows the patient’s priority that reworded a prompt, as text', () => {
    show(
      ready([
        prompt('R1', {
          priorities: [{ kind: 'burdensome-care', text: '<b>Too many pills</b>', reference: 'Goal/g1' }],
        }),
      ]),
      decisions(),
    );
    expect(screen.getByText('<b>Too many pills</b>')).toBeInTheDocument();
  });

  it('accepting adds the named action and says it was saved', async () => {
    const d = decisions();
    show(ready([prompt('R1')]), d);
    await userEvent.click(screen.getByRole('button', { name: 'Agree: Start a statin' }));
    expect(d.accept).toHaveBeenCalledWith(expect.objectContaining({ rule: 'R1' }));
    expect(await screen.findByText('Saved in the shared care plan.')).toBeInTheDocument();
  });

  it('declining needs a reason, then records it with the note', async () => {
    const d = decisions();
    show(ready([prompt('R1')]), d);
    await userEvent.click(screen.getByRole('button', { name: 'Decline…' }));
    const save = screen.getByRole('button', { name: 'Record the decline' });
    expect(save).toBeDisabled();
    await userEvent.click(screen.getByRole('radio', { name: 'Not a priority for the patient now' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Note (optional)' }), 'Revisit in spring');
    await userEvent.click(save);
    expect(d.decline).toHaveBeenCalledWith(
      expect.objectContaining({ rule: 'R1' }),
      'not-a-priority',
      'Revisit in spring',
    );
  });

  it('a failed save says why and can be retried', async () => {
    const accept = vi
      .fn()
      .mockRejectedValueOnce(new Error('The server is busy'))
      .mockResolvedValueOnce(undefined);
    show(ready([prompt('R1')]), decisions({ accept }));
    await userEvent.click(screen.getByRole('button', { name: 'Agree: Start a statin' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not save: The server is busy');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(accept).toHaveBeenCalledTimes(2));
    expect(await screen.findByText('Saved in the shared care plan.')).toBeInTheDocument();
  });

  it('"discuss later" sets the card aside without recording anything', async () => {
    const d = decisions();
    show(ready([prompt('R1'), prompt('R8a')]), d);
    const card = screen.getByRole('article', { name: summaryOf('R1') });
    await userEvent.click(within(card).getByRole('button', { name: 'Discuss later' }));
    expect(screen.queryByRole('article', { name: summaryOf('R1') })).not.toBeInTheDocument();
    expect(d.accept).not.toHaveBeenCalled();
    expect(d.decline).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Show them again' }));
    expect(screen.getByRole('article', { name: summaryOf('R1') })).toBeInTheDocument();
  });

  it('shows what was already agreed instead of the buttons, and no buttons when read-only', () => {
    show(
      ready([prompt('R1'), prompt('R8a')]),
      decisions({
        agreed: new Map([
          ['R1', { rule: 'R1', label: 'Start a statin', date: '2026-11-01', reference: 'CarePlan/1' }],
        ]),
      }),
    );
    expect(screen.getByRole('article', { name: summaryOf('R1') })).toHaveTextContent(
      'Agreed on Nov 1, 2026: Start a statin',
    );
    // No decision buttons; the decision aid (issue 13) stays available to show the numbers again.
    const buttons = within(screen.getByRole('article', { name: summaryOf('R1') })).queryAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['See the numbers']);
  });

  it('is view-only without write access', () => {
    show(ready([prompt('R1')]), decisions({ canWrite: false }));
    expect(screen.queryByRole('button', { name: /Agree/ })).toBeNull();
    expect(screen.getByText(/View only/)).toBeInTheDocument();
  });
});

describe('usePrompts', () => {
  function Probe({ panels }: { panels: RecordView }) {
    const state = usePrompts(panels, new Date('2026-06-30T12:00:00'));
    return (
      <p>{state.status === 'ready' ? state.result.prompts.map((p) => p.rule).join(',') : state.status}</p>
    );
  }

  it('evaluates the rules on the record once every panel has settled, with lazily loaded codes', async () => {
    const bundle = JSON.parse(readFileSync('fhir-fixtures/rules/r1.json', 'utf8')) as Bundle;
    const mine = (bundle.entry ?? [])
      .map((e) => e.resource as FhirResource)
      .filter((r) => r.id === 'r1-pos-icd' || JSON.stringify(r).includes('Patient/r1-pos-icd'));
    const panels: RecordView = {
      patient: { status: 'ready', resources: mine, problems: [] },
      goals: { status: 'loading' },
    };
    const { rerender } = render(<Probe panels={panels} />);
    expect(screen.getByText('waiting')).toBeInTheDocument();
    rerender(<Probe panels={{ ...panels, goals: { status: 'ready', resources: [], problems: [] } }} />);
    expect(await screen.findByText(/R1/)).toBeInTheDocument();
  });
});
