/**
 * Runs the metric queries (this folder's .sql files) over the view tables and sums each into the
 * report: the total, every month of the period and every equity stratum, with small-cell
 * suppression. The per-metric SQL is portable; the summing SQL here runs on the embedded DuckDB.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BASE_TABLES, METRICS, type MetricDefinition } from './definitions';
import { suppress, type Cell } from './stats';

export const STRATA = [
  ['age-band', 'age_band'],
  ['sex', 'sex'],
  ['race', 'race'],
  ['ethnicity', 'ethnicity'],
  ['language', 'language'],
] as const;

const LABELS: Record<string, Record<string, string>> = {
  race: {
    '2106-3': 'White',
    '2054-5': 'Black or African American',
    '2028-9': 'Asian',
    '1002-5': 'American Indian or Alaska Native',
    '2076-8': 'Native Hawaiian or Other Pacific Islander',
    '2131-1': 'Other Race',
    UNK: 'Unknown',
    ASKU: 'Asked but no answer',
  },
  ethnicity: {
    '2135-2': 'Hispanic or Latino',
    '2186-5': 'Not Hispanic or Latino',
    UNK: 'Unknown',
    ASKU: 'Asked but no answer',
  },
  language: {
    en: 'English',
    es: 'Spanish',
    zh: 'Chinese',
    vi: 'Vietnamese',
    ar: 'Arabic',
    ht: 'Haitian Creole',
    unknown: 'Unknown',
  },
};

export interface Stratum extends Cell {
  by: string;
}

export interface MonthValue {
  month: string;
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface MetricResult {
  id: string;
  rule?: string;
  reason?: string;
  numerator: number;
  denominator: number;
  rate: number | null;
  strata: Stratum[];
  months: MonthValue[];
}

export interface MetricsReport {
  period: { from: string; to: string };
  metrics: MetricResult[];
}

export interface FeedbackLine {
  kind: 'card' | 'feedback';
  uuid?: string;
  rule: string;
  patient: string;
  outcome?: string;
  /** A reason with a `system` is the EHR's own (not one of ours): not counted by reason. */
  reason?: { system?: string; code?: string; display?: string };
  time?: string;
}

const DIR = new URL('./', import.meta.url);
export const metricSql = (file: string): string => readFileSync(new URL(file, DIR), 'utf8');

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** YYYY-MM of every month from `from` to `to`. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const rateOf = (num: number, den: number, per100?: boolean) =>
  den > 0 ? round(((per100 ? 100 : 1) * num) / den) : null;

/** The period table, the CDS Hooks feedback table and the base tables the metric queries read. */
export async function prepareMetricTables(
  db: DuckDBConnection,
  period: { from: string; to: string },
  feedback: readonly FeedbackLine[] = [],
): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TABLE period AS SELECT ${q(period.from)} AS period_from, ${q(period.to)} AS period_to`,
  );
  await db.run(
    'CREATE OR REPLACE TABLE feedback (kind VARCHAR, uuid VARCHAR, rule VARCHAR, patient VARCHAR, outcome VARCHAR, reason_code VARCHAR, time VARCHAR)',
  );
  for (let i = 0; i < feedback.length; i += 500) {
    const values = feedback
      .slice(i, i + 500)
      .map((f) =>
        [f.kind, f.uuid, f.rule, f.patient, f.outcome, f.reason?.system ? undefined : f.reason?.code, f.time]
          .map((v) => (v === undefined ? 'NULL' : q(v)))
          .join(', '),
      )
      .map((row) => `(${row})`)
      .join(', ');
    await db.run(`INSERT INTO feedback VALUES ${values}`);
  }
  for (const [table, file] of BASE_TABLES)
    await db.run(`CREATE OR REPLACE TABLE ${table} AS ${metricSql(file)}`);
}

interface Sums {
  num: number;
  den: number;
}

const label = (by: string, value: string) => LABELS[by]?.[value] ?? value;

/** One metric (with its rules and reasons) from its rows in table `m`. */
async function summarise(
  db: DuckDBConnection,
  def: MetricDefinition,
  months: readonly string[],
): Promise<MetricResult[]> {
  const joined = `m LEFT JOIN patient_strata s ON s.patient = m.patient`;
  const entries: { rule?: string; reason?: string; where: string; den: string }[] = [];
  if (def.byRule)
    for (const rule of def.byRule)
      entries.push({ rule, where: `m.rule = ${q(rule)}`, den: `m.rule = ${q(rule)}` });
  else entries.push({ where: 'TRUE', den: 'TRUE' });
  if (def.byReason) {
    const reasons = (
      await db.runAndReadAll('SELECT DISTINCT reason FROM m WHERE reason IS NOT NULL ORDER BY reason')
    )
      .getRows()
      .map((r) => String(r[0]));
    // A reason's share is of every prompt shown, so its denominator is the metric's whole one.
    for (const reason of reasons) entries.push({ reason, where: `m.reason = ${q(reason)}`, den: 'TRUE' });
  }
  const out: MetricResult[] = [];
  for (const e of entries) {
    const sel = (dim: string, key: string) =>
      `SELECT '${dim}' AS dim, ${key} AS k, SUM(CASE WHEN ${e.where} THEN m.num ELSE 0 END) AS num, SUM(CASE WHEN ${e.den} THEN m.den ELSE 0 END) AS den FROM ${joined} GROUP BY ${key}`;
    // One query per entry: the total, each month and each stratum.
    const parts = [
      sel('total', "''"),
      sel('month', 'm.month'),
      ...STRATA.map(([by, column]) => sel(by, `COALESCE(s.${column}, 'unknown')`)),
    ];
    const byDim = new Map<string, Map<string, Sums>>();
    for (const [dim, key, num, den] of (await db.runAndReadAll(parts.join('\nUNION ALL\n'))).getRows()) {
      const d = String(dim);
      const map = byDim.get(d) ?? new Map<string, Sums>();
      map.set(String(key ?? ''), { num: Number(num ?? 0), den: Number(den ?? 0) });
      byDim.set(d, map);
    }
    const total = byDim.get('total')?.get('') ?? { num: 0, den: 0 };
    const byMonth = byDim.get('month') ?? new Map<string, Sums>();
    const strata: Stratum[] = [];
    for (const [by] of STRATA) {
      const cells = [...(byDim.get(by) ?? new Map<string, Sums>()).entries()]
        .filter(([, x]) => x.den > 0)
        .map(([value, x]) => ({
          value: label(by, value),
          numerator: x.num,
          denominator: x.den,
          rate: rateOf(x.num, x.den, def.per100),
        }))
        .sort((a, b) => a.value.localeCompare(b.value));
      for (const c of suppress(cells)) strata.push({ by, ...c });
    }
    out.push({
      id: def.id,
      ...(e.rule ? { rule: e.rule } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      numerator: total.num,
      denominator: total.den,
      rate: rateOf(total.num, total.den, def.per100),
      strata,
      months: months.map((month) => {
        const s = byMonth.get(month) ?? { num: 0, den: 0 };
        const den = def.monthsOverWholeDenominator ? total.den : s.den;
        return { month, numerator: s.num, denominator: den, rate: rateOf(s.num, den, def.per100) };
      }),
    });
  }
  return out;
}

/** Every metric over the view tables already in `db`. */
export async function computeMetrics(
  db: DuckDBConnection,
  period: { from: string; to: string },
  feedback: readonly FeedbackLine[] = [],
  onMetric?: (done: number, total: number) => void,
): Promise<MetricsReport> {
  await prepareMetricTables(db, period, feedback);
  const months = monthsOf(period.from, period.to);
  const metrics: MetricResult[] = [];
  let done = 0;
  for (const def of METRICS) {
    await db.run(`CREATE OR REPLACE TEMP TABLE m AS ${metricSql(`${def.id}.sql`)}`);
    metrics.push(...(await summarise(db, def, months)));
    onMetric?.(++done, METRICS.length);
  }
  await db.run('DROP TABLE IF EXISTS m');
  return { period, metrics };
}
