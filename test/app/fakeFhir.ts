/**
 * A small FHIR server in memory for app tests, behind a fhirclient-shaped client: reads, identifier
 * searches, the record batch, and the write semantics the app relies on (If-None-Exist, If-Match → 412).
 */
import type { Bundle, CapabilityStatement, FhirResource, Identifier } from 'fhir/r4';
import type Client from 'fhirclient/lib/Client';
import { panelQueries } from '../../src/core/record/panels';
import { RequestError, type FhirRequester } from '../../src/core/record/read';

/** What this server says of itself when a test sets nothing else: it creates conditionally. */
const HONOURS_IF_NONE_EXIST: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-01-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    {
      mode: 'server',
      resource: [
        'Goal',
        'CarePlan',
        'QuestionnaireResponse',
        'Observation',
        'Task',
        'Encounter',
        'Condition',
        'Communication',
        'ServiceRequest',
        'MedicationRequest',
      ].map((type) => ({
        type,
        interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
        conditionalCreate: true,
      })),
    },
  ],
};

export class FakeFhir {
  store = new Map<string, FhirResource>();
  log: { method: string; url: string; headers: Record<string, string> }[] = [];
  capability: CapabilityStatement | undefined;
  failNextWith: number | undefined;
  /** Fails every request it answers with a status for (e.g. all CarePlan writes while a test wants them to). */
  failWhen: ((method: string, url: string) => number | undefined) | undefined;
  private seq = 0;

  put(r: FhirResource): FhirResource {
    const id = r.id ?? `id${++this.seq}`;
    const prev = this.store.get(`${r.resourceType}/${id}`);
    const version = String(Number(prev?.meta?.versionId ?? '0') + 1);
    const saved = {
      ...r,
      id,
      meta: { ...r.meta, versionId: version, lastUpdated: `2026-11-26T10:00:0${version}Z` },
    };
    this.store.set(`${r.resourceType}/${id}`, saved as FhirResource);
    return structuredClone(saved) as FhirResource;
  }

  all<T extends FhirResource>(type: T['resourceType']): T[] {
    return [...this.store.values()].filter((r) => r.resourceType === type) as T[];
  }

  client(): Client {
    const fail = (status: number, message: string) =>
      Object.assign(new Error(`${status} ${message}`), { status });
    return {
      state: { serverUrl: 'https://ehr.example.org/fhir' },
      request: async (req: {
        url: string;
        method?: string;
        body?: string;
        headers?: Record<string, string>;
      }) => {
        const method = req.method ?? 'GET';
        const headers = req.headers ?? {};
        this.log.push({ method, url: req.url, headers });
        const failing = this.failWhen?.(method, req.url);
        if (failing) throw fail(failing, 'injected');
        if (this.failNextWith) {
          const status = this.failNextWith;
          this.failNextWith = undefined;
          throw fail(status, 'injected');
        }
        if (method === 'GET') {
          const search = /^(\w+)\?identifier=([^&]+)$/.exec(req.url);
          if (search) {
            const [system, value] = decodeURIComponent(search[2] ?? '').split('|');
            return {
              resourceType: 'Bundle',
              type: 'searchset',
              entry: this.all(search[1] as FhirResource['resourceType'])
                .filter((r) =>
                  [(r as { identifier?: Identifier[] | Identifier }).identifier ?? []]
                    .flat()
                    .some((i) => i.system === system && i.value === value),
                )
                .map((resource) => ({ resource: structuredClone(resource) })),
            };
          }
          const found = this.store.get(req.url);
          if (!found) throw fail(404, 'not found');
          return structuredClone(found);
        }
        const body = JSON.parse(req.body ?? '{}') as FhirResource;
        if (method === 'POST') {
          const cond = headers['if-none-exist'];
          const value = cond ? decodeURIComponent(cond.replace(/^identifier=/, '')).split('|')[1] : undefined;
          // QuestionnaireResponse carries one identifier, most types a list.
          const existing = this.all(body.resourceType).find((r) =>
            [(r as { identifier?: Identifier[] | Identifier }).identifier ?? []]
              .flat()
              .some((i) => i.value === value),
          );
          if (existing)
            return { body: structuredClone(existing), response: { status: 200, headers: new Headers() } };
          return {
            body: this.put({ ...body, id: undefined } as FhirResource),
            response: { status: 201, headers: new Headers() },
          };
        }
        const current = this.store.get(req.url);
        const match = /"(.+)"/.exec(headers['if-match'] ?? '')?.[1];
        if (current && match !== current.meta?.versionId) throw fail(412, 'Precondition Failed');
        return { body: this.put(body), response: { status: 200, headers: new Headers() } };
      },
    } as unknown as Client;
  }

  requester(patientId: string): FhirRequester {
    return {
      get: async (url) => {
        if (url === 'metadata') return this.capability ?? HONOURS_IF_NONE_EXIST;
        if (url.startsWith('CarePlan?'))
          return {
            resourceType: 'Bundle',
            type: 'searchset',
            entry: this.all('CarePlan').map((resource) => ({ resource })),
          };
        throw new RequestError(404, 'not here');
      },
      batch: async (bundle) => {
        const byPanel: Record<string, string> = {
          conditions: 'Condition',
          goals: 'Goal',
          carePlans: 'CarePlan',
          observations: 'Observation',
          medicationRequests: 'MedicationRequest',
          questionnaireResponses: 'QuestionnaireResponse',
          encounters: 'Encounter',
        };
        return {
          resourceType: 'Bundle',
          type: 'batch-response',
          // Answers the entries asked for, in order: the app sends the record as more than one batch.
          entry: (bundle.entry ?? [])
            .map((e) => panelQueries(patientId).find((q) => q.url === e.request?.url))
            .filter((q) => q !== undefined)
            .map((q) => ({
              resource:
                q.panel === 'patient'
                  ? this.store.get(`Patient/${patientId}`)
                  : ({
                      resourceType: 'Bundle',
                      type: 'searchset',
                      entry: byPanel[q.panel]
                        ? this.all(byPanel[q.panel] as FhirResource['resourceType']).map((resource) => ({
                            resource: structuredClone(resource),
                          }))
                        : [],
                    } satisfies Bundle),
              response: { status: '200' },
            })),
        };
      },
    };
  }
}
