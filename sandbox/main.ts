/**
 * `npm run sandbox`: the embedded sandbox EHR on SANDBOX_PORT (default 8080), loaded from
 * fhir-fixtures/, with fault knobs from SANDBOX_LATENCY_MS, SANDBOX_ERROR_RATE, SANDBOX_TOKEN_LIFETIME.
 */
import { fileURLToPath } from 'node:url';
import { knobsFromEnv } from './http/knobs';
import { startSandbox } from './index';

async function main(): Promise<void> {
  const port = parsePort(process.env.SANDBOX_PORT);
  const fixturesDir = fileURLToPath(new URL('../fhir-fixtures', import.meta.url));
  const sandbox = await startSandbox({
    port,
    host: process.env.SANDBOX_HOST || undefined,
    fixturesDir,
    appLaunchUrl: process.env.SANDBOX_APP_LAUNCH_URL || undefined,
    knobs: knobsFromEnv(process.env),
  });
  const [patients, practitioners] = await Promise.all([
    sandbox.fhirServer.listPatients(),
    sandbox.fhirServer.listPractitioners(),
  ]);
  const summary = loadSummary(sandbox.fhirServer);
  console.log(`Sandbox EHR running.
  Launcher:   ${sandbox.url}/launcher
  FHIR base:  ${sandbox.fhirBaseUrl}
  Fixtures:   ${fixturesDir} — ${patients.length} patients, ${practitioners.length} practitioners${summary ? `\n  ${summary}` : ''}
  Knobs:      ${JSON.stringify(sandbox.knobs)} (GET/POST ${sandbox.url}/sandbox/knobs)`);

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping the sandbox.`);
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** The real FHIR half offers a one-line load report; the contract does not promise one. */
function loadSummary(server: object): string | undefined {
  const candidate = (server as { loadSummary?: unknown }).loadSummary;
  return typeof candidate === 'function' ? String(candidate.call(server)) : undefined;
}

function parsePort(raw: string | undefined): number {
  if (!raw?.trim()) return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`SANDBOX_PORT=${raw} is not a port number`);
  return port;
}

main().catch((err: unknown) => {
  console.error('The sandbox could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
