import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { requiredBindingIssues, temporalIssues } from './bindings';
import { narrativeProblem } from './narrative';

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
/** R4 datatypes.html#id: "[A-Za-z0-9\-\.]{1,64}". */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** One element a profile requires, as a path the OperationOutcome names and a test on the resource. */
interface Requirement {
  element: string;
  holds(resource: Record<string, unknown>): boolean;
}

const present =
  (key: string): Requirement['holds'] =>
  (r) =>
    r[key] !== undefined && r[key] !== null;

const patientSubject: Requirement = {
  element: 'subject',
  holds: (r) => /(^|\/)Patient\/[^/]+$/.test(String((r.subject as { reference?: unknown })?.reference ?? '')),
};

/**
 * What the US Core 6.1/7.0 profiles of the three resources the app writes require beyond the R4
 * base (mandatory elements, plus CarePlan's required `assess-plan` category slice). Must-support
 * elements are not required of a sender, so they are not checked.
 */
const US_CORE_REQUIREMENTS: Record<string, { profile: string; requires: Requirement[] }> = {
  Goal: {
    profile: `${US_CORE}us-core-goal`,
    requires: [
      { element: 'lifecycleStatus', holds: present('lifecycleStatus') },
      { element: 'description', holds: present('description') },
      patientSubject,
    ],
  },
  CarePlan: {
    profile: `${US_CORE}us-core-careplan`,
    requires: [
      { element: 'status', holds: present('status') },
      { element: 'intent', holds: present('intent') },
      {
        element: 'category',
        holds: (r) =>
          Array.isArray(r.category) &&
          (r.category as { coding?: { system?: string; code?: string }[] }[]).some((c) =>
            c.coding?.some(
              (x) =>
                x.system === 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category' &&
                x.code === 'assess-plan',
            ),
          ),
      },
      patientSubject,
    ],
  },
  QuestionnaireResponse: {
    profile: `${US_CORE}us-core-questionnaireresponse`,
    requires: [
      { element: 'questionnaire', holds: present('questionnaire') },
      { element: 'status', holds: present('status') },
      patientSubject,
      { element: 'authored', holds: present('authored') },
    ],
  },
};

function claims(resource: Resource, profile: string): boolean {
  // A canonical may carry a version (`…/us-core-goal|6.1.0`); any version names the same profile.
  return (resource.meta?.profile ?? []).some((p) => p.split('|')[0] === profile);
}

function readable(issue: OperationOutcomeIssue): OperationOutcomeIssue {
  const where = issue.expression?.join(', ') ?? '';
  const what = issue.details?.text ?? issue.code;
  return { ...issue, diagnostics: where ? `${where}: ${what}` : what };
}

/**
 * Where a resource holds `""`. R4 json.html: "string property values can never be empty" — a
 * server must refuse it, not drop it: Medplum removed it silently and answered 201 with, for a Goal
 * whose `description.text` was `""`, no description at all (1..1).
 */
function emptyStrings(value: unknown, path: string, found: string[] = []): string[] {
  if (value === '') {
    found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => emptyStrings(item, `${path}[${i}]`, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'resourceType') emptyStrings(child, `${path}.${key}`, found);
    }
  }
  return found;
}

/** `text.div` of the resource and of each contained one, checked as R4 narrative.html requires. */
function narrativeProblems(resource: Resource, path: string): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const div = (resource as { text?: { div?: unknown } }).text?.div;
  const problem = typeof div === 'string' && div !== '' ? narrativeProblem(div) : undefined;
  if (problem) {
    issues.push({
      severity: 'error',
      code: 'value',
      expression: [`${path}.text.div`],
      diagnostics: `${path}.text.div: ${problem} (R4 narrative.html)`,
    });
  }
  const contained = (resource as { contained?: unknown }).contained;
  if (Array.isArray(contained)) {
    contained.forEach((c: Resource, i) => issues.push(...narrativeProblems(c, `${path}.contained[${i}]`)));
  }
  return issues;
}

/**
 * Every write a client makes is checked here: against the R4 base definitions (types, cardinality,
 * invariants: 400, FHIR's "failed basic validation rules"), then, for a resource claiming one of the
 * US Core profiles above, that profile's required elements (422, "violated applicable profiles").
 * Profiles the server does not know are ignored, never a reason to refuse. Fixtures are loaded into
 * the repository directly and skip this: Synthea's records name retired profiles and older shapes.
 */
export function validateWrite(resource: Resource): void {
  if (resource.id !== undefined && !FHIR_ID.test(resource.id)) {
    // Reached by PUT-as-create (`PUT /Goal/bad_id!`) and a Bundle entry's PUT alike.
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'value',
          expression: [`${resource.resourceType}.id`],
          diagnostics: `${resource.resourceType}.id "${resource.id}" is not a FHIR id: 1 to 64 of A-Z, a-z, 0-9, "-" and "." (R4 datatypes.html#id)`,
        },
      ],
    });
  }
  const empty = emptyStrings(resource, resource.resourceType);
  if (empty.length > 0) {
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      issue: empty.map((path) => ({
        severity: 'error',
        code: 'value',
        expression: [path],
        diagnostics: `${path}: a string may not be empty (R4 json.html); leave the element out instead`,
      })),
    });
  }
  const narratives = narrativeProblems(resource, resource.resourceType);
  if (narratives.length > 0) {
    throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: narratives });
  }
  try {
    validateResource(resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) {
      throw err;
    }
    const outcome: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: err.outcome.issue.map(readable),
    };
    throw new OperationOutcomeError(outcome);
  }
  const unbound = requiredBindingIssues(resource);
  if (unbound.length > 0) {
    throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: unbound });
  }
  const untimed = temporalIssues(resource);
  if (untimed.length > 0) {
    throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: untimed });
  }
  const usCore = US_CORE_REQUIREMENTS[resource.resourceType];
  if (!usCore || !claims(resource, usCore.profile)) {
    return;
  }
  const record = resource as unknown as Record<string, unknown>;
  const missing = usCore.requires.filter((r) => !r.holds(record));
  if (missing.length > 0) {
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      // Medplum's id for a business-rule failure, which its getStatus() answers as 422.
      id: 'business-rule',
      issue: missing.map((r) => ({
        severity: 'error',
        code: 'processing',
        expression: [`${resource.resourceType}.${r.element}`],
        diagnostics: `${resource.resourceType}.${r.element} is required by ${usCore.profile}`,
      })),
    });
  }
}
