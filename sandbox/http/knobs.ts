/** Fault-injection settings, live and mutable while the sandbox runs. */
export interface Knobs {
  /** Added to every FHIR and token call. */
  latencyMs: number;
  /** 0..1: that fraction of FHIR calls (not /metadata) answers 503. */
  errorRate: number;
  /** expires_in of new access tokens. */
  tokenLifetimeSeconds: number;
  /** The next N FHIR calls fail with 503. */
  failNext: number;
}

export const DEFAULT_KNOBS: Readonly<Knobs> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  tokenLifetimeSeconds: 3600,
  failNext: 0,
});

type Rule = (value: number) => boolean;

const RULES: Record<keyof Knobs, { rule: Rule; text: string }> = {
  latencyMs: { rule: (v) => v >= 0 && v <= 600_000, text: 'a number of milliseconds, 0..600000' },
  errorRate: { rule: (v) => v >= 0 && v <= 1, text: 'a number from 0 to 1' },
  tokenLifetimeSeconds: {
    rule: (v) => Number.isInteger(v) && v >= 1,
    text: 'a whole number of seconds, at least 1',
  },
  failNext: { rule: (v) => Number.isInteger(v) && v >= 0, text: 'a whole number, at least 0' },
};

export type KnobsPatchResult = { ok: true; patch: Partial<Knobs> } | { ok: false; error: string };

/** Validates an untrusted partial update (JSON body, env, options) without applying it. */
export function parseKnobsPatch(input: unknown): KnobsPatchResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'Expected a JSON object of knobs' };
  }
  const patch: Partial<Knobs> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in RULES)) return { ok: false, error: `Unknown knob "${key}"` };
    const { rule, text } = RULES[key as keyof Knobs];
    if (typeof value !== 'number' || !Number.isFinite(value) || !rule(value)) {
      return { ok: false, error: `Knob "${key}" must be ${text}` };
    }
    patch[key as keyof Knobs] = value;
  }
  return { ok: true, patch };
}

export function createKnobs(overrides: Partial<Knobs> = {}): Knobs {
  const result = parseKnobsPatch(overrides);
  if (!result.ok) throw new Error(result.error);
  return { ...DEFAULT_KNOBS, ...result.patch };
}

/** SANDBOX_LATENCY_MS, SANDBOX_ERROR_RATE, SANDBOX_TOKEN_LIFETIME; unset or empty variables keep defaults. */
export function knobsFromEnv(env: Record<string, string | undefined>): Partial<Knobs> {
  const names: [keyof Knobs, string][] = [
    ['latencyMs', 'SANDBOX_LATENCY_MS'],
    ['errorRate', 'SANDBOX_ERROR_RATE'],
    ['tokenLifetimeSeconds', 'SANDBOX_TOKEN_LIFETIME'],
  ];
  const out: Partial<Knobs> = {};
  for (const [knob, variable] of names) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    const checked = parseKnobsPatch({ [knob]: value });
    if (!checked.ok) throw new Error(`${variable}=${raw}: ${checked.error}`);
    out[knob] = value;
  }
  return out;
}
