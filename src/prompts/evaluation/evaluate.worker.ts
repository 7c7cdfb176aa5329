/**
 * The value-care rules off the page's thread: over a record of 20,000 Observations the engine,
 * its code sets and their garbage collection are hundreds of milliseconds the page would not
 * answer a key press in. The core is pure, so the worker runs the very same code.
 */
import type { CompiledCodes } from '../../core/prompts/codes';
import codes from '../../core/prompts/codes.generated.json';
import { promptWorkerHandler } from './handler';
import type { WorkerScope } from './protocol';

const scope = self as unknown as WorkerScope;
const handle = promptWorkerHandler(
  () => codes as unknown as CompiledCodes,
  (message) => scope.postMessage(message),
);
scope.onmessage = (event) => handle(event.data);
