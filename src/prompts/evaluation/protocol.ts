/** The messages between the page and the prompt worker (evaluate.worker.ts). */
import type { ReadFilter } from '../../core/prompts/read-filter';
import type { ScreenEvaluation } from './evaluate';

export type ToWorker =
  /** Load the code sets now, while the record is still being read. */
  | { type: 'warm' }
  /**
   * Part of job `job`'s record, as JSON: in slices, so no one message is a long task, and as text
   * because JSON.stringify costs the page a third of what structured-cloning the objects does.
   */
  | { type: 'resources'; job: number; json: string }
  /** Every slice of `job` has been sent: evaluate it for `date` (YYYY-MM-DD). */
  | { type: 'evaluate'; job: number; date: string };

export type FromWorker =
  /** The answer to `warm`: which resources the rules can read at all (the rest need not be sent). */
  | { type: 'filter'; filter: ReadFilter }
  | { type: 'done'; job: number; evaluation: ScreenEvaluation }
  | { type: 'failed'; job: number; message: string };

/** What the worker needs of its global scope (the project's TypeScript has DOM types, not WebWorker's). */
export interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
