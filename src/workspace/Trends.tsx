import type { Goal, Observation } from 'fhir/r4';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from '../i18n/react';
import { PanelStateNotice } from '../ui/Panel';
import { targetBands, trendSeries, type TargetBand, type TrendPoint } from '../core/workspace/trends';
import type { MeasureId } from '../core/workspace/measures';
import { formatNumber } from '../core/text/locale';
import { goalsOf, type RecordProps } from '../ui/RecordContext';
import { Loading } from '../ui/Loading';
import { formatDate } from '../ui/format';

/** Enough history to see a direction without crowding a small chart. */
const MAX_POINTS = 12;
const W = 320;
const H = 150;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };

interface Series {
  measure: MeasureId;
  points: TrendPoint[];
  bands: TargetBand[];
}

function Chart({ series, title }: { series: Series[]; title: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const all = series.flatMap((s) => s.points);
  const values = [
    ...all.map((p) => p.value),
    ...series
      .flatMap((s) => s.bands.flatMap((b) => [b.low, b.high]))
      .filter((v): v is number => v !== undefined),
  ];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const lo = min - span * 0.1;
  const hi = max + span * 0.1;
  const times = all.map((p) => Date.parse(p.date));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (date: string) =>
    t1 === t0
      ? (PAD.left + W - PAD.right) / 2
      : PAD.left + ((Date.parse(date) - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const fmt = (v: number) => formatNumber(v, i18n.language, { maximumFractionDigits: 1 });
  const unit = (m: MeasureId) => t(`workspace.unit.${m}`);

  const summary = series
    .map((s) => {
      const last = s.points[s.points.length - 1];
      const targets = [...new Set(s.bands.map((b) => bandText(b, fmt, unit(s.measure), t)))];
      return [
        t('workspace.trends.summary', {
          measure: t(`workspace.measure.${s.measure}`),
          count: s.points.length,
          value: last ? `${fmt(last.value)} ${unit(s.measure)}` : '',
          date: formatDate(last?.date, i18n.language),
        }),
        targets.length ? t('workspace.trends.target', { target: targets.join('; ') }) : '',
      ]
        .filter(Boolean)
        .join(' ');
    })
    .join(' ');

  return (
    <figure className="trend" data-testid={`trend-${series.map((s) => s.measure).join('-')}`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        className="trend-svg"
      >
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} className="axis" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} className="axis" />
        <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end" className="tick">
          {fmt(max)}
        </text>
        <text x={PAD.left - 4} y={y(min) + 4} textAnchor="end" className="tick">
          {fmt(min)}
        </text>
        <text x={PAD.left} y={H - 6} className="tick">
          {formatDate(new Date(t0).toISOString().slice(0, 10), i18n.language)}
        </text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="tick">
          {formatDate(new Date(t1).toISOString().slice(0, 10), i18n.language)}
        </text>
        {series.map((s, si) => (
          <g key={s.measure} className={`series s${si}`}>
            {s.bands.map((b, bi) => {
              const top = y(b.high ?? hi);
              const bottom = y(b.low ?? lo);
              return (
                <g key={bi} className="band">
                  <rect
                    x={PAD.left}
                    y={top}
                    width={W - PAD.left - PAD.right}
                    height={Math.max(bottom - top, 1)}
                  />
                  {b.high !== undefined && <line x1={PAD.left} x2={W - PAD.right} y1={top} y2={top} />}
                  {b.low !== undefined && <line x1={PAD.left} x2={W - PAD.right} y1={bottom} y2={bottom} />}
                </g>
              );
            })}
            <polyline points={s.points.map((p) => `${x(p.date)},${y(p.value)}`).join(' ')} className="line" />
            {s.points.map((p, i) => (
              <circle key={i} cx={x(p.date)} cy={y(p.value)} r={si === 0 ? 3 : 2.5} className="dot" />
            ))}
          </g>
        ))}
      </svg>
      <p id={`${id}-d`} className="small">
        {summary}
      </p>
      <details>
        <summary>{t('workspace.trends.values')}</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('workspace.trends.date')}</th>
              {series.map((s) => (
                <th scope="col" key={s.measure}>
                  {t(`workspace.measure.${s.measure}`)} ({unit(s.measure)})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...new Set(all.map((p) => p.date))].sort().map((date) => (
              <tr key={date}>
                <th scope="row">{formatDate(date, i18n.language)}</th>
                {series.map((s) => {
                  const p = s.points.find((q) => q.date === date);
                  return <td key={s.measure}>{p ? fmt(p.value) : '—'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function bandText(
  b: TargetBand,
  fmt: (v: number) => string,
  unit: string,
  t: (key: string, opts?: Record<string, unknown>) => string,
): string {
  if (b.low !== undefined && b.high !== undefined && b.low === b.high) return `${fmt(b.low)} ${unit}`;
  if (b.low !== undefined && b.high !== undefined) return `${fmt(b.low)}–${fmt(b.high)} ${unit}`;
  if (b.high !== undefined)
    return t(b.exclusive ? 'workspace.trends.below' : 'workspace.trends.atMost', {
      value: `${fmt(b.high)} ${unit}`,
    });
  return t(b.exclusive ? 'workspace.trends.above' : 'workspace.trends.atLeast', {
    value: `${fmt(b.low ?? 0)} ${unit}`,
  });
}

type Points = Record<'hba1c' | 'systolic' | 'diastolic', TrendPoint[]>;
const CHARTED = ['hba1c', 'systolic', 'diastolic'] as const;

/** Observations looked at per task: a record of 20,000 readings is charted without one long task. */
const CHUNK = 2000;

function pointsOf(observations: Observation[]): Points {
  return {
    hba1c: trendSeries(observations, 'hba1c'),
    systolic: trendSeries(observations, 'systolic'),
    diastolic: trendSeries(observations, 'diastolic'),
  };
}

interface Charts {
  a1c: Series;
  bp: Series[];
}

function charts(points: Points, goals: Goal[]): Charts {
  const series = (measure: keyof Points): Series => ({
    measure,
    // Each chunk's points come oldest first and chunks are in record order, so this stable sort
    // orders them exactly as trendSeries over the whole record would.
    points: [...points[measure]].sort((a, b) => a.date.localeCompare(b.date)).slice(-MAX_POINTS),
    bands: targetBands(goals, measure),
  });
  return {
    a1c: series('hba1c'),
    bp: [series('systolic'), series('diastolic')].filter((s) => s.points.length > 0),
  };
}

/**
 * The charts of a record's readings: at once for an ordinary record, chunk by chunk in later
 * tasks for a long one (undefined meanwhile), so the record's first render is not held up by them.
 */
function useCharts(observations: Observation[], goals: Goal[]): Charts | undefined {
  const long = observations.length > CHUNK;
  const now = useMemo(
    () => (long ? undefined : charts(pointsOf(observations), goals)),
    [long, observations, goals],
  );
  const [later, setLater] = useState<{ observations: Observation[]; goals: Goal[]; charts: Charts }>();
  useEffect(() => {
    if (!long) return;
    let live = true;
    const points: Points = { hba1c: [], systolic: [], diastolic: [] };
    let i = 0;
    const step = () => {
      if (!live) return;
      const chunk = pointsOf(observations.slice(i, i + CHUNK));
      for (const id of CHARTED) for (const p of chunk[id]) points[id].push(p);
      i += CHUNK;
      if (i < observations.length) setTimeout(step, 0);
      else setLater({ observations, goals, charts: charts(points, goals) });
    };
    const first = setTimeout(step, 0);
    return () => {
      live = false;
      clearTimeout(first);
    };
  }, [long, observations, goals]);
  if (now) return now;
  return later && later.observations === observations && later.goals === goals ? later.charts : undefined;
}

/** HbA1c and blood pressure over time, against the goals' targets, from the Observations already read. */
export function Trends(props: RecordProps) {
  const { t } = useTranslation();
  const state = props.panels.observations;
  const observations = useMemo(
    () => (state?.status === 'ready' ? (state.resources as Observation[]) : []),
    [state],
  );
  const goals = goalsOf(props.panels);
  const computed = useCharts(observations, goals);
  return (
    <section className="panel trends" aria-labelledby="trends-heading" data-testid="trends">
      <h2 id="trends-heading">{t('workspace.trends.title')}</h2>
      <PanelStateNotice state={state} onRetry={props.retry} />
      {state?.status === 'ready' && !computed && <Loading />}
      {computed &&
        state?.status === 'ready' &&
        computed.a1c.points.length === 0 &&
        computed.bp.length === 0 && <p className="empty">{t('workspace.trends.none')}</p>}
      {computed && (
        <div className="trend-grid">
          {computed.a1c.points.length > 0 && (
            <Chart series={[computed.a1c]} title={t('workspace.trends.hba1c')} />
          )}
          {computed.bp.length > 0 && <Chart series={computed.bp} title={t('workspace.trends.bp')} />}
        </div>
      )}
    </section>
  );
}
