/**
 * A small in-memory FhirServer for the front door's and the auth server's tests: just enough FHIR
 * (read, search by patient, create, update, delete, /metadata) to exercise the contract, and it
 * applies AccessCheck the way the contract says the real one must.
 */
import type { Patient, Practitioner, Resource } from 'fhir/r4';
import type {
  AccessCheck,
  FhirRequest,
  FhirResponse,
  FhirServer,
  FhirServerOptions,
} from '../../../sandbox/contract';

export interface FakeFhirServer extends FhirServer {
  /** Every request the front door passed on, newest last. */
  readonly requests: FhirRequest[];
  resetCount: number;
}

export interface FakeFhirData {
  patients?: Patient[];
  practitioners?: Practitioner[];
  resources?: Resource[];
}

export function createFakeFhirServer(
  options: Pick<FhirServerOptions, 'baseUrl'>,
  data: FakeFhirData = {},
): FakeFhirServer {
  const initial = [...(data.patients ?? []), ...(data.practitioners ?? []), ...(data.resources ?? [])];
  let store = new Map<string, Resource>();
  const load = () => {
    store = new Map(initial.map((r) => [`${r.resourceType}/${r.id}`, structuredClone(r)]));
  };
  load();
  const byType = (type: string) => [...store.values()].filter((r) => r.resourceType === type);
  const requests: FhirRequest[] = [];

  const server: FakeFhirServer = {
    baseUrl: options.baseUrl,
    requests,
    resetCount: 0,
    async handle(req: FhirRequest, access: AccessCheck): Promise<FhirResponse> {
      requests.push(req);
      const [, type = '', id] = req.path.split('/');
      if (req.path === '/metadata') {
        return json(200, {
          resourceType: 'CapabilityStatement',
          status: 'active',
          kind: 'instance',
          fhirVersion: '4.0.1',
        });
      }
      if (type === 'boom') throw new Error('handler exploded');
      if (type === 'echo')
        return json(
          200,
          { resourceType: 'Parameters', id: 'echo', meta: { tag: [] } },
          { 'x-echo': String(JSON.stringify(req.body)?.length ?? 0) },
        );
      const interaction =
        req.method === 'GET'
          ? id
            ? 'read'
            : 'search'
          : req.method === 'POST'
            ? 'create'
            : req.method === 'PUT'
              ? 'update'
              : 'delete';
      if (access(type, interaction) === 'forbidden') return outcome(403, 'Outside the granted scopes');
      if (interaction === 'search') {
        const patient = req.query.get('patient');
        const hits = byType(type).filter(
          (r) => !patient || JSON.stringify(r).includes(`"Patient/${patient}"`),
        );
        const visible = hits.filter((r) => access(type, 'search', r) === 'ok');
        return json(200, {
          resourceType: 'Bundle',
          type: 'searchset',
          total: visible.length,
          entry: visible.map((resource) => ({ resource })),
        });
      }
      if (interaction === 'create' || interaction === 'update') {
        const resource = { ...(req.body as Resource), id: id ?? `new-${store.size}` };
        if (access(type, interaction, resource) === 'forbidden')
          return outcome(403, 'Outside the patient compartment');
        store.set(`${type}/${resource.id}`, resource);
        return json(interaction === 'create' ? 201 : 200, resource, {
          etag: 'W/"1"',
          location: `${options.baseUrl}/${type}/${resource.id}/_history/1`,
        });
      }
      const existing = store.get(`${type}/${id}`);
      if (!existing) return outcome(404, 'Not found');
      if (access(type, interaction, existing) === 'forbidden')
        return outcome(403, 'Outside the patient compartment');
      if (interaction === 'delete') {
        store.delete(`${type}/${id}`);
        return { status: 204, headers: {} };
      }
      return json(200, existing, { etag: 'W/"1"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
    },
    async listPatients() {
      return byType('Patient') as Patient[];
    },
    async listPractitioners() {
      return byType('Practitioner') as Practitioner[];
    },
    async reset() {
      server.resetCount += 1;
      load();
    },
  };
  return server;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): FhirResponse {
  return { status, headers: { 'content-type': 'application/fhir+json', ...headers }, body };
}

function outcome(status: number, diagnostics: string): FhirResponse {
  return json(status, {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'forbidden', diagnostics }],
  });
}
