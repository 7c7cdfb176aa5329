/**
 * The sandbox as bench/sandbox.ts measures it: alone in its own process, so the load generator's
 * work (20 clients building requests and parsing answers) never queues on the server's thread.
 * Talks to the parent over the fork's IPC channel:
 * - sends `{ type: 'ready', url, fhirBaseUrl }` once listening;
 * - on `{ type: 'heavy-batch' }` runs the heaviest batch the limits allow with full access,
 *   in-process (no token can see every patient), and answers `{ type: 'heavy-batch-done', ms }`;
 * - on `{ type: 'cpu' }` answers the CPU time it has used so far (user + system, µs);
 * - on `{ type: 'close' }` stops the sandbox and exits (which also writes a `--cpu-prof` profile).
 */
import type { Bundle } from 'fhir/r4';
import { startSandbox } from '../sandbox/index';

export type ParentMessage = { type: 'heavy-batch' } | { type: 'cpu' } | { type: 'close' };
export type ChildMessage =
  | { type: 'ready'; url: string; fhirBaseUrl: string }
  | { type: 'cpu'; micros: number }
  | { type: 'heavy-batch-done'; ms: number; status: number };

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0 });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'close') {
      void sandbox.close().then(() => process.exit(0));
      return;
    }
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', micros: user + system });
      return;
    }
    const batch: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: Array.from({ length: 50 }, (_, i) => ({
        request: { method: 'GET', url: `Observation?_count=1000${i % 2 ? '&_sort=-date' : ''}` },
      })),
    };
    const started = performance.now();
    void sandbox.fhirServer
      .handle(
        { method: 'POST', path: '/', query: new URLSearchParams(), headers: {}, body: batch },
        () => 'ok',
      )
      .then((response) =>
        send({ type: 'heavy-batch-done', ms: performance.now() - started, status: response.status }),
      );
  });
  send({ type: 'ready', url: sandbox.url, fhirBaseUrl: sandbox.fhirBaseUrl });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
