/**
 * Where the value-care rules run: in a Web Worker where the browser has one, so the page stays
 * responsive over a big record; on the page's own thread where it has none (jsdom tests) or the
 * worker cannot start (a host's policy forbids it). Both run evaluateForScreen, so the prompts,
 * their order and their evidence names are the same either way.
 */
import type { FhirResource } from 'fhir/r4';
import type { CodeSets } from '../../core/prompts';
import { compileReadFilter } from '../../core/prompts/read-filter';
import type { ScreenEvaluation } from './evaluate';
import type { FromWorker, ToWorker } from './protocol';

/** A record as the rules read it: each panel's list, in panel order. */
export type RecordLists = readonly (readonly FhirResource[])[];

export interface PromptEvaluator {
  /** Get ready (load the code sets) before the record is complete. */
  warm(): void;
  /**
   * The prompts over these lists. A panel's list is replaced, never changed in place (useRecord), so
   * a list already evaluated once is the same resources: the worker keeps it and is not sent it again.
   */
  evaluate(lists: RecordLists, date: string): Promise<ScreenEvaluation>;
}

/** The part of a Worker the evaluator uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

/** Resources looked at per message, so filtering and JSON.stringify of one slice stay a short task. */
export const SLICE = 2000;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function inThreadEvaluator(): PromptEvaluator {
  let sets: CodeSets | undefined;
  return {
    warm() {
      // Nothing to start: loading the code sets here would be the long task the worker avoids.
    },
    async evaluate(lists, date) {
      // Loaded only when the rules run (separate chunks), so they never delay the first screen.
      const [{ evaluateForScreen }, { loadCodeSets }, codes] = await Promise.all([
        import('./evaluate'),
        import('../../core/prompts/codes'),
        import('../../core/prompts/codes.generated.json'),
      ]);
      sets ??= loadCodeSets(codes.default as unknown as Parameters<typeof loadCodeSets>[0]);
      return evaluateForScreen(lists.flat(), date, sets);
    },
  };
}

export function workerEvaluator(start: () => WorkerLike, fallback: PromptEvaluator): PromptEvaluator {
  let worker: WorkerLike | undefined;
  let broken = false;
  let jobs = 0;
  let numbered = 0;
  /** The worker's read filter (its answer to `warm`); undefined once the worker has failed. */
  let filter: Promise<((r: FhirResource) => boolean) | undefined> = Promise.resolve(undefined);
  let filtered: (keep: ((r: FhirResource) => boolean) | undefined) => void = () => {};
  const pending = new Map<
    number,
    {
      lists: RecordLists;
      ids: number[];
      date: string;
      resolve: (e: ScreenEvaluation) => void;
      reject: (err: unknown) => void;
    }
  >();
  /** The lists the worker holds (or is being sent), by their number: settled once all of it is sent. */
  const held = new Map<number, Promise<void>>();
  const numberOf = new WeakMap<readonly FhirResource[], number>();

  const giveUp = () => {
    // The worker could not load or died: every open job, and every later one, runs on the page.
    broken = true;
    worker?.terminate();
    worker = undefined;
    filtered(undefined);
    held.clear();
    for (const job of pending.values()) fallback.evaluate(job.lists, job.date).then(job.resolve, job.reject);
    pending.clear();
  };

  const ensure = (): WorkerLike | undefined => {
    if (broken) return undefined;
    if (worker) return worker;
    filter = new Promise((resolve) => (filtered = resolve));
    try {
      worker = start();
    } catch {
      giveUp();
      return undefined;
    }
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'filter') return filtered(compileReadFilter(data.filter));
      // Job 0 is the warm-up: without code sets the worker can evaluate nothing.
      if (data.type === 'failed' && data.job === 0) return giveUp();
      const job = pending.get(data.job);
      if (!job) return;
      pending.delete(data.job);
      if (data.type === 'done') job.resolve(data.evaluation);
      else job.reject(new Error(data.message));
    });
    worker.addEventListener('error', giveUp);
    worker.postMessage({ type: 'warm' });
    return worker;
  };

  /** Sends a list the worker does not hold, in slices, each a short task of its own. */
  const send = (list: readonly FhirResource[], keep: (r: FhirResource) => boolean): number => {
    const known = numberOf.get(list);
    if (known !== undefined && held.has(known)) return known;
    const id = ++numbered;
    numberOf.set(list, id);
    const slices = async () => {
      for (let i = 0; i < list.length || i === 0; i += SLICE) {
        if (i > 0) {
          await nextTask();
          // The worker failed, or the list was forgotten, meanwhile: nobody will read the rest.
          if (!worker || !held.has(id)) return;
        }
        if (!worker) return;
        // Only what a rule can read: what is left out cannot change a prompt (core/prompts/read-filter).
        const json = JSON.stringify(list.slice(i, i + SLICE).filter(keep));
        worker.postMessage({ type: 'list', list: id, json });
      }
    };
    held.set(id, slices());
    return id;
  };

  /** Lets the worker drop the lists no open job names: a replaced panel's old list is garbage. */
  const forgetUnused = () => {
    const named = new Set([...pending.values()].flatMap((job) => job.ids));
    const unused = [...held.keys()].filter((id) => !named.has(id));
    if (!unused.length || !worker) return;
    for (const id of unused) held.delete(id);
    worker.postMessage({ type: 'forget', lists: unused });
  };

  return {
    warm() {
      ensure();
    },
    async evaluate(lists, date) {
      if (!ensure()) return fallback.evaluate(lists, date);
      const keep = await filter;
      if (!worker || !keep) return fallback.evaluate(lists, date);
      const job = ++jobs;
      const ids = lists.map((list) => send(list, keep));
      const done = new Promise<ScreenEvaluation>((resolve, reject) =>
        pending.set(job, { lists, ids, date, resolve, reject }),
      );
      await Promise.all(ids.map((id) => held.get(id)));
      // The worker may have failed meanwhile; the fallback already has this job.
      if (worker && pending.has(job)) {
        worker.postMessage({ type: 'evaluate', job, lists: ids, date });
        forgetUnused();
      }
      return done;
    },
  };
}

let shared: PromptEvaluator | undefined;

/** One evaluator per page: the worker and its loaded code sets serve every re-evaluation. */
export function promptEvaluator(): PromptEvaluator {
  if (shared) return shared;
  const fallback = inThreadEvaluator();
  shared =
    typeof Worker === 'function'
      ? workerEvaluator(
          () =>
            new Worker(new URL('./evaluate.worker.ts', import.meta.url), {
              type: 'module',
            }) as unknown as WorkerLike,
          fallback,
        )
      : fallback;
  return shared;
}
