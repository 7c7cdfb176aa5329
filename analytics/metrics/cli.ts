/**
 * npm run metrics -- <folder of bulk-export NDJSON> [--date YYYY-MM-DD] [--from YYYY-MM-DD]
 *   [--format json|csv] [--out report.html] [--feedback cds-hooks.ndjson] [--workers N]
 *
 * Prints the report as JSON (default) or CSV on stdout; `--out` writes the HTML page (and then
 * stdout only when --format is given). Progress goes to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { MetricsReport } from './engine';
import { metricsOfExport, parseFeedback, type Stage } from './pipeline';
import { reportHtml } from './report-html';

const USAGE = `Usage: metrics <folder of FHIR bulk-export NDJSON> [options]

  --date YYYY-MM-DD     end of the reporting period (default: today)
  --from YYYY-MM-DD     start of the period (default: 12 months before --date)
  --format json|csv     what to print on stdout (default: json)
  --out report.html     also write the report as one self-contained HTML page
  --feedback file       CDS Hooks feedback NDJSON (decisions made on cards)
  --workers N           threads for the prompt rules (default: every core)`;

export interface MetricsCliOptions {
  folder: string;
  from: string;
  to: string;
  format?: 'json' | 'csv';
  out?: string;
  feedback?: string;
  workers?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string | undefined): v is string =>
  v !== undefined &&
  DAY.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** The day after the same day 12 months earlier: a period of exactly one year. */
export function yearBefore(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function parseMetricsArgs(argv: readonly string[], today: string): MetricsCliOptions | string {
  let folder: string | undefined;
  let to = today;
  let from: string | undefined;
  const o: Partial<MetricsCliOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const v = argv[i + 1];
    if (a === '--date' || a === '--from') {
      if (!validDay(v)) return `${a} needs a date as YYYY-MM-DD, got "${v ?? ''}"`;
      if (a === '--date') to = v;
      else from = v;
      i++;
    } else if (a === '--format') {
      if (v !== 'json' && v !== 'csv') return `--format is json or csv, got "${v ?? ''}"`;
      o.format = v;
      i++;
    } else if (a === '--out' || a === '--feedback') {
      if (!v) return `${a} needs a file`;
      if (a === '--out') o.out = v;
      else o.feedback = v;
      i++;
    } else if (a === '--workers') {
      if (!v || !/^\d+$/.test(v)) return `--workers needs a whole number, got "${v ?? ''}"`;
      o.workers = Number(v);
      i++;
    } else if (a === '--help' || a === '-h') return '';
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (folder) return `one folder only (got "${folder}" and "${a}")`;
    else folder = a;
  }
  if (!folder) return 'no input folder';
  const start = from ?? yearBefore(to);
  if (start > to) return `--from ${start} is after --date ${to}`;
  return { ...o, folder, from: start, to };
}

const CSV_COLUMNS = [
  'id',
  'rule',
  'reason',
  'by',
  'value',
  'month',
  'numerator',
  'denominator',
  'rate',
  'suppressed',
];

const cell = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per metric total, stratum and month, with the JSON's field names as columns. */
export function reportCsv(report: MetricsReport): string {
  const rows: unknown[][] = [CSV_COLUMNS];
  for (const m of report.metrics) {
    const base = [m.id, m.rule, m.reason];
    rows.push([...base, '', '', '', m.numerator, m.denominator, m.rate, false]);
    for (const s of m.strata)
      rows.push([...base, s.by, s.value, '', s.numerator, s.denominator, s.rate, s.suppressed]);
    for (const x of m.months)
      rows.push([...base, '', '', x.month, x.numerator, x.denominator, x.rate, false]);
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

const STAGE_LABEL: Record<Stage, string> = {
  load: 'reading the export',
  prompts: 'prompt rules',
  views: 'views',
  metrics: 'metrics',
};

/** A one-line progress bar on a terminal; plain stage lines otherwise (logs stay readable). */
function progressBar(write: (s: string) => void, tty: boolean) {
  let last = '';
  return (stage: Stage, done: number, total: number) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    const key = `${stage}:${tty ? pct : done === total ? 'done' : done === 0 ? 'start' : ''}`;
    if (key === last || (!tty && key.endsWith(':'))) return;
    last = key;
    if (tty) {
      const filled = Math.round(pct / 5);
      write(
        `\r${STAGE_LABEL[stage].padEnd(20)} [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(pct).padStart(3)} % (${done}/${total})`,
      );
      if (done === total) write('\n');
    } else if (done === total) write(`metrics: ${STAGE_LABEL[stage]} done (${total})\n`);
  };
}

export async function runMetricsCli(
  argv: readonly string[],
  io: { out: (s: string) => void; err: (s: string) => void; tty?: boolean; today?: string },
): Promise<number> {
  const parsed = parseMetricsArgs(argv, io.today ?? new Date().toISOString().slice(0, 10));
  if (typeof parsed === 'string') {
    if (parsed) io.err(`metrics: ${parsed}\n`);
    io.err(`${USAGE}\n`);
    return parsed ? 2 : 0;
  }
  const feedback = parsed.feedback
    ? parseFeedback(readFileSync(parsed.feedback, 'utf8'), (m) =>
        io.err(`metrics: ${parsed.feedback}: ${m}\n`),
      )
    : [];
  const report = await metricsOfExport(parsed.folder, {
    from: parsed.from,
    to: parsed.to,
    feedback,
    ...(parsed.workers !== undefined ? { workers: parsed.workers } : {}),
    onProgress: progressBar(io.err, io.tty === true),
    onProblem: (m) => io.err(`metrics: ${m}\n`),
  });
  if (parsed.out) {
    writeFileSync(parsed.out, reportHtml(report, new Date().toISOString().slice(0, 16).replace('T', ' ')));
    io.err(`metrics: wrote ${parsed.out}\n`);
  }
  if (!parsed.out || parsed.format)
    io.out(parsed.format === 'csv' ? reportCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMetricsCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    tty: process.stderr.isTTY,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`metrics: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
