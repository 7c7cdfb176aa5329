/**
 * Stands in for the `debug` package in the production build (vite.config.ts): fhirclient logs through
 * it only when a developer turns it on in the browser, which a built app never does, and the real
 * package costs the first page about 2 kB gzipped. The dev server keeps the real one.
 */
interface Debugger {
  (...args: unknown[]): void;
  enabled: boolean;
  extend(namespace: string): Debugger;
}

const silent: Debugger = Object.assign(() => {}, { enabled: false, extend: () => silent });

export default function debug(): Debugger {
  return silent;
}
