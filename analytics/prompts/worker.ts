/** A worker thread of the prompt-results run: batches in, GuidanceResponse lines out. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Resource } from 'fhir/r4';
import { evaluateBatch, type PatientBatchItem } from './evaluate';

const { until, shared } = workerData as { until: string; shared: Resource[] };

parentPort?.on('message', (msg: { id: number; batch: PatientBatchItem[] }) => {
  parentPort?.postMessage({ id: msg.id, ...evaluateBatch(msg.batch, until, shared) });
});
