/** The cards' "Why this came up" reads like a chart, in the UI language, linked to the problem list. */
import { render, screen, within } from '@testing-library/react';
import type { FhirResource } from 'fhir/r4';
import { I18nextProvider } from '../../src/i18n/react';
import { describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../src/core/prompts';
import { loadCodeSets, type CompiledCodes } from '../../src/core/prompts/codes';
import codesJson from '../../src/core/prompts/codes.generated.json';
import { describeEvidence, evidenceLookup } from '../../src/core/prompts/evidence';
import { createI18n } from '../../src/i18n';
import { PromptCards, type PromptDecisions } from '../../src/prompts/PromptCards';
import type { PromptsState } from '../../src/prompts/usePrompts';

const subject = { reference: 'Patient/p1' };
const record: FhirResource[] = [
  { resourceType: 'Patient', id: 'p1', birthDate: '1948-05-01' },
  {
    resourceType: 'Observation',
    id: 'a1c',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'HbA1c' }] },
    subject,
    effectiveDateTime: '2026-11-03T08:15:00-05:00',
    valueQuantity: { value: 7.2, unit: '%' },
  },
  {
    resourceType: 'Condition',
    id: 'bare',
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' }] },
    subject,
    onsetDateTime: '2012-02-01',
  },
  {
    resourceType: 'Condition',
    id: 'dm',
    code: {
      coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9', display: 'Type 2 diabetes' }],
    },
    subject,
    onsetDateTime: '2010-01-01',
  },
];

const prompt: Prompt = {
  rule: 'R1',
  kind: 'underuse',
  variant: 'start',
  summary: { key: 'R1.start.summary', params: { age: 78 } },
  detail: { key: 'R1.start.detail' },
  evidence: ['Patient/p1', 'Condition/dm', 'Observation/a1c'],
  notes: [],
  source: { label: 'Guideline', citation: 'Cite', section: 'R1' },
  priorities: [],
};

const find = evidenceLookup(record);
const decisions: PromptDecisions = {
  patientId: 'p1',
  canWrite: false,
  agreed: new Map(),
  accept: vi.fn(async () => undefined),
  decline: vi.fn(async () => undefined),
  describe: (reference, codes) => describeEvidence(reference, find, { today: '2026-11-03', codes }),
};

const ready: PromptsState = { status: 'ready', result: { patient: 'p1', prompts: [prompt], suppressed: [] } };

function whyList(lang: 'en' | 'es', state: PromptsState = ready): HTMLElement {
  const { container } = render(
    <I18nextProvider i18n={createI18n(lang)}>
      <PromptCards state={state} decisions={decisions} />
    </I18nextProvider>,
  );
  const list = container.querySelector('details ul');
  if (!(list instanceof HTMLElement)) throw new Error('no evidence list');
  return list;
}

describe('prompt evidence on the card', () => {
  it('shows names, values with units and local dates, and the age instead of "Patient"', () => {
    const items = within(whyList('en'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(['Age 78', 'Type 2 diabetes on Jan 1, 2010', 'HbA1c 7.2 % on Nov 3, 2026']);
    expect(screen.getByRole('link', { name: 'Type 2 diabetes on Jan 1, 2010' })).toHaveAttribute(
      'href',
      '#record-condition-dm',
    );
  });

  it('formats the same evidence in Spanish', () => {
    const items = within(whyList('es'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(['Edad: 78 años', 'Type 2 diabetes el 1 ene 2010', 'HbA1c 7.2 % el 3 nov 2026']);
  });

  it('names a bare code by the code list the rules know it from, once the code sets are loaded', () => {
    const withCodes: PromptsState = {
      ...ready,
      codes: loadCodeSets(codesJson as unknown as CompiledCodes),
      result: { patient: 'p1', prompts: [{ ...prompt, evidence: ['Condition/bare'] }], suppressed: [] },
    };
    expect(within(whyList('en', withCodes)).getByRole('link').textContent).toBe(
      'Code E11.9 (Diabetes) on Feb 1, 2012',
    );
  });
});
