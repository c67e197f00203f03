// Figures the providers compute (WeCom customer group chats, official-account follows and reads), as
// the core collects them once a day, and follower growth per minute after an official-account push,
// counted from Siyu's own follow/unfollow events. Days are China calendar days, as WeChat counts them.
import { useMemo, useState } from 'preact/hooks';
import { api, get } from '../api';
import type { Page } from '../api';
import { Chart } from '../chart';
import { label, t } from '../i18n';
import { Card, Empty, Loading, ProblemBox, Stat, useAsync } from '../ui';

interface GroupDay {
  date: string;
  newChats: number;
  chats: number;
  activeChats: number;
  newMembers: number;
  members: number;
  speakingMembers: number;
  messages: number;
  problems: string[];
}

export interface GroupChatFigures {
  account: string;
  from: string;
  to: string;
  owner?: string;
  days: GroupDay[];
  missing: string[];
  owners: string[];
}

interface AudienceDay {
  date: string;
  newFollows: number;
  unfollows: number;
  net: number;
  followers?: number;
  newBySource: Record<string, number>;
  unfollowsBySource: Record<string, number>;
  reads: number;
  readsBySource: Record<string, number>;
  providerReads?: number;
  problems: string[];
}

export interface AudienceFigures {
  account: string;
  from: string;
  to: string;
  days: AudienceDay[];
  missing: string[];
  totals: { newFollows: number; unfollows: number; net: number; firstFollowers?: number; lastFollowers?: number; reads: number; readsBySource: Record<string, number>; newBySource: Record<string, number> };
}

export interface FollowerGrowth {
  account: string;
  massSendId?: number;
  since: string;
  minutes: number;
  follows: number;
  unfollows: number;
  net: number;
  perMinute: { at: string; follows: number; unfollows: number; net: number; cumulativeNet: number }[];
}

interface MassSend {
  id: number;
  name: string;
  channel: string;
  state: string;
}

const COLORS = ['#2f6fed', '#18a058', '#f0a020', '#d03050', '#7c4dff', '#00a3bf', '#8a8f98'];

/** About ten labels on a day axis, always the last one. */
function dayAxis(dates: string[]) {
  return {
    type: 'category',
    data: dates.map((d) => d.slice(5)),
    axisLabel: { interval: (i: number) => (dates.length - 1 - i) % Math.max(1, Math.ceil(dates.length / 10)) === 0 },
  };
}

/** Every source that appears on any day, in a stable order (largest total first). */
export function sourcesOf(days: { readsBySource: Record<string, number> }[]): string[] {
  const totals = new Map<string, number>();
  for (const d of days) for (const [k, v] of Object.entries(d.readsBySource)) totals.set(k, (totals.get(k) ?? 0) + v);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

export function ChannelStatsPage() {
  const [days, setDays] = useState(30);
  const [wecom, setWecom] = useState('');
  const [owner, setOwner] = useState('');
  const [oa, setOa] = useState('');
  const [sendId, setSendId] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [collecting, setCollecting] = useState<unknown>(null);
  const accounts = useAsync(() => get<Record<string, string[]>>('analytics/channel-stats/accounts'), []);
  const wecomAccounts = accounts.data?.['wecom'] ?? [];
  const oaAccounts = accounts.data?.['wechat-oa'] ?? [];
  const wecomAccount = wecom || wecomAccounts[0] || '';
  const oaAccount = oa || oaAccounts[0] || '';
  const groups = useAsync(() => (wecomAccount
    ? get<GroupChatFigures>('analytics/group-chats', { account: wecomAccount, days, ...(owner ? { owner } : {}) })
    : Promise.resolve(undefined)), [wecomAccount, days, owner]);
  const audience = useAsync(() => (oaAccount
    ? get<AudienceFigures>('analytics/official-accounts', { account: oaAccount, days })
    : Promise.resolve(undefined)), [oaAccount, days]);
  const sends = useAsync(() => get<Page<MassSend>>('mass-sends', { limit: 50 }), []);
  const oaSends = (sends.data?.items ?? []).filter((m) => m.channel.startsWith('wechat-oa/') && m.state.toLowerCase() === 'queued');
  const growth = useAsync(() => (sendId
    ? get<FollowerGrowth>('analytics/follower-growth', { massSendId: sendId, minutes })
    : Promise.resolve(undefined)), [sendId, minutes]);

  const g = groups.data;
  const a = audience.data;
  const fg = growth.data;

  const groupSize = useMemo(() => g && {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 48, top: 24, bottom: 56 },
    xAxis: dayAxis(g.days.map((d) => d.date)),
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1 }],
    series: [
      { name: t('cs.newChats'), type: 'bar', data: g.days.map((d) => d.newChats) },
      { name: t('cs.newMembers'), type: 'bar', data: g.days.map((d) => d.newMembers) },
      { name: t('cs.chats'), type: 'line', yAxisIndex: 1, data: g.days.map((d) => d.chats) },
      { name: t('cs.members'), type: 'line', yAxisIndex: 1, data: g.days.map((d) => d.members) },
    ],
  }, [g]);

  const groupActivity = useMemo(() => g && {
    color: ['#18a058', '#f0a020', '#2f6fed'],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 48, top: 24, bottom: 56 },
    xAxis: dayAxis(g.days.map((d) => d.date)),
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1 }],
    series: [
      { name: t('cs.activeChats'), type: 'bar', data: g.days.map((d) => d.activeChats) },
      { name: t('cs.speakingMembers'), type: 'bar', data: g.days.map((d) => d.speakingMembers) },
      { name: t('cs.messages'), type: 'line', yAxisIndex: 1, data: g.days.map((d) => d.messages) },
    ],
  }, [g]);

  // Follows up, unfollows down (stacked on one bar per day), net growth and the follower total as lines.
  const follows = useMemo(() => a && {
    color: ['#18a058', '#d03050', '#2f6fed', '#7c4dff'],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 56, top: 24, bottom: 56 },
    xAxis: dayAxis(a.days.map((d) => d.date)),
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1, scale: true }],
    series: [
      { name: t('cs.newFollows'), type: 'bar', stack: 'follows', data: a.days.map((d) => d.newFollows) },
      { name: t('cs.unfollows'), type: 'bar', stack: 'follows', data: a.days.map((d) => -d.unfollows) },
      { name: t('cs.net'), type: 'line', data: a.days.map((d) => d.net) },
      { name: t('cs.followers'), type: 'line', yAxisIndex: 1, data: a.days.map((d) => d.followers ?? null) },
    ],
  }, [a]);

  const reads = useMemo(() => {
    if (!a) return undefined;
    const sources = sourcesOf(a.days);
    return {
      color: COLORS,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: dayAxis(a.days.map((d) => d.date)),
      yAxis: { type: 'value', minInterval: 1 },
      series: sources.map((s) => ({ name: label('readSource', s), type: 'bar', stack: 'reads', data: a.days.map((d) => d.readsBySource[s] ?? 0) })),
    };
  }, [a]);

  const readShares = useMemo(() => a && {
    color: COLORS,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      name: t('cs.readsBySource'), type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'],
      label: { formatter: '{b}: {c}' },
      stillShowZeroSum: false,
      data: sourcesOf([a.totals]).map((s) => ({ name: label('readSource', s), value: a.totals.readsBySource[s] })),
    }],
  }, [a]);

  const growthChart = useMemo(() => fg && {
    color: ['#18a058', '#d03050', '#2f6fed'],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 48, top: 24, bottom: 56 },
    xAxis: {
      type: 'category',
      data: fg.perMinute.map((m, i) => `+${i}`),
      axisLabel: { interval: Math.max(0, Math.ceil(fg.perMinute.length / 12) - 1) },
    },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1 }],
    series: [
      { name: t('cs.newFollows'), type: 'bar', stack: 'm', data: fg.perMinute.map((m) => m.follows) },
      { name: t('cs.unfollows'), type: 'bar', stack: 'm', data: fg.perMinute.map((m) => -m.unfollows) },
      { name: t('cs.cumulativeNet'), type: 'line', yAxisIndex: 1, data: fg.perMinute.map((m) => m.cumulativeNet) },
    ],
  }, [fg]);

  const flagged = [...(g?.days ?? []), ...(a?.days ?? [])].filter((d) => d.problems.length > 0);

  async function collectNow() {
    setCollecting(null);
    try {
      await api('POST', 'analytics/channel-stats/collect', {}, {});
      groups.reload();
      audience.reload();
      accounts.reload();
    } catch (e) {
      setCollecting(e);
    }
  }

  return (
    <div class="page" data-testid="channel-stats">
      <div class="page-head">
        <h1>{t('cs.title')}</h1>
        <label class="inline">
          {t('dash.period')}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))} data-testid="cs-days">
            {[7, 30, 90, 180].map((d) => <option key={d} value={d}>{t('dash.days', { d })}</option>)}
          </select>
        </label>
        <button onClick={() => { groups.reload(); audience.reload(); growth.reload(); }}>{t('common.refresh')}</button>
        <button onClick={collectNow} data-testid="cs-collect">{t('cs.collect')}</button>
      </div>
      <ProblemBox error={accounts.error} />
      <ProblemBox error={collecting} />
      <Loading when={accounts.loading && !accounts.data} />
      <p class="muted small">{t('cs.hint')}</p>
      <div class="grid">
        <Card
          title={t('cs.groupChats')}
          testid="card-group-chats"
          actions={
            <span>
              <select value={wecomAccount} onChange={(e) => { setWecom(e.currentTarget.value); setOwner(''); }} data-testid="cs-wecom">
                {wecomAccounts.map((x) => <option key={x} value={x}>wecom/{x}</option>)}
              </select>
              <select value={owner} onChange={(e) => setOwner(e.currentTarget.value)} data-testid="cs-owner">
                <option value="">{t('cs.allOwners')}</option>
                {(g?.owners ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            </span>
          }
        >
          <ProblemBox error={groups.error} />
          {g && g.days.length > 0 ? (
            <div class="stats small">
              <Stat label={t('cs.chats')} value={g.days[g.days.length - 1].chats} testid="stat-chats" />
              <Stat label={t('cs.members')} value={g.days[g.days.length - 1].members} testid="stat-members" />
              <Stat label={t('cs.newChats')} value={g.days.reduce((n, d) => n + d.newChats, 0)} testid="stat-new-chats" />
              <Stat label={t('cs.messages')} value={g.days.reduce((n, d) => n + d.messages, 0)} testid="stat-messages" />
            </div>
          ) : null}
          {groupSize && g && g.days.length > 0 ? <Chart option={groupSize} height={240} testid="chart-group-size" /> : <Empty when={!!g || (!!accounts.data && wecomAccounts.length === 0)} />}
          {groupActivity && g && g.days.length > 0 ? <Chart option={groupActivity} height={220} testid="chart-group-activity" /> : null}
          {g && g.missing.length > 0 ? <div class="muted small">{t('cs.missing', { n: g.missing.length })}</div> : null}
        </Card>
        <Card
          title={t('cs.officialAccount')}
          testid="card-official-account"
          actions={
            <select value={oaAccount} onChange={(e) => setOa(e.currentTarget.value)} data-testid="cs-oa">
              {oaAccounts.map((x) => <option key={x} value={x}>wechat-oa/{x}</option>)}
            </select>
          }
        >
          <ProblemBox error={audience.error} />
          {a ? (
            <div class="stats small">
              <Stat label={t('cs.newFollows')} value={a.totals.newFollows} testid="stat-new-follows" />
              <Stat label={t('cs.unfollows')} value={a.totals.unfollows} testid="stat-unfollows" />
              <Stat label={t('cs.net')} value={a.totals.net} testid="stat-oa-net" />
              <Stat label={t('cs.followers')} value={a.totals.lastFollowers} testid="stat-followers" />
            </div>
          ) : null}
          {follows && a && a.days.length > 0 ? <Chart option={follows} height={260} testid="chart-follows" /> : <Empty when={!!a || (!!accounts.data && oaAccounts.length === 0)} />}
          {a && a.missing.length > 0 ? <div class="muted small">{t('cs.missing', { n: a.missing.length })}</div> : null}
        </Card>
        <Card title={t('cs.readsBySource')} testid="card-reads">
          {a ? <Stat label={t('cs.reads')} value={a.totals.reads} testid="stat-reads" /> : null}
          {reads && a && a.totals.reads > 0 ? <Chart option={reads} height={240} testid="chart-reads" /> : <Empty when={!!a} />}
          {readShares && a && a.totals.reads > 0 ? <Chart option={readShares} height={220} testid="chart-read-shares" /> : null}
        </Card>
        <Card
          title={t('cs.growth')}
          testid="card-growth"
          actions={
            <span>
              <select value={sendId} onChange={(e) => setSendId(e.currentTarget.value)} data-testid="cs-send">
                <option value="">{t('cs.chooseSend')}</option>
                {oaSends.map((m) => <option key={m.id} value={String(m.id)}>{m.name} ({m.channel})</option>)}
              </select>
              <select value={minutes} onChange={(e) => setMinutes(Number(e.currentTarget.value))} data-testid="cs-minutes">
                {[60, 180, 720, 1440].map((m) => <option key={m} value={m}>{t('cs.minutes', { m })}</option>)}
              </select>
            </span>
          }
        >
          <ProblemBox error={growth.error} />
          {fg ? (
            <div class="stats small">
              <Stat label={t('cs.newFollows')} value={fg.follows} testid="stat-growth-follows" />
              <Stat label={t('cs.unfollows')} value={fg.unfollows} testid="stat-growth-unfollows" />
              <Stat label={t('cs.net')} value={fg.net} testid="stat-growth-net" />
            </div>
          ) : null}
          {growthChart ? <Chart option={growthChart} height={240} testid="chart-growth" /> : <Empty when={!!sends.data && !sendId} />}
        </Card>
        {flagged.length > 0 ? (
          <Card title={t('cs.flagged')} testid="card-flagged">
            <ul class="small">
              {flagged.map((d) => <li key={d.date}>{d.date}: {d.problems.join('; ')}</li>)}
            </ul>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
