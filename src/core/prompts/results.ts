/**
 * The rule engine's result for one patient as FHIR, so population views read prompts as they read
 * any other resource (and run unchanged on Pathling): one GuidanceResponse per rule, its module the
 * rule (the value-care-rule code), `reasonCode` saying whether the patient is in the rule's
 * denominator and whether the prompt fires — or was silenced by a decline or hospice care.
 */
import type { GuidanceResponse, Resource } from 'fhir/r4';
import { CG_PROMPT_RESULT } from '../fhir/vocabulary';
import type { CodeSets } from './codes';
import { parseDay } from './dates';
import { VALUE_CARE_RULE_SYSTEM } from './decline';
import { eligibilityOfRecord } from './eligibility';
import { evaluateRecord } from './engine';
import { PatientRecord } from './record';
import { RULE_IDS } from './types';

const code = (c: string) => ({ coding: [{ system: CG_PROMPT_RESULT, code: c }] });

/** Every rule's result for one patient on `date` (YYYY-MM-DD); ids are `<patient>-<rule>`. */
export function promptResults(
  patientId: string,
  resources: readonly Resource[],
  date: string,
  codes: CodeSets,
): GuidanceResponse[] {
  const t = parseDay(date);
  if (t === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new Error(`Evaluation date must be YYYY-MM-DD, got "${date}"`);
  const record = new PatientRecord(resources, codes);
  const { prompts, suppressed } = evaluateRecord(record, t);
  const eligible = eligibilityOfRecord(record, t);
  const fired = new Map(prompts.map((p) => [p.rule, p]));
  const silenced = new Map(suppressed.map((s) => [s.rule, s.reason]));
  return RULE_IDS.map((rule): GuidanceResponse => {
    const prompt = fired.get(rule);
    const reason = silenced.get(rule);
    return {
      resourceType: 'GuidanceResponse',
      id: `${patientId}-${rule}`,
      moduleCodeableConcept: {
        coding: [{ system: VALUE_CARE_RULE_SYSTEM, code: rule }],
        text: `Value-care prompt ${rule}`,
      },
      status: 'success',
      subject: { reference: `Patient/${patientId}` },
      occurrenceDateTime: date,
      reasonCode: [
        code(eligible[rule] ? 'eligible' : 'not-eligible'),
        code(prompt ? 'fired' : 'not-fired'),
        ...(reason === 'declined' ? [code('declined')] : []),
        ...(reason === 'hospice-or-palliative' ? [code('hospice')] : []),
      ],
    };
  });
}
