/**
 * The sandbox FHIR server under load, measured in-process (the FHIR half's `handle`, plus the
 * JSON text the front door would send) so the figures are the server's own, not the network's:
 * - patient-compartment search latency, idle and with 20 concurrent clients (issue 14: p99 under
 *   load within 5× the idle p50);
 * - /metadata over HTTP while the heaviest batch the limits allow runs (issue 9: within 20× idle).
 */
import type { Bundle } from 'fhir/r4';
import { createAccessCheck } from '../sandbox/auth/access';
import { parseScopes } from '../sandbox/auth/scopes';
import type { AccessCheck, FhirServer } from '../sandbox/contract';
import { startSandbox } from '../sandbox/index';

const CLIENTS = 20;
const SEARCHES_PER_CLIENT = 15;
const IDLE_SEARCHES = 30;
const PATIENTS = ['cg-walter', 'cg-maria', 'cg-rosa', 'cg-theo', 'cg-ana', 'cg-lupe', 'cg-tess'];

export interface SandboxFigures {
  idleP50: number;
  loadedP50: number;
  loadedP99: number;
  metadataIdleMedian: number;
  metadataBusyMax: number;
  batchMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One patient app's search, as a `patient/*.rs` token for that patient makes it. */
async function search(fhir: FhirServer, patient: string, access: AccessCheck): Promise<number> {
  const started = performance.now();
  const response = await fhir.handle(
    {
      method: 'GET',
      path: '/Observation',
      query: new URLSearchParams({ patient, _count: '50' }),
      headers: {},
    },
    access,
  );
  JSON.stringify(response.body);
  if (response.status !== 200) throw new Error(`search for ${patient} answered ${response.status}`);
  return performance.now() - started;
}

export async function benchSandbox(): Promise<SandboxFigures> {
  const sandbox = await startSandbox({ port: 0 });
  try {
    const fhir = sandbox.fhirServer;
    const known = new Set((await fhir.listPatients()).map((p) => p.id));
    const patients = PATIENTS.filter((p) => known.has(p));
    const accessFor = (patient: string): AccessCheck =>
      createAccessCheck(parseScopes('patient/*.rs'), patient);

    const idle: number[] = [];
    for (let i = 0; i < IDLE_SEARCHES; i++) {
      const patient = patients[i % patients.length]!;
      idle.push(await search(fhir, patient, accessFor(patient)));
    }
    const loaded: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const patient = patients[client % patients.length]!;
        for (let i = 0; i < SEARCHES_PER_CLIENT; i++)
          loaded.push(await search(fhir, patient, accessFor(patient)));
      }),
    );

    const metadataMs = async (): Promise<number> => {
      const started = performance.now();
      await (await fetch(`${sandbox.fhirBaseUrl}/metadata`)).arrayBuffer();
      return performance.now() - started;
    };
    const metadataIdle: number[] = [];
    for (let i = 0; i < 15; i++) metadataIdle.push(await metadataMs());
    const batch: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: Array.from({ length: 50 }, (_, i) => ({
        request: { method: 'GET', url: `Observation?_count=1000${i % 2 ? '&_sort=-date' : ''}` },
      })),
    };
    let done = false;
    const started = performance.now();
    const heavy = fhir
      .handle(
        { method: 'POST', path: '/', query: new URLSearchParams(), headers: {}, body: batch },
        () => 'ok',
      )
      .then((r) => {
        done = true;
        return r;
      });
    const busy: number[] = [];
    while (!done) busy.push(await metadataMs());
    await heavy;
    return {
      idleP50: percentile(idle, 50),
      loadedP50: percentile(loaded, 50),
      loadedP99: percentile(loaded, 99),
      metadataIdleMedian: percentile(metadataIdle, 50),
      metadataBusyMax: Math.max(...busy),
      batchMs: performance.now() - started,
    };
  } finally {
    await sandbox.close();
  }
}

export function describeSandboxFigures(f: SandboxFigures): string[] {
  return [
    `sandbox search Observation?patient=…&_count=50 (patient/*.rs token): idle p50 ${f.idleP50.toFixed(1)} ms; ` +
      `${CLIENTS} concurrent clients p50 ${f.loadedP50.toFixed(1)} ms, p99 ${f.loadedP99.toFixed(1)} ms ` +
      `(p99 / idle p50 = ${(f.loadedP99 / f.idleP50).toFixed(1)}; target ≤ 5)`,
    `sandbox heaviest allowed batch (50 × Observation?_count=1000): ${(f.batchMs / 1000).toFixed(1)} s; /metadata ` +
      `meanwhile at most ${f.metadataBusyMax.toFixed(1)} ms vs idle median ${f.metadataIdleMedian.toFixed(1)} ms ` +
      `(ratio ${(f.metadataBusyMax / f.metadataIdleMedian).toFixed(1)}; limit 20)`,
  ];
}

if (process.argv[1]?.endsWith('sandbox.ts')) {
  benchSandbox()
    .then((f) => console.log(describeSandboxFigures(f).join('\n')))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
