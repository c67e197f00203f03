// Reports for a period, as files: one module as CSV, several in one download (a ZIP with a CSV per
// module, or one CSV with a section per module). The figures are the dashboards' own.
import { useState } from 'preact/hooks';
import { download, get } from '../api';
import { label, t } from '../i18n';
import { Card, Loading, ProblemBox, useAsync } from '../ui';

interface Module { id: string; title: string }

export function ReportsPage() {
  const modules = useAsync(() => get<Module[]>('reports/modules'), []);
  const [picked, setPicked] = useState<Set<string>>(new Set(['new-customers', 'relationships', 'loop']));
  const [mode, setMode] = useState<'days' | 'range'>('days');
  const [days, setDays] = useState(30);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);

  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };

  const exportNow = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setDone(null);
    setBusy(true);
    try {
      const chosen = (modules.data ?? []).map((m) => m.id).filter((id) => picked.has(id));
      const f = await download('reports/export', {
        modules: chosen.join(','),
        format: format || undefined,
        ...(mode === 'days' ? { days } : { from, to }),
      });
      setDone(t('rep.downloaded', { f: f.name, n: f.size }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page" data-testid="reports">
      <div class="page-head"><h1>{t('rep.title')}</h1></div>
      <ProblemBox error={modules.error} />
      <Loading when={modules.loading && !modules.data} />
      <Card>
        <form class="form" onSubmit={exportNow} data-testid="report-form">
          <fieldset class="plain-fieldset">
            <legend>{t('rep.modules')}</legend>
            {(modules.data ?? []).map((m) => (
              <label key={m.id} class="inline">
                <input type="checkbox" checked={picked.has(m.id)} onChange={() => toggle(m.id)} data-module={m.id} />
                {m.id.startsWith('dashboard.') ? m.title : label('rep.m', m.id)} <code>{m.id}</code>
              </label>
            ))}
          </fieldset>
          <div class="row">
            <label class="inline"><input type="radio" name="mode" checked={mode === 'days'} onChange={() => setMode('days')} />{t('rep.lastDays')}</label>
            <input type="number" min={1} max={366} value={days} disabled={mode !== 'days'} onInput={(e) => setDays(Number(e.currentTarget.value))} data-field="days" style={{ width: '90px' }} />
            <label class="inline"><input type="radio" name="mode" checked={mode === 'range'} onChange={() => setMode('range')} data-field="range" />{t('rep.range')}</label>
            <input type="date" value={from} disabled={mode !== 'range'} onInput={(e) => setFrom(e.currentTarget.value)} data-field="from" aria-label={t('rep.from')} />
            <input type="date" value={to} disabled={mode !== 'range'} onInput={(e) => setTo(e.currentTarget.value)} data-field="to" aria-label={t('rep.to')} />
          </div>
          <label class="inline">
            {t('rep.format')}
            <select value={format} onChange={(e) => setFormat(e.currentTarget.value)} data-field="format">
              <option value="">{t('rep.formatAuto')}</option>
              <option value="csv">{t('rep.formatCsv')}</option>
              <option value="zip">{t('rep.formatZip')}</option>
            </select>
          </label>
          <div class="row">
            <button type="submit" class="primary" disabled={busy || picked.size === 0} data-testid="export">{t('rep.download')}</button>
            {picked.size === 0 ? <span class="muted">{t('rep.pickOne')}</span> : null}
          </div>
          {done ? <div class="ok" data-testid="exported">{done}</div> : null}
          <ProblemBox error={error} />
        </form>
      </Card>
    </div>
  );
}
