import type { Patient } from 'fhir/r4';
import { useEffect } from 'react';
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
  // A screen about one patient inside one about many (an e-visit opened from the queue): the
  // words go back to neutral when it closes.
  useEffect(() => () => setPatientGender(i18n, undefined), [i18n]);
}
