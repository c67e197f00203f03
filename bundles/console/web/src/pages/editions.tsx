// The editions installed on this node and what each declares: operating model, roles with their
// permissions and data scope, tag taxonomy, segment presets, SOP templates, dashboards, parameters,
// compliance rules and terminology (read-only here).
import { useState } from 'preact/hooks';
import { get } from '../api';
import { t } from '../i18n';
import { Card, Empty, Loading, ProblemBox, show, useAsync } from '../ui';

interface Model { id: string; name: string; description: string }
interface Edition { id: string; name: string; description: string; version: string; bundleId: number; operatingModel?: Model }
interface Detail {
  edition: Edition;
  content: {
    operatingModels: Model[];
    unitKinds: { id: string; name: string; parents: string[] }[];
    roles: { id: string; name: string; description?: string; permissions?: string[]; scope?: string }[];
    tagGroups: { name: string; tags: string[] }[];
    parameters: { name: string; label: string; type: string; defaultValue?: unknown; value?: unknown }[];
    segmentPresets: { id: string; name: string; description: string }[];
    sopTemplates: { id: string; name: string; description: string; facets: Record<string, string> }[];
    dashboards: { id: string; name: string; widgets: { id: string; title: string; type: string }[] }[];
    compliance: { sensitiveWords?: string[] };
    terminology: Record<string, { zh: string; en: string }>;
  };
}

function EditionDetail({ id }: { id: string }) {
  const d = useAsync(() => get<Detail>(`editions/${encodeURIComponent(id)}`), [id]);
  if (d.error) return <ProblemBox error={d.error} />;
  if (!d.data) return <Loading when />;
  const c = d.data.content;
  return (
    <div class="grid" data-testid="edition-detail">
      <Card title={t('ed.model')}>
        <ul class="plain">
          {c.operatingModels.map((m) => (
            <li key={m.id}>{m.id === d.data!.edition.operatingModel?.id ? <strong>{m.name} ✓</strong> : m.name} <span class="muted small">{m.description}</span></li>
          ))}
        </ul>
        <Empty when={c.operatingModels.length === 0} />
        <h3>{t('ed.units')}</h3>
        <div class="chips">{c.unitKinds.map((u) => <span key={u.id} class="chip">{u.name}</span>)}</div>
      </Card>
      <Card title={t('ed.roles')} testid="edition-roles">
        <table class="small">
          <thead><tr><th>{t('common.name')}</th><th>{t('ed.scope')}</th><th>{t('ed.permissions')}</th></tr></thead>
          <tbody>{c.roles.map((r) => <tr key={r.id}><td>{r.name}<div class="muted">{r.id}</div></td><td>{r.scope}</td><td>{(r.permissions ?? []).join(', ')}</td></tr>)}</tbody>
        </table>
      </Card>
      <Card title={t('ed.tagGroups')}>
        {c.tagGroups.map((g) => <div key={g.name}><strong>{g.name}</strong> <span class="chips">{g.tags.map((x) => <span key={x} class="chip">{x}</span>)}</span></div>)}
        <Empty when={c.tagGroups.length === 0} />
      </Card>
      <Card title={t('ed.presets')} testid="edition-presets">
        <ul class="plain">{c.segmentPresets.map((p) => <li key={p.id}><strong>{p.name}</strong> <code>{p.id}</code> <span class="muted small">{p.description}</span></li>)}</ul>
        <Empty when={c.segmentPresets.length === 0} />
      </Card>
      <Card title={t('ed.templates')}>
        <ul class="plain">{c.sopTemplates.map((p) => <li key={p.id}><strong>{p.name}</strong> <code>{p.id}</code> <span class="chips">{Object.entries(p.facets).map(([k, v]) => <span key={k} class="chip">{k}: {v}</span>)}</span></li>)}</ul>
        <Empty when={c.sopTemplates.length === 0} />
      </Card>
      <Card title={t('ed.dashboards')}>
        <ul class="plain">{c.dashboards.map((b) => <li key={b.id}><a href={`#/boards/${encodeURIComponent(b.id)}`}>{b.name}</a> <span class="muted small">{t('board.widgets', { n: b.widgets.length })}</span></li>)}</ul>
        <Empty when={c.dashboards.length === 0} />
      </Card>
      <Card title={t('ed.parameters')}>
        <table class="small">
          <tbody>{c.parameters.map((p) => <tr key={p.name}><td>{p.label}<div class="muted"><code>{p.name}</code></div></td><td>{show(p.value ?? p.defaultValue)}</td></tr>)}</tbody>
        </table>
        <Empty when={c.parameters.length === 0} />
      </Card>
      <Card title={t('ed.compliance')}>
        <div>{t('ed.sensitiveWords')}: <span class="chips">{(c.compliance.sensitiveWords ?? []).map((w) => <span key={w} class="chip">{w}</span>)}</span></div>
        <h3>{t('ed.terms')}</h3>
        <table class="small"><tbody>{Object.entries(c.terminology).map(([k, v]) => <tr key={k}><td><code>{k}</code></td><td>{v.zh}</td><td>{v.en}</td></tr>)}</tbody></table>
      </Card>
    </div>
  );
}

export function EditionsPage() {
  const list = useAsync(() => get<Edition[]>('editions'), []);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const current = open ?? list.data?.[0]?.id;
  return (
    <div class="page" data-testid="editions">
      <div class="page-head"><h1>{t('ed.title')}</h1></div>
      <ProblemBox error={list.error} />
      <Loading when={list.loading && !list.data} />
      <Card testid="edition-list">
        <table>
          <thead><tr><th>{t('common.id')}</th><th>{t('common.name')}</th><th>{t('ed.version')}</th><th>{t('ed.model')}</th></tr></thead>
          <tbody>
            {(list.data ?? []).map((e) => (
              <tr key={e.id} class={e.id === current ? 'selected' : ''}>
                <td><button class="link" onClick={() => setOpen(e.id)} data-edition={e.id}>{e.id}</button></td>
                <td>{e.name}<div class="muted small">{e.description}</div></td>
                <td>{e.version}</td>
                <td>{e.operatingModel?.name ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Empty when={!!list.data && list.data.length === 0} />
      </Card>
      <div style={{ height: '16px' }} />
      {current ? <EditionDetail id={current} /> : null}
    </div>
  );
}
