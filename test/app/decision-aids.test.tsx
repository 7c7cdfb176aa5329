import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CarePlan } from 'fhir/r4';
import { I18nextProvider } from '../../src/i18n/react';
import { describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../src/core/prompts';
import { createI18n } from '../../src/i18n';
import { PromptCards, type PromptDecisions } from '../../src/prompts/PromptCards';
import { LazyPlanAids } from '../../src/prompts/aids';
import { IconArray, iconPaths } from '../../src/prompts/aids/IconArray';
import type { PromptsState } from '../../src/prompts/usePrompts';

const prompt = (rule: Prompt['rule'], kind: Prompt['kind'] = 'underuse'): Prompt => ({
  rule,
  kind,
  variant: 'default',
  summary: { key: rule === 'R8a' ? 'R8a.summary' : 'R1.start.summary', params: { age: 70 } },
  detail: { key: 'R1.start.detail' },
  evidence: ['Condition/c1'],
  notes: [],
  source: { label: 'Guideline', citation: 'Cite 2018', section: rule },
  priorities: [],
});

const ready = (prompts: Prompt[]): PromptsState => ({
  status: 'ready',
  result: { patient: 'p1', prompts, suppressed: [] },
});

function decisions(age: number, over: Partial<PromptDecisions> = {}): PromptDecisions {
  return {
    patientId: 'p1',
    canWrite: true,
    agreed: new Map(),
    accept: vi.fn(async () => undefined),
    decline: vi.fn(async () => undefined),
    describe: (reference) =>
      reference === 'Patient/p1' ? { kind: 'patient', reference, age } : { kind: 'missing', reference },
    aidShown: vi.fn(async () => undefined),
    ...over,
  };
}

function show(prompts: Prompt[], d: PromptDecisions, lang: 'en' | 'es' = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <PromptCards state={ready(prompts)} decisions={d} />
    </I18nextProvider>,
  );
}

/** People drawn in a path: each person is a head and a body, each closed once. */
const people = (d: string | null) => ((d ?? '').match(/Z/g) ?? []).length / 2;

describe('icon array', () => {
  it('draws exactly `per` people, the marked ones first', () => {
    const p = iconPaths(1000, 36);
    expect(people(p.marked)).toBe(36);
    expect(people(p.unchanged)).toBe(964);
    expect((p.crosses.match(/M/g) ?? []).length).toBe(72);
  });

  it('is one image named by its sentence, told apart by shape: filled, crossed, outlined', () => {
    const { container } = render(<IconArray per={100} count={10} mark="harmed" name="If 100 people…" />);
    const img = screen.getByRole('img', { name: 'If 100 people…' });
    const [unchanged, marked, cross] = [...img.querySelectorAll('path')];
    expect(unchanged).toHaveAttribute('fill', 'none');
    expect(people(unchanged!.getAttribute('d'))).toBe(90);
    expect(marked).toHaveAttribute('fill', 'currentColor');
    expect(people(marked!.getAttribute('d'))).toBe(10);
    expect(cross).toHaveClass('fig-cross');
    expect(container.querySelectorAll('svg[role="img"]')).toHaveLength(1);
  });
});

describe('decision aid on a prompt card', () => {
  it("R1: the clinician opens the numbers; the figure's name is the document's sentence, with its source", async () => {
    show([prompt('R1')], decisions(66));
    const card = screen.getByRole('article');
    expect(within(card).queryByRole('img')).toBeNull();
    await userEvent.click(within(card).getByRole('button', { name: 'See the numbers' }));
    const fig = await within(card).findByRole('img', {
      name: 'If 100 people with heart disease take a statin for 5 years, about 10 of them will avoid a heart attack, stroke or artery operation.',
    });
    expect(fig).toHaveAttribute('data-per', '100');
    expect(fig).toHaveAttribute('data-marked', '10');
    expect(within(card).getByText('10 out of 100')).toBeInTheDocument();
    expect(within(card).getAllByText(/Collins et al., Lancet 2016;388:2532/).length).toBeGreaterThan(0);
    // Per-year and relative numbers are text, not figures; SECONDARY ones say who reported them.
    expect(within(card).getAllByRole('img')).toHaveLength(1);
    expect(within(card).getByText(/11 \(6–16\) per 1,000 person-years/)).toBeInTheDocument();
    expect(
      within(card).getAllByText(/reported by medworm.com news/, { selector: 'p' }).length,
    ).toBeGreaterThan(0);
    expect(
      within(card).getByText(/absolute benefit of a high-intensity .*: no reliable number is available\./),
    ).toBeInTheDocument();
  });

  it('R8a in Spanish: colonoscopy beside FIT, 1,000 figures each, with the age mismatch in the name', async () => {
    show([prompt('R8a')], decisions(82), 'es');
    await userEvent.click(screen.getByRole('button', { name: 'Ver las cifras' }));
    const deaths = await screen.findByRole('img', {
      name: 'Si 1,000 personas de 50 a 79 años se hacen una colonoscopia, 6 menos mueren de cáncer de colon en 15 años; estas cifras son de personas de 50 a 79 años, y esta persona tiene 82.',
    });
    expect(deaths).toHaveAttribute('data-per', '1000');
    const figure = deaths.closest('figure')!;
    const arms = within(figure as HTMLElement).getAllByRole('img');
    expect(arms).toHaveLength(2);
    expect(arms[1]).toHaveAccessibleName(/prueba de heces \(FIT\) cada año, 6 menos mueren/);
    expect(within(figure as HTMLElement).getByText(/Buskermolen, BMJ 2019/)).toBeInTheDocument();
    expect(within(figure as HTMLElement).getAllByText('6 de cada 1,000')).toHaveLength(2);
    expect(screen.getAllByRole('img')).toHaveLength(6);
  });

  it('"show the patient" opens the aid large and in plain words, notes it in the plan, and Escape returns', async () => {
    const d = decisions(66);
    show([prompt('R1')], d);
    await userEvent.click(screen.getByRole('button', { name: 'See the numbers' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Show the patient' }));
    const dialog = await screen.findByRole('dialog', { name: 'What the numbers say' });
    await within(dialog).findByRole('img', { name: /^If 100 people with heart disease take a statin/ });
    expect(within(dialog).getAllByRole('button', { name: 'Back to the clinician view' })[0]).toHaveFocus();
    expect(d.aidShown).toHaveBeenCalledWith([
      {
        id: 'statin-secondary',
        title: expect.objectContaining({ en: 'A statin for heart or artery disease' }),
      },
    ]);
    expect(await screen.findByText('Noted in the shared plan: this aid was shown.')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says so when the aid cannot be noted in the plan', async () => {
    show(
      [prompt('R1')],
      decisions(66, { aidShown: vi.fn(async () => Promise.reject(new Error('Server said 500'))) }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'See the numbers' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Show the patient' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This aid could not be noted in the shared plan: Server said 500',
    );
  });

  it('offers no aid on a card whose decision has no numbers', () => {
    show([prompt('R2-safety', 'safety')], decisions(66));
    expect(screen.queryByRole('button', { name: 'See the numbers' })).toBeNull();
  });
});

describe('the aids a plan was discussed with', () => {
  it('shows the aid of a prompt decided in the plan, for the patient, in their words', async () => {
    const plan: CarePlan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/p1' },
      activity: [
        {
          extension: [
            {
              url: 'https://common-ground.example/fhir/StructureDefinition/careplan-activity-key',
              valueString: 'prompt:R9a',
            },
          ],
          detail: { status: 'in-progress', doNotPerform: true, description: 'No PSA test' },
        },
      ],
    };
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <LazyPlanAids plan={plan} lang="en" age={72} />
      </I18nextProvider>,
    );
    expect(await screen.findByRole('heading', { name: 'The numbers we talked about' })).toBeInTheDocument();
    // PSA numbers are SECONDARY: no figure, the plain line says they are for another age group.
    expect(screen.queryByRole('img')).toBeNull();
    expect(
      screen.getByText(
        /15 leak urine from treatment; these numbers are for men aged 55 to 69, and you are 72\./,
      ),
    ).toBeInTheDocument();
  });
});
