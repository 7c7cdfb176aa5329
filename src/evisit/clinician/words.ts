/** Languages and dates as the review screens say them. */
import type { Patient } from 'fhir/r4';
import type { SummaryLanguage } from '../../core/evisit/summary';
import { preferredLanguage } from '../../core/record/display';

/** The app speaks English and Spanish; anything else reads in English. */
export function clinicianLanguage(tag: string | undefined): SummaryLanguage {
  return tag?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The language the reply is written in: the patient's preferred one, where the app has it. */
export function replyLanguage(patient: Patient | undefined): SummaryLanguage {
  return clinicianLanguage(preferredLanguage(patient));
}

export function dayTime(value: string | undefined, lang: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleString(lang, {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      });
}
