/**
 * CDS Hooks service benchmark (prints figures; tests never assert timings).
 *   npx tsx bench/cds-hooks.ts        (CDS_BENCH_SECONDS shortens the load test, default 20;
 *                                      CDS_BENCH_PROFILE=<dir> has the service write a CPU profile)
 * The service runs as its own process (`cds-hooks/main.ts`, as `npm run cds-hooks` starts it), so the
 * load generator never shares its thread; this process is the EHR: it publishes a JWKS, signs one
 * ES256 token per call and measures from outside, over node:http with keep-alive.
 * - patient-view with the full prefetch for the largest fixture patient, the same request bytes every
 *   call, warm-up excluded: p50/p99 over HTTP, and their ratio to the engine's own evaluation in this
 *   run (target: the HTTP layer adds at most 2×). "The engine's own evaluation" is one
 *   evaluatePrompts call given the already-parsed prefetch objects (the resources the service takes
 *   from them, gathered outside the timing): building the record index and evaluating the rules.
 *   Everything else — reading and parsing the body, verifying the token, cards, the feedback line,
 *   the response — is the service's layer. Parsing the request's JSON is a floor no JSON-over-HTTP
 *   service avoids, so it is printed on its own with the ratio excluding it.
 * - a bounded load: 20 concurrent clients for 20 s on loopback over every fixture patient: p50/p99,
 *   error rate and the throughput of one service process on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bundle, FhirResource, Resource } from 'fhir/r4';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { nodeCodeSets } from '../src/cli/prompts';
import { PatientCollector, readPaths } from '../src/cli/input';
import { evaluatePrompts } from '../src/core/prompts';
import { parseJsonBytes } from '../cds-hooks/json';
import { readHookRecord } from '../cds-hooks/prefetch';
import { RULE_INPUTS, type RecordInput } from '../src/core/prompts/inputs';
import { readsOf } from '../src/core/prompts/reads';
import { ehrPrefetch } from '../test/cds-hooks/ehr-prefetch';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ISS = 'https://bench-ehr.example.org';
const CLIENTS = 20;
const SERVICE_PORT = 8091;
const SINK_PORT = 8092;
/**
 * The transport floor: a process that reads a POSTed body to its end and answers 204, so what
 * loopback HTTP itself costs for these bytes is measured by the same client in the same run.
 */
const SINK = `require('node:http').createServer((q, s) => q.on('data', () => {}).on('end', () => s.writeHead(204).end()))
  .listen(${SINK_PORT}, 'localhost')`;
const WARM_UP = 50;
const SAMPLES = 300;

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * What an EHR sent before the templates were narrowed: every resource of each rule input's type,
 * under the input's first key (its other narrowed keys `null`, so the bytes are the old request's).
 */
function wholePrefetchOf(resources: readonly Resource[], patientId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of RULE_INPUTS as readonly RecordInput[]) {
    const mine = resources.filter((r) => r.resourceType === input.resourceType) as FhirResource[];
    const [key = input.key, ...others] = readsOf(input)?.map((s) => s.key) ?? [input.key];
    if (input.byId) out[key] = mine.find((r) => r.id === patientId) ?? null;
    else
      out[key] = {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: mine.map((resource) => ({ resource })),
      } satisfies Bundle;
    for (const other of others) out[other] = null;
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
  /** The request for the narrowed templates, and (for comparison) with every resource of each input's type. */
  requestBytes: number;
  wholeRequestBytes: number;
  /** The same templates from a server that ignores `_elements` (whole resources), every third call. */
  unsubsetted: { requestBytes: number; engineP50Ms: number; httpP50Ms: number; p50Ratio: number };
  /** The whole-record prefetch in the same run (every third call): HTTP and engine p50, phases. */
  whole: {
    engineP50Ms: number;
    httpP50Ms: number;
    httpP99Ms: number;
    p50Ratio: number;
    serverP50Ms: Record<string, number>;
  };
  /** Parsing the request bytes as the service does (cds-hooks/json.ts), in this process. */
  parseP50Ms: number;
  parseP99Ms: number;
  /** The same bytes as one string, then JSON.parse (p50); and JSON.parse of the text alone (p50). */
  wholeParseP50Ms: number;
  decodedParseP50Ms: number;
  /** POSTing the same bytes to a process that only reads them: loopback HTTP's own cost. */
  transportP50Ms: number;
  transportP99Ms: number;
  /** The service's own Server-Timing phases, p50 (auth, body, parse, prefetch, engine). */
  serverP50Ms: Record<string, number>;
  engineP50Ms: number;
  engineP99Ms: number;
  httpP50Ms: number;
  httpP99Ms: number;
  p50Ratio: number;
  p99Ratio: number;
  /** (HTTP − parse) / engine: the ratio without the JSON floor. */
  p50RatioBeyondParse: number;
  p99RatioBeyondParse: number;
  /** (HTTP − parse − transport) / engine: without either floor. */
  p50RatioBeyondFloors: number;
  p99RatioBeyondFloors: number;
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
  // The day the service evaluates on (its local calendar day).
  const now = new Date();
  const date = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((n) => String(n).padStart(2, '0'))
    .join('-');

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
  // CDS_BENCH_PROFILE=<dir>: the service writes a V8 CPU profile there when it stops.
  const profile = process.env.CDS_BENCH_PROFILE;
  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'cds-hooks/main.ts'], {
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
  const sink = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitFor(`${base}/cds-services`, child);
    await waitFor(`http://localhost:${SINK_PORT}/`, sink);
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
    const body = (
      resources: readonly Resource[],
      id: string,
      prefetch: (rs: readonly Resource[], id: string) => Record<string, unknown> = ehrPrefetch,
    ) =>
      Buffer.from(
        JSON.stringify({
          hook: 'patient-view',
          hookInstance: randomUUID(),
          context: { userId: 'Practitioner/bench', patientId: id },
          prefetch: prefetch(resources, id),
        }),
      );
    // node:http rather than fetch: the EHR side's own cost (undici, encoding a string per call)
    // would otherwise be counted as the service's.
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const call = (
      payload: Buffer,
      jwt: string,
      to = url,
    ): Promise<{ ms: number; ok: boolean; server?: Record<string, number> }> =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const req = request(
          to,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': payload.length,
              authorization: `Bearer ${jwt}`,
            },
          },
          (res) => {
            res.resume();
            res.once('end', () => {
              const server = Object.fromEntries(
                String(res.headers['server-timing'] ?? '')
                  .split(',')
                  .map((part) => /^\s*(\w+);dur=([\d.]+)/.exec(part))
                  .flatMap((m) => (m ? [[m[1] as string, Number(m[2])]] : [])),
              );
              resolve({
                ms: performance.now() - t0,
                ok: res.statusCode === (to === url ? 200 : 204),
                server,
              });
            });
          },
        );
        req.once('error', () => resolve({ ms: performance.now() - t0, ok: false }));
        req.end(payload);
      });

    // Latency for the largest patient, sequential, interleaved with the engine's own time and the
    // parse floor so that whatever else the machine is doing falls on all three alike.
    const largestBody = body(largest, largestId);
    // The same patient with the whole-record prefetch the templates asked for before they were
    // narrowed (the service still accepts it): the baseline, measured in this run.
    const wholeBody = body(largest, largestId, wholePrefetchOf);
    const unsubsettedBody = body(largest, largestId, (rs, id) => ehrPrefetch(rs, id, { elements: false }));
    const unsubsettedRecord = await readHookRecord({
      patientId: largestId,
      prefetch: (parseJsonBytes(unsubsettedBody) as { prefetch: Record<string, unknown> }).prefetch,
      fhirServer: undefined,
      fhirAuthorization: undefined,
    });
    const unsubsettedEngine: number[] = [];
    const unsubsettedHttp: number[] = [];
    const wholeRecord = await readHookRecord({
      patientId: largestId,
      prefetch: (parseJsonBytes(wholeBody) as { prefetch: Record<string, unknown> }).prefetch,
      fhirServer: undefined,
      fhirAuthorization: undefined,
    });
    const wholeEngine: number[] = [];
    const wholeHttp: number[] = [];
    const wholePhases: Record<string, number[]> = {};
    const parsed = parseJsonBytes(largestBody) as { prefetch: Record<string, unknown> };
    const record = await readHookRecord({
      patientId: largestId,
      prefetch: parsed.prefetch,
      fhirServer: undefined,
      fhirAuthorization: undefined,
    });
    const engine: number[] = [];
    const http: number[] = [];
    const parse: number[] = [];
    // For comparison: the body decoded to one string and JSON.parse'd (what the service did before
    // cds-hooks/json.ts), and JSON.parse of text already decoded (no service gets its body so).
    const wholeParse: number[] = [];
    const decodedParse: number[] = [];
    const decoded = largestBody.toString('utf8');
    const transport: number[] = [];
    const phases: Record<string, number[]> = {};
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      const warm = i >= WARM_UP;
      let t0 = performance.now();
      evaluatePrompts({ resources: record, date }, codes);
      if (warm) engine.push(performance.now() - t0);
      t0 = performance.now();
      parseJsonBytes(largestBody);
      if (warm) parse.push(performance.now() - t0);
      t0 = performance.now();
      JSON.parse(largestBody.toString('utf8'));
      if (warm) wholeParse.push(performance.now() - t0);
      t0 = performance.now();
      JSON.parse(decoded);
      if (warm) decodedParse.push(performance.now() - t0);
      const jwt = await token();
      const sunk = await call(largestBody, jwt, `http://localhost:${SINK_PORT}/`);
      if (warm) transport.push(sunk.ms);
      const r = await call(largestBody, jwt);
      if (!r.ok) throw new Error('patient-view failed during the latency run');
      if (!warm) continue;
      http.push(r.ms);
      for (const [k, v] of Object.entries(r.server ?? {})) (phases[k] ??= []).push(v);
      // The baseline on every third call: enough samples for its median without doubling the run.
      if (i % 3 !== 0) continue;
      t0 = performance.now();
      evaluatePrompts({ resources: wholeRecord, date }, codes);
      wholeEngine.push(performance.now() - t0);
      const w = await call(wholeBody, await token());
      if (!w.ok) throw new Error('patient-view with the whole prefetch failed during the latency run');
      wholeHttp.push(w.ms);
      for (const [k, v] of Object.entries(w.server ?? {})) (wholePhases[k] ??= []).push(v);
      t0 = performance.now();
      evaluatePrompts({ resources: unsubsettedRecord, date }, codes);
      unsubsettedEngine.push(performance.now() - t0);
      const u = await call(unsubsettedBody, await token());
      if (!u.ok) throw new Error('patient-view without _elements failed during the latency run');
      unsubsettedHttp.push(u.ms);
    }

    // The bounded load: every patient in the fixtures in turn, each call a fresh token.
    const ids = [...collector.patients.keys()];
    const payloads = ids.map((id) => body(collector.resourcesOf(id), id));
    const jwts: string[] = [];
    for (let i = 0; i < 600 * seconds; i++) jwts.push(await token());
    let next = 0;
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) {
          const i = next++;
          const r = await call(payloads[i % payloads.length] as Buffer, jwts[i] ?? (await token()));
          latencies.push(r.ms);
          if (!r.ok) errors++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    agent.destroy();
    const e50 = percentile(engine, 50);
    const e99 = percentile(engine, 99);
    const h50 = percentile(http, 50);
    const h99 = percentile(http, 99);
    const p50 = percentile(parse, 50);
    const p99 = percentile(parse, 99);
    const t50 = percentile(transport, 50);
    const t99 = percentile(transport, 99);
    return {
      patientObservations: obs,
      requestBytes: largestBody.length,
      wholeRequestBytes: wholeBody.length,
      unsubsetted: {
        requestBytes: unsubsettedBody.length,
        engineP50Ms: round(percentile(unsubsettedEngine, 50)),
        httpP50Ms: round(percentile(unsubsettedHttp, 50)),
        p50Ratio: round(percentile(unsubsettedHttp, 50) / percentile(unsubsettedEngine, 50)),
      },
      whole: {
        engineP50Ms: round(percentile(wholeEngine, 50)),
        httpP50Ms: round(percentile(wholeHttp, 50)),
        httpP99Ms: round(percentile(wholeHttp, 99)),
        p50Ratio: round(percentile(wholeHttp, 50) / percentile(wholeEngine, 50)),
        serverP50Ms: Object.fromEntries(
          Object.entries(wholePhases).map(([k, v]) => [k, round(percentile(v, 50))]),
        ),
      },
      parseP50Ms: round(p50),
      parseP99Ms: round(p99),
      wholeParseP50Ms: round(percentile(wholeParse, 50)),
      decodedParseP50Ms: round(percentile(decodedParse, 50)),
      transportP50Ms: round(t50),
      transportP99Ms: round(t99),
      serverP50Ms: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(percentile(v, 50))])),
      engineP50Ms: round(e50),
      engineP99Ms: round(e99),
      httpP50Ms: round(h50),
      httpP99Ms: round(h99),
      p50Ratio: round(h50 / e50),
      p99Ratio: round(h99 / e99),
      p50RatioBeyondParse: round((h50 - p50) / e50),
      p99RatioBeyondParse: round((h99 - p99) / e99),
      p50RatioBeyondFloors: round((h50 - p50 - t50) / e50),
      p99RatioBeyondFloors: round((h99 - p99 - t99) / e99),
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
    sink.kill('SIGTERM');
    await new Promise<void>((r) => jwksServer.close(() => r()));
  }
}

export function describeCdsHooksFigures(b: CdsHooksBench): string[] {
  const within = (r: number) => (r <= 2 ? 'within' : 'over');
  const phases = (p: Record<string, number>) =>
    Object.entries(p)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', ');
  // Reading JSON and carrying its bytes over loopback: what a service that did nothing else would cost.
  const floors = round((b.parseP50Ms + b.transportP50Ms) / b.engineP50Ms);
  return [
    `CDS Hooks patient-view, full prefetch for the narrowed templates (${Math.round(b.requestBytes / 1024)} kB; ` +
      `${Math.round(b.wholeRequestBytes / 1024)} kB before narrowing), largest fixture patient ` +
      `(${b.patientObservations} Observations), ${SAMPLES} calls after ${WARM_UP} warm-up: ` +
      `p50 ${b.httpP50Ms} ms / p99 ${b.httpP99Ms} ms over HTTP vs the engine's own evaluation ` +
      `${b.engineP50Ms} / ${b.engineP99Ms} ms: ratio ${b.p50Ratio}× / ${b.p99Ratio}× ` +
      `(target ≤ 2×: p50 ${within(b.p50Ratio)}, p99 ${within(b.p99Ratio)})`,
    `  the same templates from a server that ignores _elements, same run ` +
      `(${Math.round(b.unsubsetted.requestBytes / 1024)} kB): p50 ${b.unsubsetted.httpP50Ms} ms vs the engine ` +
      `${b.unsubsetted.engineP50Ms} ms: ratio ${b.unsubsetted.p50Ratio}× at p50`,
    `  before narrowing, same run (the whole-record prefetch): p50 ${b.whole.httpP50Ms} ms / p99 ` +
      `${b.whole.httpP99Ms} ms vs the engine over that record ${b.whole.engineP50Ms} ms: ratio ${b.whole.p50Ratio}× ` +
      `at p50; phases p50: ${phases(b.whole.serverP50Ms)}`,
    `  floors (p50 / p99): parsing the request's JSON ${b.parseP50Ms} / ${b.parseP99Ms} ms ` +
      `(${round(b.parseP50Ms / b.engineP50Ms)}× the engine at p50; with the transport floor ` +
      `${floors}× on their own, so 2× ${floors > 2 ? 'cannot be reached' : 'leaves the service ' + round(2 - floors) + '× for its own work'}; ` +
      `decoded whole then JSON.parse ${b.wholeParseP50Ms} ms, JSON.parse of already-decoded text ` +
      `${b.decodedParseP50Ms} ms); sending the bytes to a process that only reads them ` +
      `${b.transportP50Ms} / ${b.transportP99Ms} ms`,
    `  ratio excluding the parse floor ${b.p50RatioBeyondParse}× / ${b.p99RatioBeyondParse}×; ` +
      `excluding both floors ${b.p50RatioBeyondFloors}× / ${b.p99RatioBeyondFloors}× (p99s subtracted as p99s)`,
    `  the service's own phases, p50: ${phases(b.serverP50Ms)}`,
    `CDS Hooks load, ${b.load.clients} concurrent clients × ${b.load.seconds} s on loopback over every fixture patient, ` +
      `one service process: ${b.load.requests} calls, ${b.load.perSecond} requests/s, p50 ${b.load.p50Ms} ms, ` +
      `p99 ${b.load.p99Ms} ms, error rate ${(b.load.errorRate * 100).toFixed(2)} %`,
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
