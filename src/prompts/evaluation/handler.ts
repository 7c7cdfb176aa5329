/**
 * The prompt worker's work, apart from the worker itself so tests can drive it message by
 * message: loads the code sets (answering with the read filter they make), collects a job's
 * slices, then evaluates exactly as the page's own thread would.
 */
import type { FhirResource } from 'fhir/r4';
import { loadCodeSets, type CodeSets, type CompiledCodes } from '../../core/prompts/codes';
import { readFilter } from '../../core/prompts/read-filter';
import { evaluateForScreen } from './evaluate';
import type { FromWorker, ToWorker } from './protocol';

export function promptWorkerHandler(
  data: () => CompiledCodes,
  post: (message: FromWorker) => void,
): (message: ToWorker) => void {
  let sets: CodeSets | undefined;
  const load = () => (sets ??= loadCodeSets(data()));
  const jobs = new Map<number, FhirResource[][]>();
  return (message) => {
    if (message.type === 'warm') {
      try {
        load();
        post({ type: 'filter', filter: readFilter(data()) });
      } catch (err) {
        post({ type: 'failed', job: 0, message: err instanceof Error ? err.message : String(err) });
      }
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
      post({
        type: 'done',
        job: message.job,
        evaluation: evaluateForScreen(resources, message.date, load()),
      });
    } catch (err) {
      post({ type: 'failed', job: message.job, message: err instanceof Error ? err.message : String(err) });
    }
  };
}
