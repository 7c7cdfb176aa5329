/**
 * The prompt worker's work, apart from the worker itself so tests can drive it message by
 * message: collects a job's slices, then evaluates exactly as the page's own thread would.
 */
import type { FhirResource } from 'fhir/r4';
import type { CodeSets } from '../../core/prompts';
import { evaluateForScreen } from './evaluate';
import type { FromWorker, ToWorker } from './protocol';

export function promptWorkerHandler(
  loadSets: () => CodeSets,
  post: (message: FromWorker) => void,
): (message: ToWorker) => void {
  let sets: CodeSets | undefined;
  const jobs = new Map<number, FhirResource[][]>();
  return (message) => {
    if (message.type === 'warm') {
      sets ??= loadSets();
      return;
    }
    if (message.type === 'resources') {
      const slice = JSON.parse(message.json) as FhirResource[];
      const held = jobs.get(message.job);
      if (held) held.push(slice);
      else jobs.set(message.job, [slice]);
      return;
    }
    const resources = (jobs.get(message.job) ?? []).flat();
    jobs.delete(message.job);
    try {
      sets ??= loadSets();
      post({ type: 'done', job: message.job, evaluation: evaluateForScreen(resources, message.date, sets) });
    } catch (err) {
      post({ type: 'failed', job: message.job, message: err instanceof Error ? err.message : String(err) });
    }
  };
}
