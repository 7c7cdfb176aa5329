/**
 * Running the write protocol: send, retry what is worth retrying (with the same identifier, so a
 * create that did land is found, not repeated), and stop with an outcome the screen can explain.
 */
import type { FhirResource } from 'fhir/r4';
import { classify, planCreate, planUpdate, type WriteOutcome, type WriteRequest } from './protocol';

export interface WriteResponse {
  status: number;
  body: unknown;
  /** Human-readable reason for a failure (the server's OperationOutcome, or the network error). */
  message: string;
  /** The `Location` header of a write's answer, when the server sent one the client may read. */
  location?: string;
}

/** Sends one request. Network failures resolve with status 0 rather than throwing. */
export type WriteTransport = (req: WriteRequest) => Promise<WriteResponse>;

export interface SaveOptions {
  /** Attempts for retryable failures, the first included. */
  attempts?: number;
  /** Waits between attempts; injected so tests do not sleep. */
  wait?: (ms: number) => Promise<void>;
}

const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function save<T extends FhirResource>(
  transport: WriteTransport,
  resource: T,
  { attempts = 3, wait = defaultWait }: SaveOptions = {},
): Promise<WriteOutcome<T>> {
  const req = resource.id ? planUpdate(resource) : planCreate(resource);
  let outcome: WriteOutcome<T> = { kind: 'retryable', message: 'Not sent.' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const res = await transport(req);
    outcome = classify<T>(res.status, res.body, res.message, res.location);
    if (outcome.kind !== 'retryable' || attempt === attempts) return outcome;
    await wait(250 * 2 ** (attempt - 1));
  }
  return outcome;
}
