/**
 * The measures clinical goals target and the trends chart shows. LOINC codes: HbA1c 4548-4;
 * blood pressure as the 85354-9 panel (or SMART's older 55284-4) with systolic 8480-6 and diastolic
 * 8462-4 components, or as separate systolic/diastolic Observations.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';

import { LOINC } from '../fhir/vocabulary';

export type MeasureId = 'hba1c' | 'systolic' | 'diastolic';
export const MEASURE_IDS: readonly MeasureId[] = ['hba1c', 'systolic', 'diastolic'];

export interface Measure {
  id: MeasureId;
  code: string;
  display: string;
  /** UCUM code and the unit as people write it. */
  ucum: string;
  unit: string;
  /** Other LOINC codes read as the same measure. */
  alsoCodes: readonly string[];
}

export const MEASURES: Record<MeasureId, Measure> = {
  hba1c: {
    id: 'hba1c',
    code: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    ucum: '%',
    unit: '%',
    // 17856-6 is the HPLC method code some labs send for the same result.
    alsoCodes: ['17856-6'],
  },
  systolic: {
    id: 'systolic',
    code: '8480-6',
    display: 'Systolic blood pressure',
    ucum: 'mm[Hg]',
    unit: 'mmHg',
    alsoCodes: [],
  },
  diastolic: {
    id: 'diastolic',
    code: '8462-4',
    display: 'Diastolic blood pressure',
    ucum: 'mm[Hg]',
    unit: 'mmHg',
    alsoCodes: [],
  },
};

/** Blood pressure panels whose components carry systolic and diastolic. */
export const BP_PANELS = ['85354-9', '55284-4'] as const;

export function measureCoding(id: MeasureId): Coding {
  const m = MEASURES[id];
  return { system: LOINC, code: m.code, display: m.display };
}

export function measureConcept(id: MeasureId): CodeableConcept {
  return { coding: [measureCoding(id)], text: MEASURES[id].display };
}

export function loincCodes(cc: CodeableConcept | undefined): string[] {
  return (cc?.coding ?? []).filter((c) => c.system === LOINC && c.code).map((c) => c.code as string);
}

export function measureOf(cc: CodeableConcept | undefined): MeasureId | undefined {
  const codes = loincCodes(cc);
  return MEASURE_IDS.find((id) => {
    const m = MEASURES[id];
    return codes.includes(m.code) || m.alsoCodes.some((c) => codes.includes(c));
  });
}
