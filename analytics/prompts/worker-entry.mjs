// Worker threads do not inherit the main thread's TypeScript loader in Node 20: load the worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
