// Dashboards the active editions declare (SIYU-INF/dashboards.json), computed by the API for the
// logged-in user's data scope: a big number for counts, bars for breakdowns, funnels and
// leaderboards, a line for trends. A widget the API could not compute shows its problem.
import { useMemo, useState } from 'preact/hooks';
import { get } from '../api';
import { Chart } from '../chart';
import { formatTime, label, t } from '../i18n';
import { Card, Empty, Loading, ProblemBox, useAsync } from '../ui';

interface WidgetHead { id: string; title: string; type: string }
interface DashboardHead { id: string; edition: string; name: string; description: string; widgets: WidgetHead[] }
interface Row { key: string; name?: string; count?: number; values?: Record<string, number> }
interface Widget {
  id: string;
  title: string;
  type: 'count' | 'breakdown' | 'funnel' | 'leaderboard' | 'trend';
  spec: Record<string, unknown>;
  value?: number;
  total?: number;
  rows?: Row[];
  metrics?: string[];
  stages?: { stage: string; at: number; reached: number }[];
  points?: { date: string; events: number; customers: number }[];
  other?: number;
  problem?: { status: number; title?: string; detail?: string; errors?: { field: string; message: string }[] };
}
interface Dashboard { id: string; edition: string; name: string; description: string; zone: string; from: string; to: string; widgets: Widget[]; computedAt: string }

const COLORS = ['#2f6fed', '#18a058', '#f0a020', '#d03050', '#7c4dff', '#00a3bf'];

const keyName = (k: string) => (k === '' ? t('dash.unset') : k);

/** Horizontal bars, largest on top; the value is printed at the end of each bar (tests read it). */
export function barsOption(names: string[], series: { name: string; data: number[] }[]) {
  return {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { bottom: 0 } : undefined,
    grid: { left: 120, right: 48, top: 10, bottom: series.length > 1 ? 40 : 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: [...names].reverse() },
    series: series.map((s) => ({ name: s.name, type: 'bar', data: [...s.data].reverse(), label: { show: true, position: 'right' } })),
  };
}

function WidgetView({ w }: { w: Widget }) {
  const option = useMemo(() => {
    if (w.problem) return undefined;
    switch (w.type) {
      case 'breakdown':
        return w.rows && w.rows.length > 0
          ? barsOption(w.rows.map((r) => keyName(r.key)), [{ name: w.title, data: w.rows.map((r) => r.count ?? 0) }])
          : undefined;
      case 'funnel':
        return w.stages && barsOption(w.stages.map((s) => s.stage), [{ name: t('metric.reached'), data: w.stages.map((s) => s.reached) }]);
      case 'leaderboard':
        return w.rows && w.rows.length > 0 && w.metrics
          ? barsOption(w.rows.map((r) => r.name || r.key), w.metrics.map((m) => ({ name: label('metric', m), data: w.rows!.map((r) => r.values?.[m] ?? 0) })))
          : undefined;
      case 'trend':
        return w.points && {
          color: COLORS,
          tooltip: { trigger: 'axis' },
          grid: { left: 40, right: 16, top: 24, bottom: 40 },
          xAxis: { type: 'category', data: w.points.map((p) => p.date.slice(5)) },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ name: t('metric.events'), type: 'line', data: w.points.map((p) => p.events), label: { show: w.points.length <= 16, position: 'top' } }],
        };
      default:
        return undefined;
    }
  }, [w]);
  const height = w.type === 'trend' ? 240 : Math.max(160, 36 * (w.type === 'funnel' ? w.stages?.length ?? 0 : w.rows?.length ?? 0) + 60);
  return (
    <Card title={w.title} testid={`widget-${w.id}`}>
      {w.problem ? (
        <div class="problem" data-testid="widget-problem">
          <strong>HTTP {w.problem.status}</strong> {w.problem.detail}
          {w.problem.errors?.map((e) => <div key={e.field}><code>{e.field}</code>: {e.message}</div>)}
        </div>
      ) : w.type === 'count' ? (
        <div class="big-number" data-testid={`value-${w.id}`}>{w.value}</div>
      ) : option ? (
        <Chart option={option} height={height} testid={`chart-${w.id}`} />
      ) : (
        <Empty when />
      )}
      {w.type === 'breakdown' && w.total !== undefined ? <div class="muted small">{t('board.total', { n: w.total })}</div> : null}
      {w.type === 'funnel' && w.other !== undefined ? <div class="muted small">{t('board.other', { n: w.other })}</div> : null}
      {w.type === 'trend' && w.total !== undefined ? <div class="muted small">{t('board.total', { n: w.total })}</div> : null}
      {w.type === 'funnel' && w.rows && w.stages ? (
        <table class="small">
          <thead><tr><th>{label('metric', String(w.spec.by ?? ''))}</th>{w.stages.map((s) => <th key={s.stage}>{s.stage}</th>)}</tr></thead>
          <tbody>{w.rows.map((r) => <tr key={r.key}><td>{keyName(r.key)}</td>{w.stages!.map((s) => <td key={s.stage}>{r.values?.[s.stage] ?? 0}</td>)}</tr>)}</tbody>
        </table>
      ) : null}
    </Card>
  );
}

export function BoardsPage({ selected }: { selected?: string }) {
  const [days, setDays] = useState(30);
  const list = useAsync(() => get<DashboardHead[]>('analytics/dashboards'), []);
  const current = selected ?? list.data?.[0]?.id;
  const board = useAsync(() => (current ? get<Dashboard>(`analytics/dashboards/${encodeURIComponent(current)}`, { days }) : Promise.resolve(undefined)), [current, days]);
  const d = board.data;
  return (
    <div class="page" data-testid="boards">
      <div class="page-head">
        <h1>{t('board.title')}</h1>
        {list.data && list.data.length > 0 ? (
          <select value={current} data-testid="board-select" onChange={(e) => (location.hash = `#/boards/${encodeURIComponent(e.currentTarget.value)}`)}>
            {list.data.map((b) => <option key={b.id} value={b.id}>{b.name} · {label('edition', b.edition)}</option>)}
          </select>
        ) : null}
        <label class="inline">
          {t('dash.period')}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))} data-testid="board-days">
            {[7, 30, 90].map((n) => <option key={n} value={n}>{t('dash.days', { d: n })}</option>)}
          </select>
        </label>
        <button onClick={() => board.reload()}>{t('common.refresh')}</button>
      </div>
      <ProblemBox error={list.error} />
      <ProblemBox error={board.error} />
      <Loading when={list.loading || (board.loading && !d)} />
      {list.data && list.data.length === 0 ? <div class="empty">{t('board.none')}</div> : null}
      {d ? (
        <>
          <p class="muted" data-testid="board-head">{d.description} · {d.from} – {d.to} ({d.zone}) · {t('common.computedAt', { t: formatTime(d.computedAt) })}</p>
          <div class="grid">
            {d.widgets.map((w) => <WidgetView key={w.id} w={w} />)}
          </div>
        </>
      ) : null}
    </div>
  );
}
