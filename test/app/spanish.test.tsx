import { render, screen } from '@testing-library/react';
import type { Patient } from 'fhir/r4';
import userEvent from '@testing-library/user-event';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I18nextProvider, useTranslation } from '../../src/i18n/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { promptText, type Prompt } from '../../src/core/prompts';
import { browserLanguage, createI18n, setPatientGender, supported } from '../../src/i18n';
import { PromptCards, type PromptDecisions } from '../../src/prompts/PromptCards';
import { usePatientGender } from '../../src/ui/usePatientGender';

afterEach(() => vi.unstubAllGlobals());

function Title() {
  const { t } = useTranslation();
  return <h1>{t('workspace.matters.title')}</h1>;
}

describe('Spanish that agrees with the patient’s gender', () => {
  it('uses the form for Patient.gender, and neutral words for any other gender or none', () => {
    const i18n = createI18n('es');
    expect(i18n.t('workspace.matters.title')).toBe('Lo que le importa a esta persona');
    setPatientGender(i18n, 'female');
    expect(i18n.t('workspace.matters.title')).toBe('Lo que le importa a esta paciente');
    expect(i18n.t('banner.deceased')).toBe('Fallecida');
    expect(i18n.t('measure.clinician.goals')).toBe('Cómo dice la paciente que van sus metas');
    expect(i18n.t('voice.examples.no-pain')).toBe('Estar cómoda, sin dolor');
    // Interpolation and keys without a gendered form are untouched.
    expect(i18n.t('workspace.goals.agreedBy', { who: i18n.t('workspace.goals.thePatient') })).toBe(
      'acordada por la paciente',
    );
    expect(i18n.t('goals.title')).toBe('Metas');
    setPatientGender(i18n, 'male');
    expect(i18n.t('workspace.matters.title')).toBe('Lo que le importa a este paciente');
    expect(i18n.t('banner.deceased')).toBe('Fallecido');
    setPatientGender(i18n, 'other');
    expect(i18n.t('workspace.matters.title')).toBe('Lo que le importa a esta persona');
    expect(i18n.t('banner.deceased')).toBe('Falleció');
  });

  it('has a neutral and a feminine form for every Spanish text that names the patient as “el paciente”', () => {
    const masculine: string[] = [];
    const visit = (node: unknown, path: string[]) => {
      if (typeof node === 'string') {
        const key = path.join('.');
        if (/\b(el|al|del) paciente\b/i.test(node) && !key.endsWith('_male')) masculine.push(key);
      } else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) visit(v, [...path, k]);
    };
    for (const file of readdirSync('src/i18n').filter((f) => /(^|\.)es\.json$/.test(f)))
      visit(JSON.parse(readFileSync(join('src/i18n', file), 'utf8')), [file]);
    expect(masculine).toEqual([]);
  });

  it('agrees in what the clinician reads after the patient changed something, and in what the patient is asked', () => {
    const i18n = createI18n('es');
    setPatientGender(i18n, 'female');
    expect(i18n.t('measure.clinician.noLongerMatters', { date: '1 dic' })).toMatch(/^La paciente dijo/);
    expect(i18n.t('workspace.agenda.mergedRemoved', { text: 'x' })).toMatch(/^La paciente quitó/);
    expect(i18n.t('measure.followUp.confirm')).toMatch(/^¿Está segura\?/);
    setPatientGender(i18n, undefined);
    expect(i18n.t('workspace.agenda.mergedReworded', { was: 'x' })).toMatch(/^La persona cambió/);
    expect(i18n.t('measure.followUp.confirm')).toMatch(/^¿Lo confirma\?/);
    // The reply to a back-pain e-visit is prefilled the same for every patient: no "Siga activo".
    expect(i18n.t('evisit.reply.lbp.self-care')).toContain('Siga con sus actividades');
  });

  it('leaves English as it is', () => {
    const i18n = createI18n('en');
    setPatientGender(i18n, 'female');
    expect(i18n.t('workspace.matters.title')).toBe('What matters to this patient');
  });

  it('words the screens for the patient once the record gives the gender', () => {
    const i18n = createI18n('es');
    const Screen = ({ patient }: { patient?: Patient }) => {
      usePatientGender(patient);
      return <Title />;
    };
    const { rerender } = render(
      <I18nextProvider i18n={i18n}>
        <Screen />
      </I18nextProvider>,
    );
    expect(screen.getByRole('heading')).toHaveTextContent('Lo que le importa a esta persona');
    rerender(
      <I18nextProvider i18n={i18n}>
        <Screen patient={{ resourceType: 'Patient', gender: 'female' }} />
      </I18nextProvider>,
    );
    expect(screen.getByRole('heading')).toHaveTextContent('Lo que le importa a esta paciente');
  });
});

describe('the language', () => {
  it('follows the browser when it offers English or Spanish, and falls back to English otherwise', () => {
    vi.stubGlobal('navigator', { ...navigator, languages: ['fr-FR', 'es-MX', 'en'] });
    expect(browserLanguage()).toBe('es');
    vi.stubGlobal('navigator', { ...navigator, languages: ['fr-FR', 'de'], language: 'fr-FR' });
    expect(browserLanguage()).toBe('en');
    expect(supported('pt-BR')).toBeUndefined();
    expect(supported('ES')).toBe('es');
  });
});

const r1: Prompt = {
  rule: 'R1',
  kind: 'underuse',
  variant: 'start',
  summary: { key: 'R1.start.summary' },
  detail: { key: 'R1.start.detail' },
  evidence: [],
  notes: [{ key: 'R1.ldl', params: { ldl: '162 mg/dL', date: '2026-05-01' } }],
  source: { label: 'AHA/ACC', citation: 'Grundy 2019', section: 'R1' },
  benefitsHarms: { harms: { key: 'R9b.harms' } },
  priorities: [],
};

describe('prompt cards in Spanish', () => {
  it('shows the prompt, its notes, action and decline reasons in Spanish, agreeing with the patient', async () => {
    const i18n = createI18n('es');
    setPatientGender(i18n, 'female');
    const decisions: PromptDecisions = {
      patientId: 'p1',
      canWrite: true,
      agreed: new Map(),
      accept: vi.fn(async () => undefined),
      decline: vi.fn(async () => undefined),
      // No evidence on this card, so nothing to describe.
      describe: () => {
        throw new Error('no evidence expected');
      },
    };
    render(
      <I18nextProvider i18n={i18n}>
        <PromptCards
          state={{ status: 'ready', result: { patient: 'p1', prompts: [r1], suppressed: [] } }}
          decisions={decisions}
        />
      </I18nextProvider>,
    );
    const es = promptText(r1, 'es', 'female');
    expect(screen.getByRole('article', { name: es.summary })).toHaveTextContent(es.detail);
    expect(es.summary).toMatch(/^Enfermedad cardiovascular y ninguna estatina/);
    expect(screen.getByText('LDL-C más reciente: 162 mg/dL (2026-05-01).')).toBeInTheDocument();
    expect(screen.getByText(es.harms ?? '')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Acordar: Empezar una estatina' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Rechazar…' }));
    expect(
      screen.getByRole('radio', { name: 'La paciente lo rechazó tras conversarlo' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'No corresponde a esta paciente' })).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/Heart or blood-vessel|Most recent|Start a statin/);
  });
});
