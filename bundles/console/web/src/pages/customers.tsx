import { useEffect, useState } from 'preact/hooks';
import { get, post, type Page } from '../api';
import { formatTime, label, t } from '../i18n';
import { Card, Empty, Loading, Pager, ProblemBox, show, useAsync } from '../ui';

export interface Identity {
  type: string;
  namespace?: string;
  value: string;
}

export interface TagRef {
  id: number;
  group: string;
  name: string;
  kind: string;
}

export interface Customer {
  id: number;
  displayName: string;
  identities: Identity[];
  tags: TagRef[];
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  version: number;
}

interface EventJson {
  id: string;
  type: string;
  occurredAt: string;
  channel?: string;
  properties: Record<string, unknown>;
}

interface Customer360 extends Customer {
  consents: { channelType: string; state: string; changedAt: string; source?: string }[];
  timeline?: Page<EventJson>;
  layer?: string | null;
  requestedId?: number;
  mergedInto?: number;
}

export interface AttributeDef {
  name: string;
  label: string;
  type: string;
  allowedValues?: string[];
}

interface Instance {
  id: number;
  sopId: number;
  state: string;
  stepId?: string;
  wakeAt?: string;
  startedAt: string;
}

const PAGE = 20;

export function identityText(i: Identity): string {
  return `${i.type}${i.namespace ? ':' + i.namespace : ''} ${i.value}`;
}

export function TagChips({ tags }: { tags: TagRef[] }) {
  return (
    <span class="chips">
      {tags.map((tag) => (
        <span key={tag.id} class={`chip chip-${tag.kind}`}>{tag.group}/{tag.name}</span>
      ))}
    </span>
  );
}

interface TagOption {
  id: number;
  group: string;
  name: string;
  kind: string;
}

/**
 * The customer's tags with a remove button on each, and a picker to add one. Auto tags come from
 * rules and are left to them. Each change is one bulk call for this customer; the profile is then
 * read again, so what is shown is what the API stored (and a refused change shows its problem).
 */
function TagEditor({ customerId, tags, onChanged }: { customerId: number; tags: TagRef[]; onChanged: () => void }) {
  const options = useAsync(() => get<TagOption[]>('tags'), []);
  const [pick, setPick] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const change = async (tagId: number, action: 'add' | 'remove') => {
    setBusy(true);
    setError(undefined);
    try {
      await post(`tags/${tagId}/customers`, { customerIds: [customerId], action });
      setPick('');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const held = new Set(tags.map((x) => x.id));
  const addable = (options.data ?? []).filter((o) => o.kind !== 'auto' && !held.has(o.id));
  return (
    <div data-testid="tag-editor">
      <span class="chips">
        {tags.map((tag) => (
          <span key={tag.id} class={`chip chip-${tag.kind}`} data-tag={`${tag.group}/${tag.name}`}>
            {tag.group}/{tag.name}
            {tag.kind === 'auto' ? null : (
              <button class="link danger" title={t('common.remove')} disabled={busy} data-testid="remove-tag" onClick={() => change(tag.id, 'remove')}>×</button>
            )}
          </span>
        ))}
      </span>
      <div class="row">
        <select value={pick} onChange={(e) => setPick(e.currentTarget.value)} data-testid="tag-pick">
          <option value="">{t('cust.addTag')}…</option>
          {addable.map((o) => <option key={o.id} value={String(o.id)}>{o.group}/{o.name}</option>)}
        </select>
        <button disabled={!pick || busy} onClick={() => change(Number(pick), 'add')} data-testid="add-tag">{t('cust.addTag')}</button>
      </div>
      <ProblemBox error={error ?? options.error} />
    </div>
  );
}

export function CustomerListPage() {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useAsync(() => get<Page<Customer>>('customers', { q: query, offset, limit: PAGE }), [query, offset]);

  return (
    <div class="page" data-testid="customers">
      <div class="page-head">
        <h1>{t('cust.title')}</h1>
        <form class="search" onSubmit={(e) => { e.preventDefault(); setOffset(0); setQuery(text.trim()); }}>
          <input type="search" name="q" value={text} placeholder={t('cust.searchPlaceholder')} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">{t('common.search')}</button>
        </form>
      </div>
      <ProblemBox error={list.error} />
      <Loading when={list.loading && !list.data} />
      {list.data ? (
        <Card>
          <table data-testid="customer-table">
            <thead>
              <tr><th>{t('common.id')}</th><th>{t('cust.name')}</th><th>{t('cust.identities')}</th><th>{t('cust.tags')}</th><th>{t('common.createdAt')}</th></tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td><a href={`#/customers/${c.id}`}>{c.displayName || '—'}</a></td>
                  <td class="small">{c.identities.map(identityText).join(' · ')}</td>
                  <td><TagChips tags={c.tags} /></td>
                  <td class="small">{formatTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Empty when={list.data.items.length === 0} />
          <Pager offset={offset} limit={PAGE} total={list.data.total} onChange={setOffset} />
        </Card>
      ) : null}
    </div>
  );
}

interface MergeRecord {
  id: number;
  survivorId: number;
  mergedId: number;
  reason: string;
  identity?: Identity;
  by: string;
  at: string;
  undoneAt?: string;
  undoneBy?: string;
}

/** The merges this profile took part in, newest as the API lists them, each undoable once. */
function MergeHistory({ id, onUndone }: { id: number; onUndone: () => void }) {
  const merges = useAsync(() => get<MergeRecord[]>(`customers/${id}/merges`), [id]);
  const [error, setError] = useState<unknown>(undefined);
  const [restored, setRestored] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  async function undo(m: MergeRecord) {
    if (!confirm(t('cust.undoConfirm', { a: m.mergedId, b: m.survivorId }))) return;
    setBusy(true);
    try {
      const r = await post<{ restored: { id: number } }>(`merges/${m.id}/undo`);
      setError(undefined);
      setRestored(r.restored.id);
      merges.reload();
      onUndone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('cust.merges')} testid="merges">
      <ProblemBox error={merges.error ?? error} />
      {restored !== null ? <div class="ok" data-testid="merge-undone">{t('cust.undone')} <a href={`#/customers/${restored}`}>#{restored}</a></div> : null}
      <table>
        <thead><tr><th>{t('cust.mergeWho')}</th><th>{t('cust.mergeReason')}</th><th>{t('cust.mergeBy')}</th><th /></tr></thead>
        <tbody>
          {(merges.data ?? []).map((m) => (
            <tr key={m.id} data-merge={m.id}>
              <td><a href={`#/customers/${m.mergedId}`}>#{m.mergedId}</a> → <a href={`#/customers/${m.survivorId}`}>#{m.survivorId}</a></td>
              <td>{m.reason}{m.identity ? <div class="small muted">{identityText(m.identity)}</div> : null}</td>
              <td class="small">{m.by} · {formatTime(m.at)}</td>
              <td class="small">
                {m.undoneAt
                  ? <span class="muted">{t('cust.undoneAt', { t: formatTime(m.undoneAt), by: m.undoneBy ?? '' })}</span>
                  : <button class="link" data-testid="undo-merge" disabled={busy} onClick={() => undo(m)}>{t('cust.undoMerge')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Empty when={!!merges.data && merges.data.length === 0} />
    </Card>
  );
}

export function CustomerPage({ id }: { id: number }) {
  const customer = useAsync(() => get<Customer360>(`customers/${id}`, { timelineLimit: 50 }), [id]);
  const attributes = useAsync(() => get<AttributeDef[]>('attributes'), []);
  const sops = useAsync(() => get<Page<Instance>>(`customers/${id}/sops`, { limit: 20 }), [id]);
  const [labels, setLabels] = useState<Record<string, string>>({});
  useEffect(() => {
    if (attributes.data) setLabels(Object.fromEntries(attributes.data.map((a) => [a.name, a.label || a.name])));
  }, [attributes.data]);
  const c = customer.data;

  return (
    <div class="page" data-testid="customer-360">
      <div class="page-head">
        <a href="#/customers" class="back">← {t('common.back')}</a>
        <h1>{c ? c.displayName || `#${c.id}` : `#${id}`}</h1>
        {c?.layer ? <span class="badge" data-testid="layer">{label('layer', c.layer.toLowerCase())}</span> : null}
      </div>
      <ProblemBox error={customer.error} />
      <Loading when={customer.loading && !c} />
      {c && c.mergedInto ? <div class="notice">{t('cust.mergedInto', { a: c.requestedId ?? id, b: c.mergedInto })}</div> : null}
      {c ? (
        <div class="grid">
          <Card title={t('cust.profile')}>
            <dl class="facts">
              <dt>{t('common.id')}</dt><dd>{c.id}</dd>
              <dt>{t('cust.layer')}</dt><dd>{label('layer', c.layer?.toLowerCase())}</dd>
              <dt>{t('common.createdAt')}</dt><dd>{formatTime(c.createdAt)}</dd>
              <dt>{t('cust.updatedAt')}</dt><dd>{formatTime(c.updatedAt)}</dd>
              <dt>{t('cust.tags')}</dt><dd><TagEditor customerId={c.id} tags={c.tags} onChanged={customer.reload} /></dd>
            </dl>
          </Card>
          <Card title={t('cust.identities')} testid="identities">
            <ul class="plain">
              {c.identities.map((i) => <li key={identityText(i)}><code>{i.type}</code>{i.namespace ? <span class="muted"> {i.namespace}</span> : null} {i.value}</li>)}
            </ul>
            <Empty when={c.identities.length === 0} />
          </Card>
          <Card title={t('cust.attributes')} testid="attributes">
            <dl class="facts">
              {Object.entries(c.attributes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [
                <dt key={`k-${k}`} title={k}>{labels[k] ?? k}</dt>,
                <dd key={`v-${k}`}>{show(v)}</dd>,
              ])}
            </dl>
            <Empty when={Object.keys(c.attributes).length === 0} />
          </Card>
          <Card title={t('cust.consents')} testid="consents">
            <table>
              <tbody>
                {c.consents.map((x) => (
                  <tr key={x.channelType}><td>{x.channelType}</td><td>{x.state}</td><td class="small">{formatTime(x.changedAt)}</td><td class="small">{x.source ?? ''}</td></tr>
                ))}
              </tbody>
            </table>
            <Empty when={c.consents.length === 0} />
          </Card>
          <Card title={t('cust.sops')}>
            <ProblemBox error={sops.error} />
            {sops.data ? (
              <table>
                <tbody>
                  {sops.data.items.map((i) => (
                    <tr key={i.id}><td><a href={`#/sops/${i.sopId}`}>SOP {i.sopId}</a></td><td>{i.state}</td><td>{i.stepId ?? ''}</td><td class="small">{formatTime(i.startedAt)}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <Empty when={!!sops.data && sops.data.items.length === 0} />
          </Card>
          <MergeHistory id={c.id} onUndone={customer.reload} />
          <Card title={t('cust.timeline')} testid="timeline">
            <ol class="timeline">
              {(c.timeline?.items ?? []).map((e) => (
                <li key={e.id}>
                  <span class="when">{formatTime(e.occurredAt)}</span>
                  <strong>{e.type}</strong>
                  {e.channel ? <span class="muted"> · {e.channel}</span> : null}
                  <div class="small props">{Object.entries(e.properties).map(([k, v]) => `${k}=${show(v)}`).join('  ')}</div>
                </li>
              ))}
            </ol>
            <Empty when={(c.timeline?.items ?? []).length === 0} />
          </Card>
        </div>
      ) : null}
    </div>
  );
}
