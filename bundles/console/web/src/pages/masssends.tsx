import { useEffect, useState } from 'preact/hooks';
import { get, post, type Page } from '../api';
import { formatTime, label, t } from '../i18n';
import { Card, Empty, Loading, ProblemBox, useAsync } from '../ui';
import type { Customer } from './customers';
import type { Segment } from './segments';

interface Plan {
  at: string;
  audience: number;
  eligible: number;
  blocked: { rule: string; reason: string; count: number; allowedFrom?: string }[];
  perStaff: { staffId: string; eligible: number }[];
  preview: string[];
  computedAt: string;
  computeMillis: number;
}

interface MassSend {
  id: number;
  name: string;
  audience: { segmentId?: number; customerIds?: number[] };
  channel: string;
  kind: string;
  text?: string;
  scheduledAt: string;
  state: string;
  acceptedPlan?: Plan;
  createdBy?: string;
  createdAt: string;
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
  failedByReason: Record<string, number>;
}

interface Channel {
  channel: string;
  displayName?: string;
  status?: string;
}

const PROGRESS_KEYS = ['total', 'queued', 'sending', 'sent', 'delivered', 'confirmed', 'failed', 'cancelled'] as const;

function Compose({ onCreated }: { onCreated: (m: MassSend) => void }) {
  const segments = useAsync(() => get<Segment[]>('segments'), []);
  const channels = useAsync(() => get<Channel[]>('channels'), []);
  const [name, setName] = useState('');
  const [segmentId, setSegmentId] = useState(0);
  const [channel, setChannel] = useState('');
  const [text, setText] = useState('{name}，');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const sample = useAsync(
    () => (segmentId ? get<Page<Customer>>(`segments/${segmentId}/members`, { limit: 3 }) : Promise.resolve(null)),
    [segmentId],
  );
  useEffect(() => {
    if (!segmentId && segments.data && segments.data.length > 0) setSegmentId(segments.data[0].id);
  }, [segments.data]);
  useEffect(() => {
    if (!channel && channels.data && channels.data.length > 0) setChannel(channels.data[0].channel);
  }, [channels.data]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { name, audience: segmentId ? { segmentId } : null, channel: channel || null, kind: 'mass', text };
      onCreated(await post<MassSend>('mass-sends', body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('ms.compose')} testid="compose">
      <ProblemBox error={segments.error || channels.error} />
      <form class="form" onSubmit={submit}>
        <label>{t('common.name')}<input value={name} onInput={(e) => setName(e.currentTarget.value)} data-field="name" /></label>
        <label>{t('ms.audience')}
          <select value={segmentId} onChange={(e) => setSegmentId(Number(e.currentTarget.value))} data-field="segment">
            <option value={0}>—</option>
            {(segments.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label>{t('ms.channel')}
          <select value={channel} onChange={(e) => setChannel(e.currentTarget.value)} data-field="channel">
            <option value="">—</option>
            {(channels.data ?? []).map((c) => <option key={c.channel} value={c.channel}>{c.channel}{c.displayName ? ` · ${c.displayName}` : ''}</option>)}
          </select>
        </label>
        <label>{t('ms.text')} <span class="muted">{t('ms.textHint')}</span>
          <textarea rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} data-field="text" />
        </label>
        {sample.data && sample.data.items.length > 0 ? (
          <div class="preview-box" data-testid="personalised-preview">
            <div class="muted">{t('ms.previewTitle')}</div>
            {sample.data.items.map((c) => <div key={c.id} class="bubble">{text.split('{name}').join(c.displayName)}</div>)}
          </div>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>{t('ms.create')}</button>
        <ProblemBox error={error} />
      </form>
    </Card>
  );
}

function PlanView({ send, onChanged }: { send: MassSend; onChanged: () => void }) {
  const plan = useAsync(() => (send.state === 'draft' ? get<Plan>(`mass-sends/${send.id}/plan`) : Promise.resolve(send.acceptedPlan ?? null)), [send.id, send.state]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [progressError, setProgressError] = useState<unknown>(undefined);
  const [reschedule, setReschedule] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  // While the send is queued, progress is polled every 3 s.
  useEffect(() => {
    setProgress(null);
    if (send.state !== 'queued') return;
    let stopped = false;
    const poll = async () => {
      try {
        const p = await get<Progress>(`mass-sends/${send.id}/progress`);
        if (!stopped) { setProgress(p); setProgressError(undefined); }
      } catch (e) {
        if (!stopped) setProgressError(e);
      }
    };
    poll();
    const timer = setInterval(poll, 3000);
    return () => { stopped = true; clearInterval(timer); };
  }, [send.id, send.state]);

  async function act(path: string, body?: unknown) {
    setBusy(true);
    setError(undefined);
    try {
      await post(`mass-sends/${send.id}/${path}`, body);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const p = plan.data;
  const blocked = p ? p.blocked.reduce((n, b) => n + b.count, 0) : 0;
  return (
    <Card title={`${t('ms.plan')} · ${send.name}`} testid="plan">
      <div class="muted">#{send.id} · {send.channel} · {label('state', send.state)} · {formatTime(send.createdAt)}</div>
      <ProblemBox error={plan.error} />
      <Loading when={plan.loading && !p} />
      {p ? (
        <>
          <div class="stats">
            <div class="stat" data-testid="plan-audience"><div class="stat-value">{p.audience}</div><div class="stat-label">{t('ms.planAudience')}</div></div>
            <div class="stat" data-testid="plan-eligible"><div class="stat-value">{p.eligible}</div><div class="stat-label">{t('ms.planEligible')}</div></div>
            <div class="stat" data-testid="plan-blocked"><div class="stat-value">{blocked}</div><div class="stat-label">{t('ms.planBlocked')}</div></div>
          </div>
          {p.blocked.length > 0 ? (
            <table data-testid="plan-blocked-table">
              <thead><tr><th>{t('ms.rule')}</th><th>{t('ms.reason')}</th><th>{t('ms.count')}</th><th>{t('ms.allowedFrom')}</th></tr></thead>
              <tbody>{p.blocked.map((b) => <tr key={b.rule + b.reason}><td><code>{b.rule}</code></td><td>{b.reason}</td><td>{b.count}</td><td>{formatTime(b.allowedFrom)}</td></tr>)}</tbody>
            </table>
          ) : null}
          {p.perStaff.length > 0 ? (
            <>
              <h3>{t('ms.perStaff')}</h3>
              <table data-testid="plan-per-staff">
                <thead><tr><th>{t('ms.staff')}</th><th>{t('ms.planEligible')}</th></tr></thead>
                <tbody>{p.perStaff.map((s) => <tr key={s.staffId}><td>{s.staffId}</td><td>{s.eligible}</td></tr>)}</tbody>
              </table>
            </>
          ) : null}
          {p.preview.length > 0 ? (
            <>
              <h3>{t('ms.preview')}</h3>
              {p.preview.map((x, i) => <div key={i} class="bubble">{x}</div>)}
            </>
          ) : null}
          <div class="muted">{t('common.computedAt', { t: formatTime(p.computedAt) })} · {p.computeMillis} ms</div>
        </>
      ) : null}
      {send.state === 'draft' ? (
        <div class="row">
          <label class="inline"><input type="checkbox" checked={reschedule} onChange={(e) => setReschedule(e.currentTarget.checked)} /> {t('ms.reschedule')}</label>
          <button class="primary" disabled={busy} onClick={() => act('accept', { rescheduleBlocked: reschedule })} data-testid="accept">{t('ms.accept')}</button>
          <button disabled={busy} onClick={() => act('cancel')}>{t('ms.cancelSend')}</button>
        </div>
      ) : null}
      <ProblemBox error={error} />
      {send.state === 'queued' ? (
        <>
          <h3>{t('ms.progress')}</h3>
          <ProblemBox error={progressError} />
          {progress ? (
            <>
              <div class="progress-bar" title={`${progress.delivered + progress.confirmed}/${progress.total}`}>
                <span style={{ width: `${progress.total ? (100 * (progress.sent + progress.delivered + progress.confirmed)) / progress.total : 0}%` }} />
              </div>
              <div class="stats small" data-testid="progress">
                {PROGRESS_KEYS.map((k) => <div key={k} class="stat"><div class="stat-value">{progress[k]}</div><div class="stat-label">{t(`ms.p.${k}`)}</div></div>)}
              </div>
              {Object.entries(progress.failedByReason).map(([r, n]) => <div key={r} class="small">{r}: {n}</div>)}
            </>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

export function MassSendsPage({ selected }: { selected?: number }) {
  const list = useAsync(() => get<Page<MassSend>>('mass-sends', { limit: 50 }), []);
  const current = useAsync(() => (selected ? get<MassSend>(`mass-sends/${selected}`) : Promise.resolve(null)), [selected]);
  return (
    <div class="page" data-testid="mass-sends">
      <div class="page-head"><h1>{t('ms.title')}</h1></div>
      <div class="grid">
        <Compose onCreated={(m) => { list.reload(); location.hash = `#/mass-sends/${m.id}`; }} />
        {current.data ? (
          <PlanView send={current.data} onChanged={() => { current.reload(); list.reload(); }} />
        ) : (
          <Card title={t('ms.plan')}><ProblemBox error={current.error} /><div class="muted">{t('ms.noPlan')}</div></Card>
        )}
        <Card title={t('ms.list')} testid="mass-send-list">
          <ProblemBox error={list.error} />
          <table>
            <thead><tr><th>{t('common.id')}</th><th>{t('common.name')}</th><th>{t('ms.channel')}</th><th>{t('common.state')}</th><th>{t('common.createdAt')}</th></tr></thead>
            <tbody>
              {(list.data?.items ?? []).map((m) => (
                <tr key={m.id} class={m.id === selected ? 'selected' : ''}>
                  <td>{m.id}</td>
                  <td><a href={`#/mass-sends/${m.id}`}>{m.name}</a></td>
                  <td>{m.channel}</td>
                  <td>{label('state', m.state)}</td>
                  <td class="small">{formatTime(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Empty when={!!list.data && list.data.items.length === 0} />
        </Card>
      </div>
    </div>
  );
}
