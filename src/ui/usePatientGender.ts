import type { Patient } from 'fhir/r4';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { setPatientGender } from '../i18n';

/** Words about the patient agree with the gender their record gives (see src/i18n/index.ts). */
export function usePatientGender(patient: Patient | undefined): void {
  const { i18n } = useTranslation();
  const gender = patient?.gender;
  useEffect(() => setPatientGender(i18n, gender), [i18n, gender]);
}
