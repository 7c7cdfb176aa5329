/**
 * The seam between the sandbox's two halves: the FHIR server (sandbox/fhir, sandbox/fixtures) and the
 * SMART authorization server + HTTP front door (sandbox/auth, sandbox/launcher, sandbox/main.ts).
 * The FHIR half knows nothing about tokens; the auth half knows nothing about FHIR storage.
 */
import type { Patient, Practitioner, Resource } from 'fhir/r4';

export type Interaction = 'read' | 'search' | 'create' | 'update' | 'delete';

/**
 * Decides whether the current token may do `interaction` on `resourceType`.
 * Called once per request (and per batch entry) without `resource` — the type-level scope check —
 * and again for every resource the server is about to return or write, with `resource` — the
 * patient-compartment check for `patient/` scopes. A read or write of a forbidden resource is a 403;
 * a forbidden resource in search results is left out of the Bundle.
 */
export type AccessCheck = (
  resourceType: string,
  interaction: Interaction,
  resource?: Resource,
) => 'ok' | 'forbidden';

/** One HTTP request to the FHIR base, already parsed. `path` is relative to the base, e.g. `/Goal/123`. */
export interface FhirRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  body?: unknown;
}

export interface FhirResponse {
  status: number;
  /** e.g. content-type, etag, location, last-modified. CORS headers are added by the front door. */
  headers: Record<string, string>;
  body?: unknown;
}

export interface FhirServer {
  /** The FHIR base URL, e.g. http://localhost:8080/fhir */
  readonly baseUrl: string;
  handle(req: FhirRequest, access: AccessCheck): Promise<FhirResponse>;
  /** For the launcher and the authorization server's pickers (no access check). */
  listPatients(): Promise<Patient[]>;
  listPractitioners(): Promise<Practitioner[]>;
  /** Drop every change and load the fixtures again. */
  reset(): Promise<void>;
}

export interface FhirServerOptions {
  baseUrl: string;
  /** Folder of FHIR Bundle JSON files, searched recursively. */
  fixturesDir: string;
  /** "Today" for the date shift; defaults to now. */
  today?: Date;
  /** Advertised in /metadata's SMART security extension. */
  authorizeUrl: string;
  tokenUrl: string;
}
