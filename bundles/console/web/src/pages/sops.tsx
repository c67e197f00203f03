import { useEffect, useState } from 'preact/hooks';
import { get, post, type Page } from '../api';
import { formatTime, label, t } from '../i18n';
import { bodyOf, SopEditor } from './sopeditor';
import { Card, Empty, Pager, ProblemBox, useAsync } from '../ui';

interface Sop {
  id: number;
  version: number;
  state: string;
  name: string;
  trigger: { type: string; eventType?: string; [k: string]: unknown };
  steps: { id: string; type: string; [k: string]: unknown }[];
}

interface Instance {
  id: number;
  sopId: number;
  sopVersion: number;
  customerId?: number;
  state: string;
  stepId?: string;
  wakeAt?: string;
  startedAt: string;
  updatedAt: string;
  error?: string;
}

interface Task {
  id: number;
  kind: string;
  assignee: string;
  title: string;
  script?: string;
  customerId?: number;
  priority?: string;
  dueAt?: string;
  overdue: boolean;
  state: string;
  createdAt: string;
}

function triggerText(s: Sop): string {
  const { type, ...rest } = s.trigger;
  return `${type} ${Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ')}`;
}

function stepText(step: Sop['steps'][number]): string {
  const { id, type, ...rest } = step;
  const action = rest.action as { type?: string; title?: string } | undefined;
  const detail = action ? `${action.type}${action.title ? ' · ' + action.title : ''}` : Object.values(rest).map(String).join(' ');
  return `${id}: ${type} ${detail}`;
}

const FINAL = ['completed', 'stopped', 'failed'];

export function SopsPage({ route }: { route?: string }) {
  const creating = route === 'new';
  const selected = route && !creating ? Number(route) : undefined;
  const sops = useAsync(() => get<Sop[]>('sops'), []);
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const instances = useAsync(
    () => (selected ? get<Page<Instance>>(`sops/${selected}/instances`, { offset, limit: 20 }) : Promise.resolve(null)),
    [selected, offset],
  );
  const current = (sops.data ?? []).find((s) => s.id === selected);
  useEffect(() => { setEditing(false); setActionError(undefined); setOffset(0); }, [route]);

  // A state change of the SOP or of one instance; the lists are read again so they show the server's state.
  async function act(path: string) {
    setBusy(true);
    try {
      await post(path);
      setActionError(undefined);
      sops.reload();
      instances.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="page" data-testid="sops">
      <div class="page-head">
        <h1>{t('sop.title')}</h1>
        <a class="button primary" href="#/sops/new" data-testid="sop-new">+ {t('sop.new')}</a>
      </div>
      <ProblemBox error={sops.error} />
      <div class="grid">
        {creating ? (
          <Card title={t('sop.new')} testid="sop-create">
            <SopEditor onSaved={(saved) => { sops.reload(); location.hash = `#/sops/${saved.id}`; }} onCancel={() => { location.hash = '#/sops'; }} />
          </Card>
        ) : null}
        {current ? (
          <Card title={`${current.name} · v${current.version}`} testid="sop-detail" actions={
            <>
              <span class="badge" data-testid="sop-state">{label('sopState', current.state)}</span>
              <button data-testid="sop-activate" disabled={busy || !(current.state === 'draft' || current.state === 'paused')} onClick={() => act(`sops/${current.id}/activate`)}>{t('sop.activate')}</button>
              <button data-testid="sop-pause" disabled={busy || current.state !== 'active'} onClick={() => act(`sops/${current.id}/pause`)}>{t('sop.pause')}</button>
              <button data-testid="sop-stop" class="danger" disabled={busy || current.state === 'stopped'} onClick={() => { if (confirm(t('sop.stopConfirm'))) act(`sops/${current.id}/stop`); }}>{t('sop.stop')}</button>
              <button data-testid="sop-edit" disabled={current.state === 'stopped' || editing} onClick={() => setEditing(true)}>{t('sop.edit')}</button>
            </>
          }>
            <ProblemBox error={actionError} />
            {editing ? (
              <SopEditor key={`${current.id}-${current.version}`} id={current.id} initial={bodyOf(current)}
                onSaved={() => { setEditing(false); sops.reload(); }} onCancel={() => setEditing(false)} />
            ) : (
              <div class="small">
                <div><strong>{t('sop.trigger')}</strong>: {triggerText(current)}</div>
                <ol class="sop-steps">{current.steps.map((st) => <li key={st.id}>{stepText(st)}</li>)}</ol>
              </div>
            )}
          </Card>
        ) : null}
        <Card title={t('sop.title')} testid="sop-list">
          <table>
            <thead><tr><th>{t('common.name')}</th><th>{t('common.state')}</th><th>{t('sop.version')}</th><th>{t('sop.trigger')}</th><th>{t('sop.steps')}</th></tr></thead>
            <tbody>
              {(sops.data ?? []).map((s) => (
                <tr key={s.id} class={s.id === selected ? 'selected' : ''} data-sop={s.id}>
                  <td><a href={`#/sops/${s.id}`}>{s.name}</a></td>
                  <td>{label('sopState', s.state)}</td>
                  <td>{s.version}</td>
                  <td class="small">{triggerText(s)}</td>
                  <td class="small">{s.steps.map((st) => <div key={st.id}>{stepText(st)}</div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Empty when={!!sops.data && sops.data.length === 0} />
        </Card>
        {selected ? (
          <Card title={`${t('sop.instances')} · SOP ${selected}`} testid="sop-instances">
            <ProblemBox error={instances.error} />
            <table>
              <thead><tr><th>{t('common.id')}</th><th>{t('sop.customer')}</th><th>{t('common.state')}</th><th>{t('sop.step')}</th><th>{t('sop.wakeAt')}</th><th>{t('common.createdAt')}</th><th /></tr></thead>
              <tbody>
                {(instances.data?.items ?? []).map((i) => (
                  <tr key={i.id} data-instance={i.id}>
                    <td>{i.id}</td>
                    <td>{i.customerId ? <a href={`#/customers/${i.customerId}`}>{i.customerId}</a> : '—'}</td>
                    <td data-testid="instance-state">{label('instState', i.state)}{i.error ? <div class="small danger">{i.error}</div> : null}</td>
                    <td>{i.stepId ?? '—'}</td>
                    <td class="small">{formatTime(i.wakeAt)}</td>
                    <td class="small">{formatTime(i.startedAt)}</td>
                    <td class="nowrap">
                      {i.state === 'running' || i.state === 'waiting'
                        ? <button class="link" data-testid="instance-pause" disabled={busy} onClick={() => act(`instances/${i.id}/pause`)}>{t('sop.pause')}</button> : null}
                      {i.state === 'paused'
                        ? <button class="link" data-testid="instance-resume" disabled={busy} onClick={() => act(`instances/${i.id}/resume`)}>{t('sop.resume')}</button> : null}
                      {!FINAL.includes(i.state)
                        ? <button class="link danger" data-testid="instance-stop" disabled={busy} onClick={() => act(`instances/${i.id}/stop`)}>{t('sop.stop')}</button> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Empty when={!!instances.data && instances.data.items.length === 0} />
            {instances.data ? <Pager offset={offset} limit={20} total={instances.data.total} onChange={setOffset} /> : null}
          </Card>
        ) : null}
      </div>
    </div>
  );
}

export function TasksPage() {
  const [state, setState] = useState('');
  const [offset, setOffset] = useState(0);
  const tasks = useAsync(() => get<Page<Task>>('tasks', { state, offset, limit: 20 }), [state, offset]);
  return (
    <div class="page" data-testid="tasks">
      <div class="page-head">
        <h1>{t('task.title')}</h1>
        <select value={state} onChange={(e) => { setOffset(0); setState(e.currentTarget.value); }}>
          <option value="">{t('task.allStates')}</option>
          {['open', 'done', 'cancelled'].map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      <ProblemBox error={tasks.error} />
      <Card>
        <table data-testid="task-table">
          <thead><tr><th>{t('common.id')}</th><th>{t('common.name')}</th><th>{t('task.assignee')}</th><th>{t('sop.customer')}</th><th>{t('task.kind')}</th><th>{t('task.priority')}</th><th>{t('task.dueAt')}</th><th>{t('common.state')}</th></tr></thead>
          <tbody>
            {(tasks.data?.items ?? []).map((x) => (
              <tr key={x.id}>
                <td>{x.id}</td>
                <td>{x.title}{x.script ? <div class="small muted">{t('task.script')}: {x.script}</div> : null}</td>
                <td>{x.assignee}</td>
                <td>{x.customerId ? <a href={`#/customers/${x.customerId}`}>{x.customerId}</a> : '—'}</td>
                <td>{x.kind}</td>
                <td>{x.priority ?? '—'}</td>
                <td class="small">{formatTime(x.dueAt)}{x.overdue ? <span class="badge danger">{t('task.overdue')}</span> : null}</td>
                <td>{x.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Empty when={!!tasks.data && tasks.data.items.length === 0} />
        {tasks.data ? <Pager offset={offset} limit={20} total={tasks.data.total} onChange={setOffset} /> : null}
      </Card>
    </div>
  );
}
