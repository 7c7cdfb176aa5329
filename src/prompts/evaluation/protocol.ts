/** The messages between the page and the prompt worker (evaluate.worker.ts). */
import type { ReadFilter } from '../../core/prompts/read-filter';
import type { ScreenEvaluation } from './evaluate';

export type ToWorker =
  /** Load the code sets now, while the record is still being read. */
  | { type: 'warm' }
  /**
   * Part of list `list` (one panel's resources), as JSON: in slices, so no one message is a long
   * task, and as text because JSON.stringify costs the page a third of what structured-cloning the
   * objects does. A list is sent once and kept, so a re-evaluation after a write sends only the
   * panel the write replaced.
   */
  | { type: 'list'; list: number; json: string }
  /** Evaluate job `job` over these lists, in this order, for `date` (YYYY-MM-DD). */
  | { type: 'evaluate'; job: number; lists: number[]; date: string }
  /** Lists no job will name again (a panel's list replaced by a write, or by its whole read). */
  | { type: 'forget'; lists: number[] };

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
