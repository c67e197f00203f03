import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { API_BASE, ApiError, get, post, session, type Page } from '../api';
import { label, t } from '../i18n';
import { Card, Empty, ProblemBox, useAsync } from '../ui';
import type { AttributeDef, Customer } from './customers';

interface TagDef {
  id: number;
  group: string;
  name: string;
  kind: string;
}

export interface Segment {
  id: number;
  name: string;
  description?: string;
  condition: unknown;
  version: number;
  count?: number;
}

type Row =
  | { kind: 'tags'; match: 'ANY' | 'ALL' | 'NONE'; tagIds: number[] }
  | { kind: 'layer'; layer: 'CORE' | 'LOYAL' | 'ORDINARY' }
  | { kind: 'attribute'; attribute: string; operator: string; value: string }
  | { kind: 'eventCount'; eventType: string; minCount: number; lastDays: number }
  | { kind: 'lastEventOlderThan'; eventType: string; days: number }
  | { kind: 'totalAmount'; operator: string; amount: string; lastDays: number }
  | { kind: 'inSegment'; segmentId: number };

const KINDS: Row['kind'][] = ['tags', 'layer', 'attribute', 'eventCount', 'lastEventOlderThan', 'totalAmount', 'inSegment'];
const OPERATORS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'IN', 'NOT_IN', 'CONTAINS', 'STARTS_WITH', 'BETWEEN', 'EXISTS', 'NOT_EXISTS'];
const COMPARISONS = ['GE', 'GT', 'EQ', 'NE', 'LE', 'LT'];
const EVENT_TYPES = ['order', 'refund', 'store.visit', 'article.view', 'link.click', 'message.in', 'contact.added', 'follow', 'unfollow',
  'group.join', 'coupon.issued', 'coupon.redeemed', 'live.view', 'form.submit', 'share'];

function fresh(kind: Row['kind']): Row {
  switch (kind) {
    case 'tags': return { kind, match: 'ANY', tagIds: [] };
    case 'layer': return { kind, layer: 'CORE' };
    case 'attribute': return { kind, attribute: 'sourceChannel', operator: 'EQ', value: '' };
    case 'eventCount': return { kind, eventType: 'order', minCount: 1, lastDays: 30 };
    case 'lastEventOlderThan': return { kind, eventType: 'order', days: 90 };
    case 'totalAmount': return { kind, operator: 'GE', amount: '100', lastDays: 0 };
    case 'inSegment': return { kind, segmentId: 0 };
  }
}

function typed(value: string, type: string | undefined): unknown {
  const v = value.trim();
  if ((type === 'integer' || type === 'decimal') && v !== '' && !isNaN(Number(v))) return Number(v);
  if (type === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
  return v;
}

/** One builder row as the API's condition JSON (see ConditionCodec); the server validates it. */
function toCondition(row: Row, attributes: AttributeDef[]): Record<string, unknown> {
  switch (row.kind) {
    case 'tags': return { type: 'tags', match: row.match, tagIds: row.tagIds };
    case 'layer': return { type: 'layer', layer: row.layer };
    case 'attribute': {
      const type = attributes.find((a) => a.name === row.attribute)?.type;
      const many = row.operator === 'IN' || row.operator === 'NOT_IN' || row.operator === 'BETWEEN';
      const none = row.operator === 'EXISTS' || row.operator === 'NOT_EXISTS';
      const values = none ? [] : many ? row.value.split(/[,，]/).map((v) => typed(v, type)) : [typed(row.value, type)];
      return { type: 'attribute', attribute: row.attribute, operator: row.operator, values };
    }
    case 'eventCount': return { type: 'eventCount', eventType: row.eventType, minCount: row.minCount, lastDays: row.lastDays };
    case 'lastEventOlderThan': return { type: 'lastEventOlderThan', eventType: row.eventType, days: row.days };
    case 'totalAmount': return { type: 'totalAmount', operator: row.operator, amount: row.amount, lastDays: row.lastDays };
    case 'inSegment': return { type: 'inSegment', segmentId: row.segmentId };
  }
}

export function buildCondition(rows: Row[], combine: 'and' | 'or', attributes: AttributeDef[]): Record<string, unknown> | null {
  if (rows.length === 0) return null;
  const parts = rows.map((r) => toCondition(r, attributes));
  return parts.length === 1 ? parts[0] : { type: combine, conditions: parts };
}

async function exportCsv(segment: Segment) {
  const s = session();
  const response = await fetch(`${API_BASE}/segments/${segment.id}/export`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest', ...(s ? { Authorization: s.authorization } : {}) },
  });
  if (!response.ok) throw new ApiError({ status: response.status, title: response.statusText, detail: await response.text() });
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `segment-${segment.id}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

function RowEditor({ row, onChange, onRemove, tags, attributes, segments }: {
  row: Row; onChange: (r: Row) => void; onRemove: () => void; tags: TagDef[]; attributes: AttributeDef[]; segments: Segment[];
}) {
  const num = (e: Event) => Number((e.currentTarget as HTMLInputElement).value);
  const str = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  let body;
  switch (row.kind) {
    case 'tags':
      body = (
        <>
          <select value={row.match} onChange={(e) => onChange({ ...row, match: str(e) as 'ANY' })} data-field="match">
            {(['ANY', 'ALL', 'NONE'] as const).map((m) => <option key={m} value={m}>{t(`seg.tagMatch.${m}`)}</option>)}
          </select>
          <span class="chips pick">
            {tags.map((tag) => {
              const on = row.tagIds.includes(tag.id);
              return (
                <button type="button" key={tag.id} class={`chip ${on ? 'on' : ''}`} data-tag={`${tag.group}/${tag.name}`}
                  onClick={() => onChange({ ...row, tagIds: on ? row.tagIds.filter((x) => x !== tag.id) : [...row.tagIds, tag.id] })}>
                  {tag.group}/{tag.name}
                </button>
              );
            })}
          </span>
        </>
      );
      break;
    case 'layer':
      body = (
        <select value={row.layer} onChange={(e) => onChange({ ...row, layer: str(e) as 'CORE' })} data-field="layer">
          {(['CORE', 'LOYAL', 'ORDINARY'] as const).map((l) => <option key={l} value={l}>{label('layer', l.toLowerCase())}</option>)}
        </select>
      );
      break;
    case 'attribute':
      body = (
        <>
          <select value={row.attribute} onChange={(e) => onChange({ ...row, attribute: str(e) })} data-field="attribute">
            {attributes.map((a) => <option key={a.name} value={a.name}>{a.label || a.name} ({a.name})</option>)}
          </select>
          <select value={row.operator} onChange={(e) => onChange({ ...row, operator: str(e) })} data-field="operator">
            {OPERATORS.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
          {row.operator === 'EXISTS' || row.operator === 'NOT_EXISTS' ? null : (
            <input value={row.value} placeholder={['IN', 'NOT_IN', 'BETWEEN'].includes(row.operator) ? t('seg.values') : t('seg.value')}
              onInput={(e) => onChange({ ...row, value: str(e) })} data-field="value" />
          )}
        </>
      );
      break;
    case 'eventCount':
      body = (
        <>
          <input list="event-types" value={row.eventType} onInput={(e) => onChange({ ...row, eventType: str(e) })} title={t('seg.eventType')} data-field="eventType" />
          <label class="inline">{t('seg.minCount')}<input type="number" min={1} value={row.minCount} onInput={(e) => onChange({ ...row, minCount: num(e) })} /></label>
          <label class="inline">{t('seg.lastDays')}<input type="number" min={1} value={row.lastDays} onInput={(e) => onChange({ ...row, lastDays: num(e) })} /></label>
        </>
      );
      break;
    case 'lastEventOlderThan':
      body = (
        <>
          <input list="event-types" value={row.eventType} onInput={(e) => onChange({ ...row, eventType: str(e) })} title={t('seg.eventType')} />
          <label class="inline">{t('seg.days')}<input type="number" min={1} value={row.days} onInput={(e) => onChange({ ...row, days: num(e) })} /></label>
        </>
      );
      break;
    case 'totalAmount':
      body = (
        <>
          <select value={row.operator} onChange={(e) => onChange({ ...row, operator: str(e) })}>
            {COMPARISONS.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
          <label class="inline">{t('seg.amount')}<input value={row.amount} onInput={(e) => onChange({ ...row, amount: str(e) })} /></label>
          <label class="inline">{t('seg.lastDays')}<input type="number" min={0} value={row.lastDays} onInput={(e) => onChange({ ...row, lastDays: num(e) })} /></label>
        </>
      );
      break;
    case 'inSegment':
      body = (
        <select value={row.segmentId} onChange={(e) => onChange({ ...row, segmentId: num(e) })}>
          <option value={0}>—</option>
          {segments.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      );
      break;
  }
  return (
    <div class="cond-row" data-kind={row.kind}>
      <select value={row.kind} onChange={(e) => onChange(fresh(str(e) as Row['kind']))} data-field="kind">
        {KINDS.map((k) => <option key={k} value={k}>{t(`seg.cond.${k}`)}</option>)}
      </select>
      {body}
      <button type="button" class="link danger" onClick={onRemove}>{t('common.remove')}</button>
    </div>
  );
}

export function SegmentsPage() {
  const tags = useAsync(() => get<TagDef[]>('tags'), []);
  const attributes = useAsync(() => get<AttributeDef[]>('attributes'), []);
  const segments = useAsync(() => get<Segment[]>('segments', { counts: true }), []);
  const [rows, setRows] = useState<Row[]>([]);
  const [combine, setCombine] = useState<'and' | 'or'>('and');
  const [count, setCount] = useState<{ count: number; millis: number } | null>(null);
  const [sample, setSample] = useState<Customer[]>([]);
  const [countError, setCountError] = useState<unknown>(undefined);
  const [name, setName] = useState('');
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(undefined);
  const condition = useMemo(() => buildCondition(rows, combine, attributes.data ?? []), [rows, combine, attributes.data]);
  const key = JSON.stringify(condition);
  const generation = useRef(0);

  // The live count: every change of the condition asks the server again, 250 ms after typing stops;
  // answers to older conditions are dropped.
  useEffect(() => {
    if (!condition) {
      setCount(null);
      setSample([]);
      setCountError(undefined);
      return;
    }
    const mine = ++generation.current;
    const timer = setTimeout(async () => {
      try {
        const [c, p] = await Promise.all([
          post<{ count: number; millis: number }>('segments/count', { condition }),
          post<Page<Customer>>('segments/preview', { condition, limit: 5 }),
        ]);
        if (mine !== generation.current) return;
        setCount(c);
        setSample(p.items);
        setCountError(undefined);
      } catch (e) {
        if (mine !== generation.current) return;
        setCount(null);
        setSample([]);
        setCountError(e);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [key]);

  async function save(e: Event) {
    e.preventDefault();
    setSaveError(undefined);
    setSaved(null);
    try {
      const s = await post<Segment>('segments', { name, condition });
      setSaved(s.name);
      segments.reload();
    } catch (err) {
      setSaveError(err);
    }
  }

  return (
    <div class="page" data-testid="segments">
      <div class="page-head"><h1>{t('seg.title')}</h1></div>
      <ProblemBox error={tags.error || attributes.error} />
      <datalist id="event-types">{EVENT_TYPES.map((x) => <option key={x} value={x} />)}</datalist>
      <div class="grid wide-left">
        <Card title={t('seg.builder')} testid="segment-builder">
          <div class="cond-head">
            {t('seg.match')}
            <select value={combine} onChange={(e) => setCombine(e.currentTarget.value as 'and')} data-field="combine">
              <option value="and">{t('seg.all')}</option>
              <option value="or">{t('seg.any')}</option>
            </select>
          </div>
          {rows.map((row, i) => (
            <RowEditor key={i} row={row} tags={tags.data ?? []} attributes={attributes.data ?? []} segments={segments.data ?? []}
              onChange={(r) => setRows(rows.map((x, j) => (j === i ? r : x)))}
              onRemove={() => setRows(rows.filter((_, j) => j !== i))} />
          ))}
          <button type="button" onClick={() => setRows([...rows, fresh('tags')])} data-testid="add-condition">+ {t('seg.addCondition')}</button>
          <div class="live-count" data-testid="live-count">
            {condition ? (
              count ? (
                <>
                  <span class="big" data-testid="live-count-value">{count.count}</span> {t('seg.liveCount')}
                  <span class="muted"> · {t('seg.countMillis', { ms: count.millis.toFixed(1) })}</span>
                </>
              ) : null
            ) : <span class="muted">{t('seg.noConditions')}</span>}
          </div>
          <ProblemBox error={countError} />
          {sample.length > 0 ? (
            <div class="sample">
              <div class="muted">{t('seg.preview')}</div>
              {sample.map((c) => <a key={c.id} href={`#/customers/${c.id}`} class="chip">{c.displayName || `#${c.id}`}</a>)}
            </div>
          ) : null}
          <form class="row" onSubmit={save}>
            <input value={name} placeholder={t('common.name')} onInput={(e) => setName(e.currentTarget.value)} data-field="segment-name" />
            <button type="submit" class="primary" disabled={!condition}>{t('seg.saveAs')}</button>
          </form>
          {saved ? <div class="ok" data-testid="segment-saved">{t('seg.saved', { name: saved })}</div> : null}
          <ProblemBox error={saveError} />
        </Card>
        <Card title={t('seg.existing')} testid="segment-list">
          <ProblemBox error={segments.error || exportError} />
          <table>
            <thead><tr><th>{t('common.name')}</th><th>{t('seg.members')}</th><th /></tr></thead>
            <tbody>
              {(segments.data ?? []).map((s) => (
                <tr key={s.id}>
                  <td title={s.description}>{s.name}</td>
                  <td>{s.count ?? '—'}</td>
                  <td><button class="link" onClick={() => exportCsv(s).catch(setExportError)}>{t('seg.exportCsv')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          <Empty when={!!segments.data && segments.data.length === 0} />
        </Card>
      </div>
    </div>
  );
}
