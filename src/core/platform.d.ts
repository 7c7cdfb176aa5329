/**
 * The few globals every runtime the core runs in provides (browsers, Node, Deno, workers — the
 * WinterCG minimum), declared by hand so the core's own compile (src/core/tsconfig.json) has no DOM
 * or Node library at all. Only the parts the core uses are declared.
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  toString(): string;
}
declare function structuredClone<T>(value: T): T;
declare function setTimeout(callback: () => void, ms?: number): unknown;
