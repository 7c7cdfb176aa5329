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
  /** Each list's slices, by the page's number for it. */
  const lists = new Map<number, FhirResource[][]>();
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
    if (message.type === 'list') {
      const slice = JSON.parse(message.json) as FhirResource[];
      const held = lists.get(message.list);
      if (held) held.push(slice);
      else lists.set(message.list, [slice]);
      return;
    }
    if (message.type === 'forget') {
      for (const list of message.lists) lists.delete(list);
      return;
    }
    try {
      const resources = message.lists.flatMap((list) => {
        const slices = lists.get(list);
        // A list the page never sent (or forgot) would be a record with a panel silently missing.
        if (!slices) throw new Error(`The prompt worker was never sent list ${list}.`);
        return slices.flat();
      });
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
