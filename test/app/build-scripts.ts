/**
 * Vitest global setup for the app tests: the classic script the build writes for the app page
 * (vite.config.ts, exchangeScriptSource), made here because esbuild refuses to run under jsdom.
 */
import type { TestProject } from 'vitest/node';
import { exchangeScriptSource } from '../../vite.config';

declare module 'vitest' {
  export interface ProvidedContext {
    exchangeScript: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('exchangeScript', await exchangeScriptSource());
}
