import type { CapabilityStatement, Patient, Practitioner } from 'fhir/r4';
import type { AccessCheck, FhirRequest, FhirResponse, FhirServer, FhirServerOptions } from '../contract';
import { formatLoadSummary, type LoadReport, loadFixtures } from '../fixtures/load';
import { fromMedplum } from './adapt';
import { buildCapabilityStatement } from './capability';
import { ensureFhirDefinitions } from './definitions';
import { type Backend, handle, ScopedRouter } from './handler';
import { SandboxRepository } from './repository';
import { Serializer } from './serializer';

/** The contract's FhirServer plus what the front door may show about the fixture load. */
export interface SandboxFhirServer extends FhirServer {
  /** The last fixture load (initial or reset). */
  readonly loadReport: LoadReport;
  /** One line for the console, e.g. "FHIR fixtures: 4870 resources (+31 stubs) from 12 bundles in 640 ms". */
  loadSummary(): string;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

function displayName(resource: Patient | Practitioner): string {
  const name = resource.name?.[0];
  return name?.text ?? [...(name?.given ?? []), name?.family ?? ''].join(' ').trim();
}

/** Hand-made (`cg-`) records first — those are the ones the screens are designed around — then by name. */
function byChooserOrder(a: Patient | Practitioner, b: Patient | Practitioner): number {
  const rank = (r: Patient | Practitioner): number => (r.id?.startsWith('cg-') ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    displayName(a).localeCompare(displayName(b)) ||
    (a.id ?? '').localeCompare(b.id ?? '')
  );
}

export async function createFhirServer(opts: FhirServerOptions): Promise<SandboxFhirServer> {
  ensureFhirDefinitions();
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const router = new ScopedRouter();
  const writes = new Serializer();
  let repo = new SandboxRepository();
  let capability: CapabilityStatement | undefined;
  let loadReport: LoadReport;

  const backend: Backend = {
    baseUrl,
    router,
    store: () => repo,
    capabilityStatement: () =>
      (capability ??= buildCapabilityStatement(
        { baseUrl, authorizeUrl: opts.authorizeUrl, tokenUrl: opts.tokenUrl },
        new Date(),
      )),
  };

  const load = async (): Promise<void> => {
    const fresh = new SandboxRepository();
    loadReport = await loadFixtures(fresh, opts.fixturesDir, opts.today ?? new Date());
    repo = fresh;
  };
  await load();

  // Every launch lists the people (the launcher resolves its user, the sign-in page offers a
  // chooser), and sorting them by name was a fifth of a launch's server time under load. Any write
  // or reset may change them, so a list is kept only for the store generation it was read in.
  let generation = 0;
  const lists = new Map<string, { generation: number; list: Promise<(Patient | Practitioner)[]> }>();
  const listAll = async <T extends Patient | Practitioner>(resourceType: T['resourceType']): Promise<T[]> => {
    let kept = lists.get(resourceType);
    if (kept?.generation !== generation) {
      const list = repo
        .searchResources({ resourceType })
        .then((found) => found.map((r) => fromMedplum<T>(r)).sort(byChooserOrder));
      kept = { generation, list };
      lists.set(resourceType, kept);
      list.catch(() => {
        if (lists.get(resourceType) === kept) lists.delete(resourceType);
      });
    }
    // The stored resources are frozen; the array is the caller's own.
    return [...((await kept.list) as T[])];
  };
  const afterWrite = <R>(write: () => Promise<R>): Promise<R> =>
    write().finally(() => {
      generation++;
    });

  return {
    baseUrl,
    get loadReport() {
      return loadReport;
    },
    loadSummary: () => formatLoadSummary(loadReport),
    handle(req: FhirRequest, access: AccessCheck): Promise<FhirResponse> {
      const run = (): Promise<FhirResponse> => handle(backend, req, access);
      return READ_METHODS.has(req.method.toUpperCase()) ? run() : writes.run(() => afterWrite(run));
    },
    listPatients: () => listAll<Patient>('Patient'),
    listPractitioners: () => listAll<Practitioner>('Practitioner'),
    reset: () => writes.run(() => afterWrite(load)),
  };
}
