import { readFileSync } from 'node:fs';
import type { Bundle, CarePlan, CarePlanActivity, FhirResource, Resource } from 'fhir/r4';
import { nodeCodeSets } from '../../src/cli/prompts';
import { evaluatePrompts, type EvaluationResult } from '../../src/core/prompts';

export const RULES_DIR = new URL('../../fhir-fixtures/rules/', import.meta.url);

export interface Expectation {
  file: string;
  note: string;
  fires: string[];
  absent: string[];
  variants?: Record<string, string>;
}

export const expectations = JSON.parse(
  readFileSync(new URL('./fixture-expectations.json', import.meta.url), 'utf8'),
) as {
  evaluationDate: string;
  patients: Record<string, Expectation>;
};
export const EVALUATION_DATE = expectations.evaluationDate;

const bundles = new Map<string, Bundle>();
export function bundle(file: string): Bundle {
  let b = bundles.get(file);
  if (!b) bundles.set(file, (b = JSON.parse(readFileSync(new URL(file, RULES_DIR), 'utf8')) as Bundle));
  return b;
}

/** One fixture patient's resources (deep-copied so a test may edit them). */
export function patientResources(id: string): FhirResource[] {
  const e = expectations.patients[id];
  if (!e) throw new Error(`no fixture patient ${id}`);
  const all = (bundle(e.file).entry ?? []).flatMap((x) => (x.resource ? [x.resource] : []));
  const mine = all.filter((r) => r.id === id || JSON.stringify(r).includes(`"Patient/${id}"`));
  return structuredClone(mine);
}

export function evaluate(resources: Resource[], date = EVALUATION_DATE): EvaluationResult {
  return evaluatePrompts({ resources, date }, nodeCodeSets());
}

/** The R1 positive patient with a shared plan holding these activities (e.g. a recorded decline). */
export function r1PatientWithPlan(activity: CarePlanActivity[]): Resource[] {
  const plan: CarePlan = {
    resourceType: 'CarePlan',
    id: 'plan',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/r1-pos-icd' },
    activity,
  };
  return [...patientResources('r1-pos-icd'), plan];
}
