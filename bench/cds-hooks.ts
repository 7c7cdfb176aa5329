/**
 * CDS Hooks service benchmark (prints figures; tests never assert timings).
 *   npx tsx bench/cds-hooks.ts        (CDS_BENCH_SECONDS shortens the load test, default 20)
 * The service runs as its own process (`cds-hooks/main.ts`, as `npm run cds-hooks` starts it); this
 * process is the EHR: it publishes a JWKS, signs one ES256 token per call and measures from outside.
 * - patient-view with the full prefetch for the largest fixture patient: p50/p99, and their ratio
 *   to the engine's own time for the same record in this run (evaluation and cards; target ≤ 2×);
 * - a bounded load: 20 concurrent clients for 20 s on loopback, p50/p99, error rate, throughput.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bundle, FhirResource, Resource } from 'fhir/r4';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { nodeCodeSets } from '../src/cli/prompts';
import { PatientCollector, readPaths } from '../src/cli/input';
import { evaluatePrompts, toCard } from '../src/core/prompts';
import { RULE_INPUTS } from '../src/core/prompts/inputs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ISS = 'https://bench-ehr.example.org';
const CLIENTS = 20;
const SERVICE_PORT = 8091;

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

function prefetchOf(resources: readonly Resource[], patientId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of RULE_INPUTS) {
    const mine = resources.filter((r) => r.resourceType === input.resourceType) as FhirResource[];
    if ('byId' in input && input.byId) out[input.key] = mine.find((r) => r.id === patientId) ?? null;
    else
      out[input.key] = {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: mine.map((resource) => ({ resource })),
      } satisfies Bundle;
  }
  return out;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('the CDS Hooks service exited on start');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

export interface CdsHooksBench {
  patientObservations: number;
  requestBytes: number;
  parseP50Ms: number;
  /** The service's own Server-Timing phases, p50 (auth, body, prefetch, engine). */
  serverP50Ms: Record<string, number>;
  engineP50Ms: number;
  engineP99Ms: number;
  httpP50Ms: number;
  httpP99Ms: number;
  p50Ratio: number;
  p99Ratio: number;
  load: {
    clients: number;
    seconds: number;
    requests: number;
    errorRate: number;
    p50Ms: number;
    p99Ms: number;
    perSecond: number;
  };
}

export async function benchCdsHooks(
  seconds = Number(process.env.CDS_BENCH_SECONDS ?? 20),
): Promise<CdsHooksBench> {
  const codes = nodeCodeSets();
  const collector = new PatientCollector();
  await readPaths(collector, [join(ROOT, 'fhir-fixtures')]);
  let largest: Resource[] = [];
  let largestId = '';
  let obs = -1;
  for (const id of collector.patients.keys()) {
    const rs = collector.resourcesOf(id);
    const n = rs.filter((r) => r.resourceType === 'Observation').length;
    if (n > obs) [largest, largestId, obs] = [rs, id, n];
  }
  const date = new Date().toISOString().slice(0, 10);

  // The EHR's key, published on loopback.
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, 'localhost', r));
  const dir = mkdtempSync(join(tmpdir(), 'cds-bench-'));
  const clientsFile = join(dir, 'clients.json');
  writeFileSync(
    clientsFile,
    JSON.stringify([
      { iss: ISS, jwksUrl: `http://localhost:${(jwksServer.address() as AddressInfo).port}/jwks.json` },
    ]),
  );
  const base = `http://localhost:${SERVICE_PORT}`;
  // One node process (tsx as a loader), so stopping it stops the service.
  const child = spawn(process.execPath, ['--import', 'tsx', 'cds-hooks/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      CDS_HOOKS_PORT: String(SERVICE_PORT),
      CDS_HOOKS_BASE_URL: base,
      CDS_HOOKS_CLIENTS: clientsFile,
      CDS_HOOKS_FEEDBACK: join(dir, 'feedback.ndjson'),
    },
  });
  try {
    await waitFor(`${base}/cds-services`, child);
    const url = `${base}/cds-services/common-ground-patient-view`;
    const token = () =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
        .setIssuer(ISS)
        .setAudience(url)
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti(randomUUID())
        .sign(privateKey);
    const body = (resources: readonly Resource[], id: string) =>
      JSON.stringify({
        hook: 'patient-view',
        hookInstance: randomUUID(),
        context: { userId: 'Practitioner/bench', patientId: id },
        prefetch: prefetchOf(resources, id),
      });
    const call = async (
      payload: string,
      jwt: string,
    ): Promise<{ ms: number; ok: boolean; server?: Record<string, number> }> => {
      const t0 = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
          body: payload,
        });
        await res.arrayBuffer();
        const server = Object.fromEntries(
          (res.headers.get('server-timing') ?? '')
            .split(',')
            .map((part) => /^\s*(\w+);dur=([\d.]+)/.exec(part))
            .flatMap((m) => (m ? [[m[1] as string, Number(m[2])]] : [])),
        );
        return { ms: performance.now() - t0, ok: res.status === 200, server };
      } catch {
        return { ms: performance.now() - t0, ok: false };
      }
    };

    // Latency for the largest patient, sequential, interleaved with the engine's own time.
    const largestBody = body(largest, largestId);
    const engine: number[] = [];
    const http: number[] = [];
    // The floor any JSON-over-HTTP service pays: parsing the request it is sent.
    const parse: number[] = [];
    const phases: Record<string, number[]> = {};
    for (let i = 0; i < 20; i++) await call(largestBody, await token());
    for (let i = 0; i < 200; i++) {
      let t0 = performance.now();
      const result = evaluatePrompts({ resources: largest, date }, codes);
      result.prompts.map((p) => toCard(p, largestId));
      engine.push(performance.now() - t0);
      t0 = performance.now();
      JSON.parse(largestBody);
      parse.push(performance.now() - t0);
      const jwt = await token();
      t0 = performance.now();
      const r = await call(largestBody, jwt);
      if (!r.ok) throw new Error('patient-view failed during the latency run');
      http.push(r.ms);
      for (const [k, v] of Object.entries(r.server ?? {})) (phases[k] ??= []).push(v);
    }

    // The bounded load: every patient in the fixtures in turn, each call a fresh token.
    const ids = [...collector.patients.keys()];
    const payloads = ids.map((id) => body(collector.resourcesOf(id), id));
    const jwts: string[] = [];
    for (let i = 0; i < 400 * seconds; i++) jwts.push(await token());
    let next = 0;
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) {
          const i = next++;
          const r = await call(payloads[i % payloads.length] as string, jwts[i] ?? (await token()));
          latencies.push(r.ms);
          if (!r.ok) errors++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const e50 = percentile(engine, 50);
    const e99 = percentile(engine, 99);
    return {
      patientObservations: obs,
      requestBytes: largestBody.length,
      parseP50Ms: round(percentile(parse, 50)),
      serverP50Ms: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(percentile(v, 50))])),
      engineP50Ms: round(e50),
      engineP99Ms: round(e99),
      httpP50Ms: round(percentile(http, 50)),
      httpP99Ms: round(percentile(http, 99)),
      p50Ratio: round(percentile(http, 50) / e50),
      p99Ratio: round(percentile(http, 99) / e99),
      load: {
        clients: CLIENTS,
        seconds,
        requests: latencies.length,
        errorRate: round(errors / Math.max(1, latencies.length), 4),
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        perSecond: round(latencies.length / elapsed, 1),
      },
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise<void>((r) => jwksServer.close(() => r()));
  }
}

export function describeCdsHooksFigures(b: CdsHooksBench): string[] {
  return [
    `CDS Hooks patient-view, full prefetch, largest fixture patient (${b.patientObservations} Observations): ` +
      `p50 ${b.httpP50Ms} ms / p99 ${b.httpP99Ms} ms over HTTP vs the engine's own ${b.engineP50Ms} / ${b.engineP99Ms} ms ` +
      `(ratio ${b.p50Ratio}× / ${b.p99Ratio}×; target ≤ 2×); JSON.parse of the ${Math.round(b.requestBytes / 1024)} kB ` +
      `request alone takes ${b.parseP50Ms} ms (p50); the service's own phases, p50: ` +
      Object.entries(b.serverP50Ms)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', '),
    `CDS Hooks load, ${b.load.clients} concurrent clients × ${b.load.seconds} s on loopback, one service process: ` +
      `${b.load.requests} calls, ${b.load.perSecond}/s, p50 ${b.load.p50Ms} ms, p99 ${b.load.p99Ms} ms, ` +
      `error rate ${(b.load.errorRate * 100).toFixed(2)} %`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchCdsHooks().then(
    (b) => {
      for (const line of describeCdsHooksFigures(b)) console.log(line);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
