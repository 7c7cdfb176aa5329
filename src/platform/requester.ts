/** fhirclient adapted to the core's FhirRequester: errors become RequestError with their status. */
import type Client from 'fhirclient/lib/Client';
import type { Bundle } from 'fhir/r4';
import { outcomeMessage } from '../core/record/bundle';
import { RequestError, type FhirRequester } from '../core/record/read';

/** The HTTP status and a readable reason from a fhirclient error (0 for network failures). */
export function fhirclientFailure(err: unknown): { status: number; message: string } {
  const e = err as { status?: unknown; statusCode?: unknown; message?: unknown };
  const status =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
  const raw = typeof e.message === 'string' ? e.message : String(err);
  // fhirclient puts the OperationOutcome, pretty-printed, into the message after the status line.
  const json = raw.indexOf('{');
  if (json >= 0) {
    try {
      return { status, message: outcomeMessage(JSON.parse(raw.slice(json))) ?? raw };
    } catch {
      // Not JSON after all: keep the raw text.
    }
  }
  return { status, message: raw };
}

function asRequestError(err: unknown): RequestError {
  const { status, message } = fhirclientFailure(err);
  return new RequestError(status, message);
}

export function fhirRequester(client: Client): FhirRequester {
  const call = async (req: Parameters<Client['request']>[0]): Promise<unknown> => {
    try {
      return await client.request(req);
    } catch (err) {
      throw asRequestError(err);
    }
  };
  return {
    get: (url) => call({ url, headers: { accept: 'application/fhir+json' } }),
    batch: (bundle: Bundle) =>
      call({
        url: client.state.serverUrl,
        method: 'POST',
        body: JSON.stringify(bundle),
        headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      }),
  };
}
