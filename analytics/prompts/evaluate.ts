/**
 * One batch of patients through the rule engine, as the worker threads and the single-thread path
 * both run it: each patient is evaluated on the day of their newest visit up to the report's end
 * (the visit where the prompts would have been shown; a cancelled encounter or one entered in error
 * is none), or on the end day without one in range.
 */
import type { Encounter, Resource } from 'fhir/r4';
import { nodeCodeSets } from '../../src/cli/prompts';
import { promptResults } from '../../src/core/prompts/results';

export interface PatientBatchItem {
  patient: string;
  /** The patient's resources as a JSON array text (the shape DuckDB hands them over in). */
  resources: string;
}

/** Not a visit the prompts could have been shown at (as base-active-patients.sql decides). */
const NOT_A_VISIT = new Set<Encounter['status']>(['cancelled', 'entered-in-error']);

export function evaluationDay(resources: readonly Resource[], until: string): string {
  let best: string | undefined;
  for (const r of resources) {
    if (r.resourceType !== 'Encounter' || NOT_A_VISIT.has((r as Encounter).status)) continue;
    const day = (r as Encounter).period?.start?.slice(0, 10);
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day) && day <= until && (!best || day > best)) best = day;
  }
  return best ?? until;
}

/** NDJSON lines of GuidanceResponse, 15 per patient; a patient whose record breaks the engine is reported, not fatal. */
export function evaluateBatch(
  batch: readonly PatientBatchItem[],
  until: string,
  shared: readonly Resource[],
): { lines: string[]; problems: string[] } {
  const codes = nodeCodeSets();
  const lines: string[] = [];
  const problems: string[] = [];
  for (const item of batch) {
    try {
      const own = JSON.parse(item.resources) as Resource[];
      const resources = shared.length ? [...own, ...shared] : own;
      for (const g of promptResults(item.patient, resources, evaluationDay(own, until), codes))
        lines.push(JSON.stringify(g));
    } catch (e) {
      problems.push(`Patient/${item.patient}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { lines, problems };
}
