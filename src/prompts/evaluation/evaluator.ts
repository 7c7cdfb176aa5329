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

export interface PromptEvaluator {
  /** Get ready (load the code sets) before the record is complete. */
  warm(): void;
  evaluate(resources: readonly FhirResource[], date: string): Promise<ScreenEvaluation>;
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
    async evaluate(resources, date) {
      // Loaded only when the rules run (separate chunks), so they never delay the first screen.
      const [{ evaluateForScreen }, { loadCodeSets }, codes] = await Promise.all([
        import('./evaluate'),
        import('../../core/prompts/codes'),
        import('../../core/prompts/codes.generated.json'),
      ]);
      sets ??= loadCodeSets(codes.default as unknown as Parameters<typeof loadCodeSets>[0]);
      return evaluateForScreen(resources, date, sets);
    },
  };
}

export function workerEvaluator(start: () => WorkerLike, fallback: PromptEvaluator): PromptEvaluator {
  let worker: WorkerLike | undefined;
  let broken = false;
  let jobs = 0;
  /** The worker's read filter (its answer to `warm`); undefined once the worker has failed. */
  let filter: Promise<((r: FhirResource) => boolean) | undefined> = Promise.resolve(undefined);
  let filtered: (keep: ((r: FhirResource) => boolean) | undefined) => void = () => {};
  const pending = new Map<
    number,
    {
      resources: readonly FhirResource[];
      date: string;
      resolve: (e: ScreenEvaluation) => void;
      reject: (err: unknown) => void;
    }
  >();

  const giveUp = () => {
    // The worker could not load or died: every open job, and every later one, runs on the page.
    broken = true;
    worker?.terminate();
    worker = undefined;
    filtered(undefined);
    for (const job of pending.values())
      fallback.evaluate(job.resources, job.date).then(job.resolve, job.reject);
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

  return {
    warm() {
      ensure();
    },
    async evaluate(resources, date) {
      if (!ensure()) return fallback.evaluate(resources, date);
      const keep = await filter;
      if (!worker || !keep) return fallback.evaluate(resources, date);
      const job = ++jobs;
      const done = new Promise<ScreenEvaluation>((resolve, reject) =>
        pending.set(job, { resources, date, resolve, reject }),
      );
      for (let i = 0; i < resources.length || i === 0; i += SLICE) {
        if (i > 0) await nextTask();
        // The worker may have failed meanwhile; the fallback already has this job.
        if (!worker || !pending.has(job)) break;
        // Only what a rule can read: what is left out cannot change a prompt (core/prompts/read-filter).
        const json = JSON.stringify(resources.slice(i, i + SLICE).filter(keep));
        worker.postMessage({ type: 'resources', job, json });
      }
      if (worker && pending.has(job)) worker.postMessage({ type: 'evaluate', job, date });
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
