/** Small-cell suppression and confidence intervals for the equity report. */

export const SUPPRESSION_THRESHOLD = 11;

export interface Cell {
  value: string;
  numerator: number | null;
  denominator: number | null;
  rate: number | null;
  suppressed: boolean;
}

/**
 * One breakdown's cells with small-cell suppression: a cell whose denominator is under 11 is
 * suppressed (numerator, denominator and rate null). When exactly one cell would be hidden, the
 * next-smallest cell of the breakdown is hidden too, so the hidden one cannot be recovered by
 * subtracting the others from the total.
 */
export function suppress(
  cells: readonly { value: string; numerator: number; denominator: number; rate: number | null }[],
): Cell[] {
  const small = new Set(cells.filter((c) => c.denominator < SUPPRESSION_THRESHOLD).map((c) => c.value));
  if (small.size === 1 && cells.length > 1) {
    const next = [...cells]
      .filter((c) => !small.has(c.value))
      .sort((a, b) => a.denominator - b.denominator || a.value.localeCompare(b.value))[0];
    if (next) small.add(next.value);
  }
  return cells.map((c) =>
    small.has(c.value)
      ? { value: c.value, numerator: null, denominator: null, rate: null, suppressed: true }
      : { ...c, suppressed: false },
  );
}

/** Wilson score interval (95 %) for k successes in n trials; null when n is 0. */
export function wilson(k: number, n: number, z = 1.959964): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
