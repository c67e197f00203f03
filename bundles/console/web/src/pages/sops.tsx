import { useState } from 'preact/hooks';
import { get, type Page } from '../api';
import { formatTime, t } from '../i18n';
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

export function SopsPage({ selected }: { selected?: number }) {
  const sops = useAsync(() => get<Sop[]>('sops'), []);
  const [offset, setOffset] = useState(0);
  const instances = useAsync(
    () => (selected ? get<Page<Instance>>(`sops/${selected}/instances`, { offset, limit: 20 }) : Promise.resolve(null)),
    [selected, offset],
  );
  return (
    <div class="page" data-testid="sops">
      <div class="page-head"><h1>{t('sop.title')}</h1></div>
      <ProblemBox error={sops.error} />
      <div class="grid">
        <Card title={t('sop.title')} testid="sop-list">
          <table>
            <thead><tr><th>{t('common.name')}</th><th>{t('common.state')}</th><th>{t('sop.version')}</th><th>{t('sop.trigger')}</th><th>{t('sop.steps')}</th></tr></thead>
            <tbody>
              {(sops.data ?? []).map((s) => (
                <tr key={s.id} class={s.id === selected ? 'selected' : ''}>
                  <td><a href={`#/sops/${s.id}`}>{s.name}</a></td>
                  <td>{s.state}</td>
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
              <thead><tr><th>{t('common.id')}</th><th>{t('sop.customer')}</th><th>{t('common.state')}</th><th>{t('sop.step')}</th><th>{t('sop.wakeAt')}</th><th>{t('common.createdAt')}</th></tr></thead>
              <tbody>
                {(instances.data?.items ?? []).map((i) => (
                  <tr key={i.id}>
                    <td>{i.id}</td>
                    <td>{i.customerId ? <a href={`#/customers/${i.customerId}`}>{i.customerId}</a> : '—'}</td>
                    <td>{i.state}{i.error ? <div class="small danger">{i.error}</div> : null}</td>
                    <td>{i.stepId ?? '—'}</td>
                    <td class="small">{formatTime(i.wakeAt)}</td>
                    <td class="small">{formatTime(i.startedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
