/**
 * Trend series for the measures goals target, from Observations already read: HbA1c and blood
 * pressure (a panel's components, or separate systolic/diastolic results), and the goal targets to
 * draw them against.
 */
import type { Goal, Observation, Quantity } from 'fhir/r4';
import { BP_PANELS, loincCodes, MEASURES, measureOf, type MeasureId } from './measures';

export interface TrendPoint {
  /** ISO date or dateTime. */
  date: string;
  value: number;
  unit: string;
}

export interface TargetBand {
  measure: MeasureId;
  low?: number;
  high?: number;
  /**
   * The one bound is not itself within the target: "<8 %" is below 8, not at or below it. A range's
   * bounds and "<=" / ">=" include their value.
   */
  exclusive?: true;
  /** The goal's words, for the chart's legend and its text alternative. */
  goal: string;
}

const IGNORED = new Set<Observation['status']>(['entered-in-error', 'cancelled']);

function when(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;
}

function numeric(q: Quantity | undefined): number | undefined {
  return typeof q?.value === 'number' && Number.isFinite(q.value) ? q.value : undefined;
}

function valueFor(o: Observation, id: MeasureId): Quantity | undefined {
  const m = MEASURES[id];
  const codes = loincCodes(o.code);
  if (codes.includes(m.code) || m.alsoCodes.some((c) => codes.includes(c))) return o.valueQuantity;
  if (id === 'hba1c') return undefined;
  if (!codes.some((c) => (BP_PANELS as readonly string[]).includes(c))) return undefined;
  return o.component?.find((c) => loincCodes(c.code).includes(m.code))?.valueQuantity;
}

/** Oldest first. */
export function trendSeries(observations: Observation[], id: MeasureId): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const o of observations) {
    if (IGNORED.has(o.status)) continue;
    const q = valueFor(o, id);
    const value = numeric(q);
    const date = when(o);
    if (value === undefined || !date) continue;
    points.push({ date, value, unit: q?.unit ?? MEASURES[id].unit });
  }
  return points.sort((a, b) => a.date.localeCompare(b.date));
}

const OPEN = new Set<Goal['lifecycleStatus']>(['proposed', 'planned', 'accepted', 'active', 'on-hold']);

/** Targets of open goals on this measure (a goal with an exact value draws as a line). */
export function targetBands(goals: Goal[], id: MeasureId): TargetBand[] {
  const bands: TargetBand[] = [];
  for (const g of goals) {
    if (!OPEN.has(g.lifecycleStatus)) continue;
    for (const t of g.target ?? []) {
      if (measureOf(t.measure) !== id) continue;
      // A quantity with a comparator ("<8 %", as some EHRs write it) is a one-sided bound.
      const cmp = t.detailQuantity?.comparator;
      const q = numeric(t.detailQuantity);
      const low = numeric(t.detailRange?.low) ?? (cmp === '<' || cmp === '<=' ? undefined : q);
      const high = numeric(t.detailRange?.high) ?? (cmp === '>' || cmp === '>=' ? undefined : q);
      if (low === undefined && high === undefined) continue;
      const exclusive =
        numeric(t.detailRange?.low) === undefined && numeric(t.detailRange?.high) === undefined;
      bands.push({
        measure: id,
        ...(low !== undefined ? { low } : {}),
        ...(high !== undefined ? { high } : {}),
        ...(exclusive && (cmp === '<' || cmp === '>') ? { exclusive: true as const } : {}),
        goal: g.description.text ?? g.description.coding?.[0]?.display ?? '',
      });
    }
  }
  return bands;
}
