import { useMemo, useState } from 'preact/hooks';
import { get } from '../api';
import { Chart } from '../chart';
import { formatTime, label, t } from '../i18n';
import { Card, Empty, Loading, ProblemBox, Stat, useAsync } from '../ui';

interface Count {
  key: string;
  count: number;
}

export interface CustomerFigures {
  total: number;
  zone: string;
  days: number;
  newPerDay: { date: string; count: number }[];
  newInPeriod: number;
  indexed: number;
  layers: Count[];
  sourceChannels: Count[];
  sourceChannelUnset: number;
  sourceChannelOtherValues: number;
  computedAt: string;
}

interface Progress {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  confirmed: number;
  failed: number;
  cancelled: number;
}

interface ReachFigures {
  massSends: number;
  massSendsByState: Count[];
  recent: { id: number; name: string; state: string; channel: string; createdAt: string; progress?: Progress }[];
  outbox: { channel: string; adapterPresent: boolean; queued: number; sending: number; failed: number }[];
  computedAt: string;
}

const COLORS = ['#2f6fed', '#18a058', '#f0a020', '#d03050', '#7c4dff', '#00a3bf', '#8a8f98'];

type StageName = 'leads' | 'settled' | 'reached' | 'converted' | 'repurchased';
type Stages = Record<StageName, number>;

export interface LoopFigures {
  zone: string;
  from: string;
  to: string;
  by: string;
  stageNames: StageName[];
  total: Stages;
  rows: { key: string; stages: Stages }[];
}

export interface RelationshipFigures {
  zone: string;
  perDay: { date: string; gained: number; gainedCustomers: number; lost: number; lostCustomers: number; net: number }[];
  gained: number;
  lost: number;
  net: number;
}

export function DashboardPage() {
  const [days, setDays] = useState(30);
  const customers = useAsync(() => get<CustomerFigures>('analytics/customers', { days }), [days]);
  const reach = useAsync(() => get<ReachFigures>('analytics/reach'), []);
  const [loopBy, setLoopBy] = useState('entryPoint');
  const loop = useAsync(() => get<LoopFigures>('analytics/loop', { days, by: loopBy }), [days, loopBy]);
  const rel = useAsync(() => get<RelationshipFigures>('analytics/relationships', { days }), [days]);
  const l = loop.data;
  const g = rel.data;
  const c = customers.data;
  const r = reach.data;

  const perDay = useMemo(() => c && {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 40 },
    // About ten day labels, always including the last one: today is the day operators look for.
    xAxis: {
      type: 'category',
      data: c.newPerDay.map((d) => d.date.slice(5)),
      axisLabel: { interval: (i: number) => (c.newPerDay.length - 1 - i) % Math.ceil(c.newPerDay.length / 10) === 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('dash.newPerDay'), type: 'bar', data: c.newPerDay.map((d) => d.count), label: { show: true, position: 'top', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') } }],
  }, [c]);

  const layers = useMemo(() => c && {
    color: COLORS,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      name: t('dash.layers'), type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'],
      label: { formatter: '{b}: {c}' },
      // Zero slices would be drawn as equal shares of an empty pie: leave them out.
      stillShowZeroSum: false,
      data: c.layers.filter((l) => l.count > 0).map((l) => ({ name: label('layer', l.key), value: l.count })),
    }],
  }, [c]);

  const sources = useMemo(() => {
    if (!c) return undefined;
    const rows = [...c.sourceChannels.map((s) => ({ name: s.key, value: s.count }))];
    if (c.sourceChannelOtherValues > 0) rows.push({ name: t('dash.otherValues'), value: c.sourceChannelOtherValues });
    if (c.sourceChannelUnset > 0) rows.push({ name: t('dash.unset'), value: c.sourceChannelUnset });
    rows.reverse();
    return {
      color: COLORS,
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 40, top: 10, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((x) => x.name) },
      series: [{ name: t('dash.sources'), type: 'bar', data: rows.map((x) => x.value), label: { show: true, position: 'right' } }],
    };
  }, [c]);

  const sendStates = useMemo(() => r && {
    color: ['#8a8f98', '#18a058', '#d03050'],
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      name: t('dash.massSendStates'), type: 'pie', radius: '62%', center: ['50%', '45%'],
      label: { formatter: '{b}: {c}' },
      stillShowZeroSum: false,
      data: r.massSendsByState.filter((s) => s.count > 0).map((s) => ({ name: label('state', s.key), value: s.count })),
    }],
  }, [r]);

  const outbox = useMemo(() => r && {
    color: ['#2f6fed', '#f0a020', '#d03050'],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: r.outbox.map((o) => o.channel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['queued', 'sending', 'failed'] as const).map((k) => ({
      name: t(`outbox.${k}`), type: 'bar', stack: 'depth', data: r.outbox.map((o) => o[k]),
    })),
  }, [r]);

  // The funnel as bars, stage by stage, each inside the one before; the totals are labelled.
  const loopChart = useMemo(() => l && {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 90, right: 48, top: 10, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: [...l.stageNames].reverse().map((s) => label('stage', s)) },
    series: [{ name: t('dash.loop'), type: 'bar', data: [...l.stageNames].reverse().map((s) => l.total[s]), label: { show: true, position: 'right' } }],
  }, [l]);

  const relChart = useMemo(() => g && {
    color: ['#18a058', '#d03050', '#2f6fed'],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: {
      type: 'category',
      data: g.perDay.map((d) => d.date.slice(5)),
      axisLabel: { interval: (i: number) => (g.perDay.length - 1 - i) % Math.ceil(g.perDay.length / 10) === 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dash.gained'), type: 'bar', data: g.perDay.map((d) => d.gained) },
      { name: t('dash.lost'), type: 'bar', data: g.perDay.map((d) => -d.lost) },
      { name: t('dash.net'), type: 'line', data: g.perDay.map((d) => d.net) },
    ],
  }, [g]);

  const today = c?.newPerDay[c.newPerDay.length - 1]?.count;
  const queued = r?.outbox.reduce((n, o) => n + o.queued, 0);
  const failed = r?.outbox.reduce((n, o) => n + o.failed, 0);

  return (
    <div class="page" data-testid="dashboard">
      <div class="page-head">
        <h1>{t('dash.title')}</h1>
        <label class="inline">
          {t('dash.period')}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))} data-testid="days">
            {[7, 30, 90].map((d) => <option key={d} value={d}>{t('dash.days', { d })}</option>)}
          </select>
        </label>
        <button onClick={() => { customers.reload(); reach.reload(); loop.reload(); rel.reload(); }}>{t('common.refresh')}</button>
      </div>
      <ProblemBox error={customers.error} />
      <ProblemBox error={reach.error} />
      <ProblemBox error={loop.error} />
      <ProblemBox error={rel.error} />
      <Loading when={customers.loading && !c} />
      <div class="stats">
        <Stat label={t('dash.totalCustomers')} value={c?.total} testid="stat-total" />
        <Stat label={t('dash.newInPeriod', { d: days })} value={c?.newInPeriod} testid="stat-new-period" />
        <Stat label={t('dash.newToday')} value={today} testid="stat-new-today" />
        <Stat label={t('dash.massSends')} value={r?.massSends} testid="stat-mass-sends" />
        <Stat label={t('dash.outboxQueued')} value={queued} testid="stat-outbox-queued" />
        <Stat label={t('dash.outboxFailed')} value={failed} testid="stat-outbox-failed" />
      </div>
      <div class="grid">
        <Card title={t('dash.newPerDay')} testid="card-new-per-day">
          {perDay ? <Chart option={perDay} testid="chart-new-per-day" /> : null}
          {c ? <div class="muted">{c.zone} · {t('common.computedAt', { t: formatTime(c.computedAt) })}</div> : null}
        </Card>
        <Card
          title={t('dash.loop')}
          testid="card-loop"
          actions={
            <select value={loopBy} onChange={(e) => setLoopBy(e.currentTarget.value)} data-testid="loop-by">
              <option value="entryPoint">{t('dash.loopBy')} {t('dash.entryPoint')}</option>
              <option value="sourceChannel">{t('dash.loopBy')} {t('dash.sourceChannel')}</option>
            </select>
          }
        >
          {loopChart ? <Chart option={loopChart} height={220} testid="chart-loop" /> : null}
          {l ? (
            <table class="small" data-testid="loop-table">
              <thead><tr><th>{l.by === 'entryPoint' ? t('dash.entryPoint') : t('dash.sourceChannel')}</th>{l.stageNames.map((s) => <th key={s}>{label('stage', s)}</th>)}</tr></thead>
              <tbody>
                {l.rows.map((r) => (
                  <tr key={r.key} data-key={r.key}>
                    <td>{r.key === '' ? t('dash.noValue') : r.key}</td>
                    {l.stageNames.map((s) => <td key={s}>{r.stages[s]}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {l ? <div class="muted small">{l.from} – {l.to} ({l.zone})</div> : null}
        </Card>
        <Card title={t('dash.relationships')} testid="card-relationships">
          {g ? (
            <div class="stats small">
              <Stat label={t('dash.gained')} value={g.gained} testid="stat-gained" />
              <Stat label={t('dash.lost')} value={g.lost} testid="stat-lost" />
              <Stat label={t('dash.net')} value={g.net} testid="stat-net" />
            </div>
          ) : null}
          {relChart ? <Chart option={relChart} height={240} testid="chart-relationships" /> : null}
        </Card>
        <Card title={t('dash.layers')} testid="card-layers">
          {layers && c && c.indexed > 0 ? <Chart option={layers} testid="chart-layers" /> : <Empty when={!!c} />}
        </Card>
        <Card title={t('dash.sources')} testid="card-sources">
          {sources ? <Chart option={sources} testid="chart-sources" /> : null}
        </Card>
        <Card title={t('dash.massSendStates')} testid="card-mass-sends">
          {sendStates && r && r.massSends > 0 ? <Chart option={sendStates} testid="chart-mass-sends" /> : <Empty when={!!r} />}
        </Card>
        <Card title={t('dash.outbox')} testid="card-outbox">
          {outbox && r && r.outbox.length > 0 ? <Chart option={outbox} testid="chart-outbox" /> : <Empty when={!!r} />}
        </Card>
        <Card title={t('dash.recentSends')} testid="card-recent-sends">
          {r ? (
            <table>
              <thead><tr><th>{t('common.name')}</th><th>{t('common.state')}</th><th>{t('ms.p.delivered')}</th><th>{t('ms.p.failed')}</th></tr></thead>
              <tbody>
                {r.recent.map((m) => (
                  <tr key={m.id}>
                    <td><a href={`#/mass-sends/${m.id}`}>{m.name}</a></td>
                    <td>{label('state', m.state)}</td>
                    <td>{m.progress ? `${m.progress.delivered + m.progress.confirmed}/${m.progress.total}` : '—'}</td>
                    <td>{m.progress ? m.progress.failed : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <Empty when={!!r && r.recent.length === 0} />
        </Card>
      </div>
    </div>
  );
}
