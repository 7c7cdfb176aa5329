/**
 * Temperatures as the patient's thermometer shows them. A US thermometer reads °F, so the e-visit
 * asks in either unit (SDC unitOption) and keeps the reading as given; the red-flag rule and the
 * clinician's summary compare and say it in °C too. A response to a Questionnaire before 1.1.0
 * answered in °C as a plain decimal.
 */
import type { Coding, QuestionnaireItem, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import { QUESTIONNAIRE_UNIT_OPTION_EXT, UCUM } from '../fhir/vocabulary';

export const CELSIUS: Coding = { system: UCUM, code: 'Cel', display: '°C' };
export const FAHRENHEIT: Coding = { system: UCUM, code: '[degF]', display: '°F' };

/** What a body temperature can plausibly read, per unit (the same span in both: 30–45 °C). */
const LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  Cel: [30, 45],
  '[degF]': [86, 113],
};

export function unitLimits(code: string | undefined): readonly [number, number] | undefined {
  return code ? LIMITS[code] : undefined;
}

/** The units a quantity item offers, in the Questionnaire's order (the first is the default). */
export function unitOptions(item: QuestionnaireItem): Coding[] {
  return (item.extension ?? []).flatMap((e) =>
    e.url === QUESTIONNAIRE_UNIT_OPTION_EXT && e.valueCoding ? [e.valueCoding] : [],
  );
}

/** An answer's number in the unit the rules use (°C for a temperature), or undefined. */
export function canonicalNumber(a: QuestionnaireResponseItemAnswer | undefined): number | undefined {
  const q = a?.valueQuantity;
  const v = a?.valueDecimal ?? a?.valueInteger ?? q?.value;
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  return q?.code === FAHRENHEIT.code ? ((v - 32) * 5) / 9 : v;
}

/** True when the answer was given in °F (so a summary says both). */
export function inFahrenheit(a: QuestionnaireResponseItemAnswer | undefined): boolean {
  return a?.valueQuantity?.code === FAHRENHEIT.code;
}
