// `npm run views`: see commands.ts. Exit 0 when done (for `test`: every shareable test passed),
// 1 when a shareable conformance test failed, 2 for a usage or input error.
import { viewsCommand } from './commands';

viewsCommand(process.argv.slice(2), (text) => process.stdout.write(text)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);
