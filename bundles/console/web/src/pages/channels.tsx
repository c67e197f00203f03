// Channel accounts with their adapter's health and outbox depth; channel codes (entry points) with
// their QR code and what they brought in: customers attributed to them, and the loop of those who
// arrived by them in the period.
import { useState } from 'preact/hooks';
import { get } from '../api';
import { formatTime, label, t } from '../i18n';
import { Card, Empty, Loading, ProblemBox, useAsync } from '../ui';

interface ChannelAccount {
  channel: string; type: string; account: string; displayName: string; capabilities: string[]; status: string;
  lastError?: string; lastErrorAt?: string; rateLimitedUntil?: string; queued?: number; sending?: number; failed?: number; oldestQueuedAgeSeconds?: number;
}
interface Depth { channel: string; adapterPresent: boolean; queued: number; sending: number; failed: number; oldestQueuedAgeSeconds?: number }
interface Stages { leads: number; settled: number; reached: number; converted: number; repurchased: number }
interface CodeFigures {
  code: { id: number; name: string; channel: string; state: string; qrCodeUrl?: string; staffUserIds: string[]; welcomeText?: string; createdAt: string };
  attributed: number;
  loop: Stages;
}
interface CodesJson { zone: string; from: string; to: string; codes: CodeFigures[] }

export const STAGES = ['leads', 'settled', 'reached', 'converted', 'repurchased'] as const;

/** The provider's QR image where it is one; a link always (the sandbox describes its codes on a page). */
function Qr({ url, name }: { url?: string; name: string }) {
  const [broken, setBroken] = useState(false);
  if (!url) return <span class="muted">—</span>;
  return (
    <span class="qr">
      {broken ? null : <img src={url} alt={name} width={72} height={72} onError={() => setBroken(true)} />}
      <a href={url} target="_blank" rel="noopener noreferrer" data-testid="qr-link">{t('chan.openQr')}</a>
    </span>
  );
}

export function ChannelsPage() {
  const [days, setDays] = useState(30);
  const accounts = useAsync(() => get<ChannelAccount[]>('channels'), []);
  const depth = useAsync(() => get<Depth[]>('outbox/depth'), []);
  const codes = useAsync(() => get<CodesJson>('analytics/channel-codes', { days }), [days]);
  // Accounts with an adapter come from /channels; the outbox may also hold messages of an account
  // whose adapter is not running on this node: those are listed from the depth alone.
  const running = new Set((accounts.data ?? []).map((a) => a.channel));
  const orphans = (depth.data ?? []).filter((d) => !running.has(d.channel));
  return (
    <div class="page" data-testid="channels">
      <div class="page-head">
        <h1>{t('chan.title')}</h1>
        <label class="inline">
          {t('dash.period')}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {[7, 30, 90].map((n) => <option key={n} value={n}>{t('dash.days', { d: n })}</option>)}
          </select>
        </label>
        <button onClick={() => { accounts.reload(); depth.reload(); codes.reload(); }}>{t('common.refresh')}</button>
      </div>
      <ProblemBox error={accounts.error} />
      <ProblemBox error={depth.error} />
      <ProblemBox error={codes.error} />
      <Card title={t('chan.accounts')} testid="channel-accounts">
        <Loading when={accounts.loading && !accounts.data} />
        <table data-testid="account-table">
          <thead><tr><th>{t('chan.account')}</th><th>{t('common.name')}</th><th>{t('chan.status')}</th><th>{t('outbox.queued')}</th><th>{t('outbox.sending')}</th><th>{t('outbox.failed')}</th><th>{t('chan.lastError')}</th></tr></thead>
          <tbody>
            {(accounts.data ?? []).map((a) => (
              <tr key={a.channel} data-channel={a.channel}>
                <td><code>{a.channel}</code></td>
                <td>{a.displayName}<div class="muted small">{a.capabilities.join(', ')}</div></td>
                <td><span class={`badge ${a.status === 'up' ? '' : 'danger'}`} data-testid="channel-status">{a.status}</span></td>
                <td data-testid="queued">{a.queued ?? 0}</td>
                <td>{a.sending ?? 0}</td>
                <td>{a.failed ?? 0}</td>
                <td class="small">{a.lastError ? `${a.lastError} (${formatTime(a.lastErrorAt)})` : '—'}</td>
              </tr>
            ))}
            {orphans.map((d) => (
              <tr key={d.channel} data-channel={d.channel}>
                <td><code>{d.channel}</code></td>
                <td class="muted">{t('chan.noAdapter')}</td>
                <td><span class="badge danger">{t('chan.noAdapter')}</span></td>
                <td data-testid="queued">{d.queued}</td>
                <td>{d.sending}</td>
                <td>{d.failed}</td>
                <td>—</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Empty when={!!accounts.data && accounts.data.length === 0 && orphans.length === 0} />
      </Card>
      <div style={{ height: '16px' }} />
      <Card title={t('chan.codes')} testid="channel-codes">
        <Loading when={codes.loading && !codes.data} />
        {codes.data ? <p class="muted small">{codes.data.from} – {codes.data.to} ({codes.data.zone})</p> : null}
        <table data-testid="code-table">
          <thead>
            <tr>
              <th>{t('common.name')}</th><th>{t('chan.account')}</th><th>{t('chan.qr')}</th><th>{t('chan.staff')}</th>
              <th>{t('chan.attributed')}</th>
              {STAGES.map((s) => <th key={s}>{label('stage', s)}</th>)}
            </tr>
          </thead>
          <tbody>
            {(codes.data?.codes ?? []).map((c) => (
              <tr key={c.code.id} data-code={c.code.name}>
                <td>{c.code.name}<div class="muted small">{formatTime(c.code.createdAt)}</div></td>
                <td><code>{c.code.channel}</code></td>
                <td><Qr url={c.code.qrCodeUrl} name={c.code.name} /></td>
                <td>{c.code.staffUserIds.join(', ')}</td>
                <td data-testid="attributed">{c.attributed}</td>
                {STAGES.map((s) => <td key={s} data-stage={s}>{c.loop[s]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
        <Empty when={!!codes.data && codes.data.codes.length === 0} />
      </Card>
    </div>
  );
}
