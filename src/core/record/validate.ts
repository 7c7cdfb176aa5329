/**
 * A light structural check of resources from the server, so one malformed resource is reported in
 * its panel instead of breaking the screen. It checks what the screens and rules read, not the
 * whole R4 specification.
 */
import type { FhirResource } from 'fhir/r4';

type Check = (r: Record<string, unknown>) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function required(...fields: string[]): Check {
  return (r) => fields.find((f) => r[f] === undefined || r[f] === null || r[f] === '');
}

function concept(field: string, mandatory: boolean): Check {
  return (r) => {
    const v = r[field];
    if (v === undefined) return mandatory ? field : undefined;
    if (!isObject(v)) return field;
    if (v.coding !== undefined && !Array.isArray(v.coding)) return `${field}.coding`;
    if (v.text !== undefined && !isString(v.text)) return `${field}.text`;
    return undefined;
  };
}

function reference(field: string): Check {
  return (r) => {
    const v = r[field];
    if (v === undefined) return field;
    return isObject(v) && (v.reference === undefined || isString(v.reference)) ? undefined : field;
  };
}

function arrayOf(field: string): Check {
  return (r) => (r[field] === undefined || Array.isArray(r[field]) ? undefined : field);
}

const CHECKS: Record<string, Check[]> = {
  Patient: [arrayOf('name'), arrayOf('identifier'), arrayOf('communication')],
  Condition: [reference('subject'), concept('code', false), arrayOf('category')],
  Goal: [required('lifecycleStatus'), concept('description', true), reference('subject'), arrayOf('target')],
  CarePlan: [required('status', 'intent'), reference('subject'), arrayOf('activity'), arrayOf('goal')],
  Observation: [required('status'), concept('code', true), arrayOf('component')],
  MedicationRequest: [required('status', 'intent'), reference('subject')],
  MedicationStatement: [required('status'), reference('subject')],
  Procedure: [required('status'), reference('subject'), concept('code', false)],
  Encounter: [required('status')],
  ServiceRequest: [required('status', 'intent'), reference('subject')],
  QuestionnaireResponse: [required('status'), arrayOf('item')],
};

/** Returns why `value` cannot be used as a `type`, or undefined when it can. */
export function problemWith(type: string, value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (value.resourceType !== type) return `expected ${type}, got ${String(value.resourceType)}`;
  if (!isString(value.id) || value.id === '') return 'no id';
  for (const check of CHECKS[type] ?? []) {
    const bad = check(value);
    if (bad) return `${type}/${value.id}: missing or malformed ${bad}`;
  }
  return undefined;
}

export interface Sorted<T extends FhirResource> {
  valid: T[];
  /** One message per resource that failed the check. */
  problems: string[];
}

export function sortValid<T extends FhirResource>(type: T['resourceType'], items: unknown[]): Sorted<T> {
  const valid: T[] = [];
  const problems: string[] = [];
  for (const item of items) {
    const problem = problemWith(type, item);
    if (problem) problems.push(problem);
    else valid.push(item as T);
  }
  return { valid, problems };
}
