/**
 * The metrics as one self-contained HTML page: no script, no network, inline CSS and SVG. Per
 * metric a monthly trend (line with labelled points) and bars per stratum with 95 % Wilson
 * intervals; every chart has a text alternative (role="img" + <title>/<desc>) and a data table, and
 * reads without colour (patterns, labels and values are printed). Print styles keep charts whole.
 */
import { METRICS } from './definitions';
import type { MetricResult, MetricsReport } from './engine';
import { wilson } from './stats';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const BY_LABEL: Record<string, string> = {
  'age-band': 'Age band',
  sex: 'Sex',
  race: 'Race',
  ethnicity: 'Ethnicity',
  language: 'Preferred language',
};

function titleOf(m: MetricResult): string {
  return [m.id, m.rule, m.reason ? `reason: ${m.reason}` : undefined].filter(Boolean).join(' · ');
}

function fmt(rate: number | null, per100: boolean): string {
  if (rate === null) return '—';
  return per100 ? `${rate.toFixed(1)} per 100` : `${(rate * 100).toFixed(1)} %`;
}

function trendSvg(m: MetricResult, per100: boolean, id: string): string {
  const w = 560;
  const h = 160;
  const pad = 32;
  const rates = m.months.map((x) => x.rate);
  const max = per100 ? Math.max(1, ...rates.map((r) => r ?? 0)) : 1;
  const step = m.months.length > 1 ? (w - 2 * pad) / (m.months.length - 1) : 0;
  const y = (r: number) => h - pad - (r / max) * (h - 2 * pad);
  const pts = m.months
    .map((x, i) => (x.rate === null ? undefined : `${pad + i * step},${y(x.rate)}`))
    .filter(Boolean);
  const desc = m.months
    .map((x) => `${x.month}: ${fmt(x.rate, per100)} (${x.numerator} of ${x.denominator})`)
    .join('; ');
  return `<svg class="chart" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">
<title id="${id}-t">${esc(`${titleOf(m)}: monthly trend`)}</title>
<desc id="${id}-d">${esc(desc || 'No months in the period.')}</desc>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" class="axis"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" class="axis"/>
<text x="4" y="${pad + 4}" class="tick">${per100 ? max.toFixed(0) : '100%'}</text>
<text x="4" y="${h - pad + 4}" class="tick">0</text>
${pts.length > 1 ? `<polyline points="${pts.join(' ')}" class="line"/>` : ''}
${m.months
  .map((x, i) =>
    x.rate === null
      ? ''
      : `<rect x="${pad + i * step - 3}" y="${y(x.rate) - 3}" width="6" height="6" class="point"/>`,
  )
  .join('')}
${m.months
  .map((x, i) =>
    i % Math.max(1, Math.ceil(m.months.length / 6)) === 0
      ? `<text x="${pad + i * step}" y="${h - 10}" class="tick" text-anchor="middle">${esc(x.month)}</text>`
      : '',
  )
  .join('')}
</svg>`;
}

function strataSvg(m: MetricResult, by: string, per100: boolean, id: string): string {
  const cells = m.strata.filter((s) => s.by === by);
  const rowH = 22;
  // Wide enough for the longest OMB category name at 12 px.
  const labelW = 290;
  const barW = 260;
  const h = cells.length * rowH + 10;
  const scale = per100 ? Math.max(1, ...cells.map((c) => c.rate ?? 0)) : 1;
  const x = (r: number) => labelW + (r / scale) * barW;
  const desc = cells
    .map((c) => {
      if (c.suppressed) return `${c.value}: suppressed (fewer than 11)`;
      const ci = wilson(c.numerator ?? 0, c.denominator ?? 0);
      const k = per100 ? 100 : 1;
      return `${c.value}: ${fmt(c.rate, per100)}, ${c.numerator} of ${c.denominator}${ci ? `, 95% CI ${fmt(ci.low * k, per100)} to ${fmt(ci.high * k, per100)}` : ''}`;
    })
    .join('; ');
  const rows = cells
    .map((c, i) => {
      const top = 5 + i * rowH;
      const text = `<text x="4" y="${top + 14}" class="label">${esc(c.value)}</text>`;
      if (c.suppressed || c.rate === null)
        return `${text}<text x="${labelW}" y="${top + 14}" class="value">suppressed (&lt; 11)</text>`;
      const ci = per100 ? undefined : wilson(c.numerator ?? 0, c.denominator ?? 0);
      return `${text}<rect x="${labelW}" y="${top + 3}" width="${Math.max(1, x(c.rate) - labelW)}" height="${rowH - 8}" class="bar"/>${
        ci
          ? `<line x1="${x(ci.low)}" y1="${top + rowH / 2}" x2="${x(ci.high)}" y2="${top + rowH / 2}" class="ci"/><line x1="${x(ci.low)}" y1="${top + 5}" x2="${x(ci.low)}" y2="${top + rowH - 5}" class="ci"/><line x1="${x(ci.high)}" y1="${top + 5}" x2="${x(ci.high)}" y2="${top + rowH - 5}" class="ci"/>`
          : ''
      }<text x="${labelW + barW + 8}" y="${top + 14}" class="value">${esc(fmt(c.rate, per100))} (${c.numerator}/${c.denominator})</text>`;
    })
    .join('\n');
  return `<svg class="chart" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${labelW + barW + 150} ${h}" width="${labelW + barW + 150}" height="${h}">
<title id="${id}-t">${esc(`${titleOf(m)} by ${BY_LABEL[by] ?? by}`)}</title>
<desc id="${id}-d">${esc(desc || 'No patients in this breakdown.')}</desc>
${rows}
</svg>`;
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#111;background:#fff;line-height:1.4;max-width:60rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-top:2px solid #111;padding-top:.75rem}h3{font-size:1rem;margin:.75rem 0 .25rem}
.summary{font-size:1.1rem}.def{color:#333;margin:.25rem 0}
.chart{display:block;max-width:100%;height:auto;margin:.25rem 0 .75rem}
.axis{stroke:#111;stroke-width:1}.line{fill:none;stroke:#111;stroke-width:2;stroke-dasharray:6 3}.point{fill:#111}
.bar{fill:url(#hatch);stroke:#111;stroke-width:1}.ci{stroke:#111;stroke-width:2}
.tick,.label,.value{font-size:12px;fill:#111}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{border:1px solid #555;padding:.2rem .5rem;text-align:left}
details{margin:.25rem 0 1rem}
section{break-inside:avoid-page}
@media print{body{margin:0;max-width:none}details{display:block}details>summary{display:none}h2{break-after:avoid}.chart{break-inside:avoid}}
`;

export function reportHtml(report: MetricsReport, generated: string): string {
  const defs = new Map(METRICS.map((d) => [d.id, d]));
  const sections = report.metrics
    .map((m, n) => {
      const def = defs.get(m.id);
      const per100 = def?.per100 === true;
      const ci = per100 ? undefined : wilson(m.numerator, m.denominator);
      const bys = [...new Set(m.strata.map((s) => s.by))];
      return `<section id="m${n}">
<h2>${esc(titleOf(m))}</h2>
<p class="summary"><strong>${esc(fmt(m.rate, per100))}</strong> — ${m.numerator} of ${m.denominator}${ci ? ` (95% CI ${esc(fmt(ci.low, false))} to ${esc(fmt(ci.high, false))})` : ''}</p>
<p class="def">Numerator: ${esc(def?.numerator ?? '')}. Denominator: ${esc(def?.denominator ?? '')}.</p>
<h3>Monthly trend</h3>
${trendSvg(m, per100, `m${n}-trend`)}
${bys.map((by) => `<h3>By ${esc((BY_LABEL[by] ?? by).toLowerCase())}</h3>\n${strataSvg(m, by, per100, `m${n}-${by}`)}`).join('\n')}
<details><summary>Data table</summary>
<table><caption>${esc(titleOf(m))} by month</caption><thead><tr><th scope="col">Month</th><th scope="col">Numerator</th><th scope="col">Denominator</th><th scope="col">Rate</th></tr></thead><tbody>
${m.months.map((x) => `<tr><td>${esc(x.month)}</td><td>${x.numerator}</td><td>${x.denominator}</td><td>${esc(fmt(x.rate, per100))}</td></tr>`).join('\n')}
</tbody></table>
<table><caption>${esc(titleOf(m))} by stratum</caption><thead><tr><th scope="col">Breakdown</th><th scope="col">Value</th><th scope="col">Numerator</th><th scope="col">Denominator</th><th scope="col">Rate</th></tr></thead><tbody>
${m.strata.map((s) => `<tr><td>${esc(BY_LABEL[s.by] ?? s.by)}</td><td>${esc(s.value)}</td><td>${s.suppressed ? 'suppressed' : s.numerator}</td><td>${s.suppressed ? 'suppressed' : s.denominator}</td><td>${s.suppressed ? 'suppressed' : esc(fmt(s.rate, per100))}</td></tr>`).join('\n')}
</tbody></table></details>
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Common Ground population metrics, ${esc(report.period.from)} to ${esc(report.period.to)}</title>
<style>${CSS}</style></head>
<body>
<svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute"><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#111" stroke-width="2"/></pattern></defs></svg>
<main>
<h1>Population metrics</h1>
<p>Reporting period ${esc(report.period.from)} to ${esc(report.period.to)}. Generated ${esc(generated)}.</p>
<p>Small cells: a stratum whose denominator is under 11 is suppressed, and when only one cell of a breakdown would be hidden the next smallest is hidden too, so no hidden cell can be worked out from the total. Bars show the rate with its 95% Wilson interval (the whiskers).</p>
<nav aria-label="Metrics"><ul>${report.metrics.map((m, n) => `<li><a href="#m${n}">${esc(titleOf(m))}</a></li>`).join('')}</ul></nav>
${sections}
</main></body></html>
`;
}
