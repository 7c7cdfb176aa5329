import { getSearchParameters } from '@medplum/core';
import type { SearchParameter } from '@medplum/fhirtypes';
import { FhirHttpError } from './http';

/** Result-shaping parameters: the wrapper implements them itself instead of passing them to Medplum. */
export const CONTROL_PARAMS = new Set([
  '_count',
  '_offset',
  '_include',
  '_revinclude',
  '_total',
  '_summary',
  '_elements',
  '_format',
  '_pretty',
]);

export interface CriteriaParam {
  /** As received, e.g. `subject:Patient` or `date`. */
  key: string;
  value: string;
}

export function searchParameter(resourceType: string, code: string): SearchParameter | undefined {
  return getSearchParameters(resourceType)?.[code];
}

/**
 * Keeps the filter parameters Medplum can evaluate. Unknown (or chained) parameters are dropped
 * under the default lenient handling — FHIR's rule, and the self link shows what was applied —
 * or rejected with 400 under `Prefer: handling=strict`. Without this step Medplum treats an
 * unknown parameter as "matches nothing", which reads like an empty record.
 */
export function selectCriteria(
  resourceType: string,
  query: URLSearchParams,
  strict: boolean,
): CriteriaParam[] {
  const criteria: CriteriaParam[] = [];
  for (const [key, value] of query) {
    const [code = ''] = key.split(':');
    if (CONTROL_PARAMS.has(code) || code === '_sort') {
      if (code === '_sort') {
        criteria.push({ key, value });
      }
      continue;
    }
    if (!code.includes('.') && searchParameter(resourceType, code)) {
      criteria.push({ key, value });
    } else if (strict) {
      throw new FhirHttpError(400, `Unknown search parameter "${key}" for ${resourceType}`);
    }
  }
  return criteria;
}

/**
 * Medplum compares reference parameters as literal `Type/id` strings, so `patient=123` (the form
 * SMART apps send) and absolute URLs would match nothing. Rewrite them to every relative form the
 * parameter can target; a comma is an OR in FHIR search.
 */
export function normalizeReferenceValue(
  resourceType: string,
  param: CriteriaParam,
  baseUrl: string,
): CriteriaParam {
  const [code = '', modifier] = param.key.split(':');
  const definition = searchParameter(resourceType, code);
  if (definition?.type !== 'reference') {
    return param;
  }
  const typeModifier = modifier !== undefined && /^[A-Z]/.test(modifier);
  if (modifier !== undefined && !typeModifier) {
    return param; // :missing, :identifier … are left to Medplum.
  }
  const targets = modifier && typeModifier ? [modifier] : (definition.target ?? []);
  const values = param.value.split(',').flatMap((raw) => {
    const value = raw.startsWith(`${baseUrl}/`) ? raw.slice(baseUrl.length + 1) : raw;
    if (value.includes('/') || value === '') {
      return [value];
    }
    return targets.map((target) => `${target}/${value}`);
  });
  return { key: code, value: values.join(',') };
}

export function readCount(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('_count');
  if (raw === null) {
    return fallback;
  }
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 0) {
    throw new FhirHttpError(400, `_count must be a non-negative integer, got "${raw}"`);
  }
  return Math.min(count, max);
}

export function readOffset(query: URLSearchParams): number {
  const raw = query.get('_offset');
  if (raw === null) {
    return 0;
  }
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new FhirHttpError(400, `_offset must be a non-negative integer, got "${raw}"`);
  }
  return offset;
}
