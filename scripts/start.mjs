// `npm start`: the embedded sandbox EHR and the app's dev server together, on this machine alone.
// Ctrl-C stops both.
import { spawn } from 'node:child_process';

const sandboxPort = process.env.SANDBOX_PORT ?? '8080';
const children = [
  spawn('npx', ['tsx', 'sandbox/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, SANDBOX_PORT: sandboxPort },
  }),
  spawn('npx', ['vite', '--port', '5173', '--strictPort'], { stdio: ['ignore', 'ignore', 'inherit'] }),
];
// The CDS Hooks service the sandbox chart calls (it trusts the sandbox's key by default). The chart
// works without it, so its exit does not stop the others.
const cdsHooks = spawn('npx', ['tsx', 'cds-hooks/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, SANDBOX_PORT: sandboxPort },
});
cdsHooks.on('exit', (code) => {
  if (!stopping && code) console.log('The CDS Hooks service stopped; the sandbox chart will say so.');
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const c of [...children, cdsHooks]) if (c.exitCode === null) c.kill('SIGTERM');
  process.exitCode = code;
}
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

setTimeout(() => {
  if (!stopping) {
    console.log(
      `\nThe app is served at http://localhost:5173/ (launch entry: http://localhost:5173/launch/).`,
    );
    console.log(`Open the sandbox launcher to start a launch: http://localhost:${sandboxPort}/launcher`);
    console.log(
      `CDS Hooks discovery: ${process.env.CDS_HOOKS_BASE_URL ?? 'http://localhost:8090'}/cds-services\n`,
    );
  }
}, 2500);
