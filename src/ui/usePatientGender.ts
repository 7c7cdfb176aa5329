import type { Patient } from 'fhir/r4';
import { useTranslation } from '../i18n/react';
import { setPatientGender } from '../i18n/instance';

/**
 * Words about the patient agree with the gender their record gives (see src/i18n/index.ts). Set
 * while rendering, so the screens below render with it in the same pass: the record's arrival
 * redraws them anyway, and a redraw of every translated component on top would hold up the screens
 * still loading.
 */
export function usePatientGender(patient: Patient | undefined): void {
  const { i18n } = useTranslation();
  setPatientGender(i18n, patient?.gender);
}
