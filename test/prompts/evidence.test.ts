/** "Why this came up" reads like a chart: names, values with units, dates, the patient's age. */
import type { FhirResource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { nodeCodeSets } from '../../src/cli/prompts';
import { describeEvidence, evidenceLookup, type EvidencePart } from '../../src/core/prompts/evidence';

const LOINC = 'http://loinc.org';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const subject = { reference: 'Patient/p1' };
const record: FhirResource[] = [
  { resourceType: 'Patient', id: 'p1', birthDate: '1948-05-01', gender: 'female' },
  {
    resourceType: 'Observation',
    id: 'a1c',
    status: 'final',
    code: {
      coding: [{ system: LOINC, code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' }],
    },
    subject,
    effectiveDateTime: '2026-11-03T08:15:00-05:00',
    valueQuantity: { value: 7.2, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  },
  {
    resourceType: 'Observation',
    id: 'bare',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '4548-4' }] },
    subject,
    effectiveDateTime: '2026-05-01',
    valueQuantity: { value: 6.8, unit: '%' },
  },
  {
    resourceType: 'Observation',
    id: 'bp',
    status: 'final',
    code: { text: 'Blood pressure' },
    subject,
    effectiveDateTime: '2026-06-30',
    component: [
      {
        code: { coding: [{ system: LOINC, code: '8480-6' }] },
        valueQuantity: { value: 150, unit: 'mm[Hg]' },
      },
      { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: 90, unit: 'mm[Hg]' } },
    ],
  },
  {
    resourceType: 'Condition',
    id: 'dm',
    code: { coding: [{ system: ICD, code: 'E11.9' }] },
    subject,
    onsetDateTime: '2010-01-01',
  },
  {
    resourceType: 'Condition',
    id: 'mi',
    code: { coding: [{ system: ICD, code: 'I25.2', display: 'Old myocardial infarction' }] },
    subject,
    recordedDate: '2019-03-01',
  },
  {
    resourceType: 'MedicationRequest',
    id: 'glipizide',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'glipizide 10 MG Oral Tablet' },
    subject,
    authoredOn: '2026-01-01',
  },
];
const find = evidenceLookup(record);
const codes = nodeCodeSets();
const part = (reference: string): EvidencePart =>
  describeEvidence(reference, find, { today: '2026-11-03', codes });

describe('evidence, readable', () => {
  it('names a result, with its value, unit and calendar date', () => {
    expect(part('Observation/a1c')).toEqual({
      kind: 'entry',
      reference: 'Observation/a1c',
      resourceType: 'Observation',
      name: 'Hemoglobin A1c/Hemoglobin.total in Blood',
      value: '7.2 %',
      date: '2026-11-03',
    });
  });

  it('reads the patient as the age the rules used, not "Patient"', () => {
    expect(part('Patient/p1')).toEqual({ kind: 'patient', reference: 'Patient/p1', age: 78 });
    expect(describeEvidence('Patient/p1', find, { today: '2026-04-30' })).toMatchObject({ age: 77 });
  });

  it('keeps a bare code a code, with the code list it is in as context', () => {
    expect(part('Observation/bare')).toMatchObject({
      code: { code: '4548-4', list: 'HbA1c laboratory test' },
      value: '6.8 %',
    });
    expect(part('Condition/dm')).toMatchObject({
      code: { code: 'E11.9', list: 'Diabetes' },
      date: '2010-01-01',
    });
    expect(describeEvidence('Condition/dm', find, { today: '2026-11-03' })).toMatchObject({
      code: { code: 'E11.9' },
    });
  });

  it('shows a blood pressure panel as one reading and links a condition to the problem list', () => {
    expect(part('Observation/bp')).toMatchObject({ name: 'Blood pressure', value: '150/90 mmHg' });
    expect(part('Condition/mi')).toMatchObject({
      name: 'Old myocardial infarction',
      date: '2019-03-01',
      anchor: 'record-condition-mi',
    });
    expect(part('MedicationRequest/glipizide')).toMatchObject({
      name: 'glipizide 10 MG Oral Tablet',
      date: '2026-01-01',
    });
  });

  it('says when an entry is not in the record it was given', () => {
    expect(part('Procedure/gone')).toEqual({ kind: 'missing', reference: 'Procedure/gone' });
  });
});
