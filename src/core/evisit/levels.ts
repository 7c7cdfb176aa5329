/**
 * Route levels of an e-visit, most urgent first (value-care-rules §12; the mapping of §12's wording
 * onto these six levels is issue 11's: "urgent in-person" and "in-person / video same day" are
 * `same-day`; "in-person or video", "for a strep test" and "testing pathway" are `in-person`).
 */
export const ROUTE_LEVELS = [
  'emergency',
  'same-day',
  'within-24h',
  'in-person',
  'clinician-review',
  'async-ok',
] as const;

export type RouteLevel = (typeof ROUTE_LEVELS)[number];

/** 0 = most urgent. */
export function urgency(level: RouteLevel): number {
  return ROUTE_LEVELS.indexOf(level);
}

export function moreUrgent(a: RouteLevel, b: RouteLevel): boolean {
  return urgency(a) < urgency(b);
}

/**
 * Levels that end the asynchronous path: the patient must be seen. `clinician-review` does not
 * (§12.1 #14): the e-visit goes on and a clinician looks before any self-care advice.
 */
export function endsPath(level: RouteLevel): boolean {
  return urgency(level) <= urgency('in-person');
}

export function isRouteLevel(v: unknown): v is RouteLevel {
  return typeof v === 'string' && (ROUTE_LEVELS as readonly string[]).includes(v);
}
