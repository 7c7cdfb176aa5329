import type { Knobs } from './knobs';

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Consumes one failNext if any is left, otherwise rolls against errorRate. */
export function shouldInjectFailure(knobs: Knobs, random: () => number = Math.random): boolean {
  if (knobs.failNext > 0) {
    knobs.failNext -= 1;
    return true;
  }
  return knobs.errorRate > 0 && random() < knobs.errorRate;
}
