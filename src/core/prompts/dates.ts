/**
 * Calendar dates as whole days since 1970-01-01 ("Day"). Rules compare the date part of FHIR
 * dates/dateTimes as written (no time-zone conversion): a lab drawn late on the 30th local time is on
 * the 30th, whatever UTC says. Windows like "the last 12 months" are calendar windows from `T`.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;

function toDay(y: number, m: number, d: number): Day {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/**
 * `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a dateTime → Day; partial dates take their first day.
 * Returns undefined for anything else.
 */
export function parseDay(value: string | undefined): Day | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  const day = toDay(Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1);
  return Number.isNaN(day) ? undefined : day;
}

/** The last day covered by a (possibly partial) date: `2020` → 2020-12-31, `2020-02` → 2020-02-29. */
export function parseDayEnd(value: string | undefined): Day | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]);
  if (!m[2]) return toDay(y + 1, 1, 1) - 1;
  if (!m[3]) return toDay(y, Number(m[2]) + 1, 1) - 1;
  return toDay(y, Number(m[2]), Number(m[3]));
}

function parts(day: Day): [number, number, number] {
  const d = new Date(day * MS_PER_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** Calendar months; the day is clamped to the target month's length (Mar 31 − 1 month = Feb 28/29). */
export function addMonths(day: Day, months: number): Day {
  const [y, m, d] = parts(day);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = toDay(ty, tm + 1, 1) - toDay(ty, tm, 1);
  return toDay(ty, tm, Math.min(d, last));
}

export function addYears(day: Day, years: number): Day {
  return addMonths(day, years * 12);
}

/** Completed years of age at `at` (AgeInYearsAt, §0.5). */
export function ageInYears(birth: Day, at: Day): number {
  const [by, bm, bd] = parts(birth);
  const [ty, tm, td] = parts(at);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function ageInMonths(birth: Day, at: Day): number {
  const [by, bm, bd] = parts(birth);
  const [ty, tm, td] = parts(at);
  return (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
}

/** A closed window [from, to] of days. */
export interface Window {
  from: Day;
  to: Day;
}

export function within(day: Day | undefined, w: Window): boolean {
  return day !== undefined && day >= w.from && day <= w.to;
}

/** "The last N months before T": [T − N months, T]. */
export function lastMonths(t: Day, months: number): Window {
  return { from: addMonths(t, -months), to: t };
}
