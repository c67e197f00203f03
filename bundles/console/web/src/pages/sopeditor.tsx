// The SOP editor: name, trigger and an ordered step list in the JSON form of docs/sop.md. Common
// triggers, steps and actions have forms; anything else (a branch, a webhook, a template send) is
// edited as JSON, so no SOP the server accepts is out of reach. The server validates; its problems
// are shown next to the part of the form their field path names (steps[1].action.kind).
import { useState } from 'preact/hooks';
import { ApiError, get, post, put, type FieldError } from '../api';
import { t } from '../i18n';
import { ProblemBox, useAsync } from '../ui';

export type Json = Record<string, unknown>;

export interface SopBody {
  name: string;
  trigger: Json;
  steps: Json[];
}

const TRIGGER_FORMS = ['event', 'segmentEntered', 'dateAttribute', 'schedule'];
const STEP_FORMS = ['wait', 'waitUntil', 'waitForEvent', 'perform'];
const ACTION_FORMS = ['sendMessage', 'createTask', 'changeTags'];
const TASK_KINDS = ['follow_up', 'call', 'confirm_mass_message', 'post_moments', 'invite_to_group', 'other'];
const JSON_MODE = 'json';

/** One step of the list: a form over `step`, or raw JSON text when the form does not cover it. */
interface Row {
  key: number;
  step: Json;
  raw?: string;
  /** the action as JSON text, for a perform step whose action has no form */
  rawAction?: string;
}

let nextKey = 1;

/** A new action of a type, with the value its form's select shows already set (else it would show one and send none). */
function newAction(type: string): Json {
  if (type === 'createTask') return { type, kind: 'follow_up' };
  if (type === 'sendMessage') return { type, kind: 'direct' };
  return { type };
}

function stepCovered(s: Json): boolean {
  return STEP_FORMS.includes(String(s.type));
}

function actionCovered(s: Json): boolean {
  const a = s.action as Json | undefined;
  return !a || ACTION_FORMS.includes(String(a.type));
}

function toRow(step: Json): Row {
  const row: Row = { key: nextKey++, step };
  if (!stepCovered(step)) row.raw = JSON.stringify(step, null, 2);
  else if (step.type === 'perform' && !actionCovered(step)) row.rawAction = JSON.stringify(step.action, null, 2);
  return row;
}

function pretty(v: unknown): string {
  return v === undefined || v === null ? '' : JSON.stringify(v, null, 2);
}

/**
 * Drops empty form values, so an optional field left blank is absent rather than "". One level
 * only: JSON the operator typed (filters, audience) is sent as typed.
 */
function clean(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === '' || v === undefined || v === null) continue;
    out[k] = v;
  }
  return out;
}

/** A list of ids typed as "3, 5". */
function ids(text: string): number[] {
  return text.split(/[,，\s]+/).filter(Boolean).map(Number);
}

class LocalProblem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function parseJson(text: string, field: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LocalProblem(field, t('sop.badJson', { e: String((e as Error).message) }));
  }
}

/** The server's (or our own JSON parser's) errors for one field path and everything below it. */
function FieldErrors({ errors, prefix, exact }: { errors: FieldError[]; prefix: string; exact?: boolean }) {
  const mine = errors.filter((e) =>
    exact ? e.field === prefix : e.field === prefix || e.field.startsWith(prefix + '.') || e.field.startsWith(prefix + '['));
  if (mine.length === 0) return null;
  return (
    <ul class="field-errors">
      {mine.map((e) => (
        <li key={e.field + e.message} data-testid="field-error" data-field={e.field}>
          <code>{e.field}</code> {e.message}
        </li>
      ))}
    </ul>
  );
}

function Text({ label, value, onInput, field, placeholder, wide }: {
  label: string; value: unknown; onInput: (v: string) => void; field: string; placeholder?: string; wide?: boolean;
}) {
  return (
    <label class={wide ? 'wide' : ''}>
      <span class="small muted">{label}</span>
      <input data-field={field} value={value === undefined || value === null ? '' : String(value)} placeholder={placeholder}
        onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

function JsonArea({ label, value, onInput, field, rows }: { label: string; value: string; onInput: (v: string) => void; field: string; rows?: number }) {
  return (
    <label class="wide">
      <span class="small muted">{label}</span>
      <textarea data-field={field} rows={rows ?? 3} class="mono" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

interface Segment { id: number; name: string }

function TriggerForm({ trigger, raw, setTrigger, setRaw, jsonTexts, setJsonText }: {
  trigger: Json; raw: string | undefined; setTrigger: (t: Json) => void; setRaw: (r: string | undefined) => void;
  jsonTexts: Record<string, string>; setJsonText: (k: string, v: string) => void;
}) {
  const segments = useAsync(() => get<Segment[]>('segments'), []);
  const type = raw !== undefined ? JSON_MODE : String(trigger.type ?? 'event');
  const set = (k: string, v: unknown) => setTrigger({ ...trigger, [k]: v });
  return (
    <div class="sop-fields">
      <label>
        <span class="small muted">{t('sop.triggerType')}</span>
        <select data-field="trigger-type" value={type} onChange={(e) => {
          const v = e.currentTarget.value;
          if (v === JSON_MODE) setRaw(JSON.stringify(trigger, null, 2));
          else { setRaw(undefined); setTrigger({ type: v }); }
        }}>
          {TRIGGER_FORMS.map((x) => <option key={x} value={x}>{t(`sop.trigger.${x}`)}</option>)}
          <option value={JSON_MODE}>{t('sop.asJson')}</option>
        </select>
      </label>
      {type === 'event' ? (
        <>
          <Text label={t('sop.eventType')} field="trigger-eventType" value={trigger.eventType} onInput={(v) => set('eventType', v)} placeholder="contact.added" />
          <JsonArea label={t('sop.filters')} field="trigger-filters" value={jsonTexts['trigger.filters'] ?? ''} onInput={(v) => setJsonText('trigger.filters', v)} />
        </>
      ) : null}
      {type === 'segmentEntered' ? (
        <label>
          <span class="small muted">{t('sop.segment')}</span>
          <select data-field="trigger-segmentId" value={String(trigger.segmentId ?? '')} onChange={(e) => set('segmentId', e.currentTarget.value ? Number(e.currentTarget.value) : '')}>
            <option value="">—</option>
            {(segments.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
      ) : null}
      {type === 'dateAttribute' ? (
        <>
          <Text label={t('sop.attribute')} field="trigger-attribute" value={trigger.attribute} onInput={(v) => set('attribute', v)} placeholder="birthday" />
          <Text label={t('sop.offsetDays')} field="trigger-offsetDays" value={trigger.offsetDays} onInput={(v) => set('offsetDays', v === '' ? '' : Number(v))} placeholder="0" />
          <Text label={t('sop.time')} field="trigger-time" value={trigger.time} onInput={(v) => set('time', v)} placeholder="09:00" />
          <label class="inline">
            <input type="checkbox" data-field="trigger-yearly" checked={trigger.yearly === true} onChange={(e) => set('yearly', e.currentTarget.checked)} />
            <span>{t('sop.yearly')}</span>
          </label>
        </>
      ) : null}
      {type === 'schedule' ? (
        <>
          <Text label={t('sop.cron')} field="trigger-cron" value={trigger.cron} onInput={(v) => set('cron', v)} placeholder="0 0 9 ? * MON-FRI" />
          <Text label={t('sop.zone')} field="trigger-zone" value={trigger.zone} onInput={(v) => set('zone', v)} placeholder="Asia/Shanghai" />
          <JsonArea label={t('sop.audience')} field="trigger-audience" value={jsonTexts['trigger.audience'] ?? ''} onInput={(v) => setJsonText('trigger.audience', v)} />
        </>
      ) : null}
      {type === JSON_MODE ? (
        <JsonArea label={t('sop.triggerJson')} field="trigger-json" rows={6} value={raw ?? ''} onInput={setRaw} />
      ) : null}
    </div>
  );
}

function ActionForm({ action, set }: { action: Json; set: (a: Json) => void }) {
  const f = (k: string, v: unknown) => set({ ...action, [k]: v });
  switch (action.type) {
    case 'sendMessage':
      return (
        <>
          <Text label={t('sop.channel')} field="channel" value={action.channel} onInput={(v) => f('channel', v)} placeholder="wecom/demo" />
          <label>
            <span class="small muted">{t('sop.kind')}</span>
            <select data-field="kind" value={String(action.kind ?? 'direct')} onChange={(e) => f('kind', e.currentTarget.value)}>
              {['direct', 'mass', 'template'].map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          </label>
          <Text label={t('sop.scenario')} field="scenario" value={action.scenario} onInput={(v) => f('scenario', v)} placeholder="customer_initiated" />
          <label class="wide">
            <span class="small muted">{t('sop.text')}</span>
            <textarea data-field="text" rows={2} value={String(action.text ?? '')} onInput={(e) => f('text', e.currentTarget.value)} />
          </label>
        </>
      );
    case 'createTask':
      return (
        <>
          <label>
            <span class="small muted">{t('task.kind')}</span>
            <select data-field="kind" value={String(action.kind ?? 'follow_up')} onChange={(e) => f('kind', e.currentTarget.value)}>
              {TASK_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          </label>
          <Text label={t('sop.taskTitle')} field="title" value={action.title} onInput={(v) => f('title', v)} wide />
          <Text label={t('sop.dueIn')} field="dueIn" value={action.dueIn} onInput={(v) => f('dueIn', v)} placeholder="P1D" />
          <label>
            <span class="small muted">{t('task.priority')}</span>
            <select data-field="priority" value={String(action.priority ?? '')} onChange={(e) => f('priority', e.currentTarget.value)}>
              {['', 'low', 'normal', 'high'].map((k) => <option key={k} value={k}>{k || '—'}</option>)}
            </select>
          </label>
          <label class="wide">
            <span class="small muted">{t('task.script')}</span>
            <textarea data-field="script" rows={2} value={String(action.script ?? '')} onInput={(e) => f('script', e.currentTarget.value)} />
          </label>
        </>
      );
    case 'changeTags':
      return (
        <>
          <Text label={t('sop.addTags')} field="add" value={((action.add as number[] | undefined) ?? []).join(', ')} onInput={(v) => f('add', ids(v))} placeholder="3, 5" />
          <Text label={t('sop.removeTags')} field="remove" value={((action.remove as number[] | undefined) ?? []).join(', ')} onInput={(v) => f('remove', ids(v))} />
        </>
      );
    default:
      return null;
  }
}

function StepForm({ row, index, update, jsonTexts, setJsonText }: {
  row: Row; index: number; update: (r: Row) => void; jsonTexts: Record<string, string>; setJsonText: (k: string, v: string) => void;
}) {
  const s = row.step;
  const type = row.raw !== undefined ? JSON_MODE : String(s.type);
  const set = (k: string, v: unknown) => update({ ...row, step: { ...s, [k]: v } });
  const key = (k: string) => `${row.key}.${k}`;
  const action = (s.action as Json | undefined) ?? newAction('createTask');
  const actionType = row.rawAction !== undefined ? JSON_MODE : String(action.type);
  return (
    <div class="sop-fields">
      <label>
        <span class="small muted">{t('sop.stepType')}</span>
        <select data-field="step-type" value={type} onChange={(e) => {
          const v = e.currentTarget.value;
          if (v === JSON_MODE) update({ ...row, raw: JSON.stringify(s, null, 2), rawAction: undefined });
          else update({ key: row.key, step: v === 'perform' ? { id: s.id, type: v, action: newAction('createTask') } : { id: s.id, type: v } });
        }}>
          {STEP_FORMS.map((x) => <option key={x} value={x}>{t(`sop.stepType.${x}`)}</option>)}
          <option value={JSON_MODE}>{t('sop.asJson')}</option>
        </select>
      </label>
      {type !== JSON_MODE ? <Text label={t('sop.stepId')} field="step-id" value={s.id} onInput={(v) => set('id', v)} /> : null}
      {type === 'wait' ? <Text label={t('sop.duration')} field="duration" value={s.duration} onInput={(v) => set('duration', v)} placeholder="PT5M / P1D" /> : null}
      {type === 'waitUntil' ? <Text label={t('sop.time')} field="time" value={s.time} onInput={(v) => set('time', v)} placeholder="09:00" /> : null}
      {type === 'waitForEvent' ? (
        <>
          <Text label={t('sop.eventType')} field="eventType" value={s.eventType} onInput={(v) => set('eventType', v)} placeholder="order" />
          <Text label={t('sop.timeout')} field="timeout" value={s.timeout} onInput={(v) => set('timeout', v)} placeholder="P3D" />
          <JsonArea label={t('sop.filters')} field="filters" value={jsonTexts[key('filters')] ?? pretty(s.filters)} onInput={(v) => setJsonText(key('filters'), v)} />
        </>
      ) : null}
      {type === 'perform' ? (
        <>
          <label>
            <span class="small muted">{t('sop.actionType')}</span>
            <select data-field="action-type" value={actionType} onChange={(e) => {
              const v = e.currentTarget.value;
              if (v === JSON_MODE) update({ ...row, rawAction: JSON.stringify(action, null, 2) });
              else update({ key: row.key, step: { ...s, action: newAction(v) } });
            }}>
              {ACTION_FORMS.map((x) => <option key={x} value={x}>{t(`sop.action.${x}`)}</option>)}
              <option value={JSON_MODE}>{t('sop.asJson')}</option>
            </select>
          </label>
          {actionType === JSON_MODE
            ? <JsonArea label={t('sop.actionJson')} field="action-json" rows={5} value={row.rawAction ?? ''} onInput={(v) => update({ ...row, rawAction: v })} />
            : <ActionForm action={action} set={(a) => update({ ...row, step: { ...s, action: a } })} />}
        </>
      ) : null}
      {type === JSON_MODE ? (
        <JsonArea label={t('sop.stepJson', { i: index + 1 })} field="step-json" rows={8} value={row.raw ?? ''} onInput={(v) => update({ ...row, raw: v })} />
      ) : null}
    </div>
  );
}

function blankSop(): SopBody {
  return { name: '', trigger: { type: 'event', eventType: '' }, steps: [{ id: 'wait-1', type: 'wait', duration: 'PT5M' }] };
}

/** Creates a SOP (initial undefined) or saves the next version of one; onSaved gets the server's answer. */
export function SopEditor({ id, initial, onSaved, onCancel }: {
  id?: number; initial?: SopBody; onSaved: (saved: { id: number; version: number }) => void; onCancel: () => void;
}) {
  const start = initial ?? blankSop();
  const [name, setName] = useState(start.name);
  const [trigger, setTrigger] = useState<Json>(TRIGGER_FORMS.includes(String(start.trigger.type)) ? start.trigger : {});
  const [rawTrigger, setRawTrigger] = useState<string | undefined>(
    TRIGGER_FORMS.includes(String(start.trigger.type)) ? undefined : JSON.stringify(start.trigger, null, 2));
  const [rows, setRows] = useState<Row[]>(() => start.steps.map(toRow));
  // The JSON-valued parts of forms (filters, audience) as the text being typed, parsed on save.
  const [jsonTexts, setJsonTexts] = useState<Record<string, string>>(() => {
    const m: Record<string, string> = { 'trigger.filters': pretty(start.trigger.filters), 'trigger.audience': pretty(start.trigger.audience) };
    return m;
  });
  const [error, setError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const setJsonText = (k: string, v: string) => setJsonTexts((m) => ({ ...m, [k]: v }));

  const errors: FieldError[] = error instanceof ApiError ? error.problem.errors ?? [] : [];

  const move = (i: number, d: number) => setRows((rs) => {
    const j = i + d;
    if (j < 0 || j >= rs.length) return rs;
    const copy = rs.slice();
    [copy[i], copy[j]] = [copy[j], copy[i]];
    return copy;
  });

  function body(): SopBody {
    let trig: Json;
    if (rawTrigger !== undefined) {
      trig = (parseJson(rawTrigger, 'trigger') as Json | undefined) ?? {};
    } else {
      trig = { ...trigger };
      if (trig.type === 'event') trig.filters = parseJson(jsonTexts['trigger.filters'] ?? '', 'trigger.filters');
      if (trig.type === 'schedule') trig.audience = parseJson(jsonTexts['trigger.audience'] ?? '', 'trigger.audience');
      trig = clean(trig);
    }
    const steps = rows.map((r, i) => {
      const path = `steps[${i}]`;
      if (r.raw !== undefined) return (parseJson(r.raw, path) as Json | undefined) ?? {};
      const s: Json = { ...r.step };
      if (s.type === 'waitForEvent') {
        const text = jsonTexts[`${r.key}.filters`];
        s.filters = text === undefined ? s.filters : parseJson(text, `${path}.filters`);
      }
      if (s.type === 'perform') {
        s.action = r.rawAction !== undefined ? parseJson(r.rawAction, `${path}.action`) : s.action && clean(s.action as Json);
      }
      return clean(s);
    });
    return { name, trigger: trig, steps };
  }

  async function save(e: Event) {
    e.preventDefault();
    setSaving(true);
    try {
      const b = body();
      const saved = id ? await put<{ id: number; version: number }>(`sops/${id}`, b) : await post<{ id: number; version: number }>('sops', b);
      setError(undefined);
      onSaved(saved);
    } catch (err) {
      // A JSON text that does not parse is shown like the server's problems, at its field.
      setError(err instanceof LocalProblem
        ? new ApiError({ status: 0, title: t('sop.badJsonTitle'), errors: [{ field: err.field, message: err.message }] })
        : err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="form sop-editor" data-testid="sop-editor" onSubmit={save}>
      <ProblemBox error={error} />
      <label>
        <span class="small muted">{t('common.name')}</span>
        <input data-field="sop-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <FieldErrors errors={errors} prefix="name" exact />
      <fieldset class="sop-section" data-testid="sop-trigger">
        <legend>{t('sop.trigger')}</legend>
        <TriggerForm trigger={trigger} raw={rawTrigger} setTrigger={setTrigger} setRaw={setRawTrigger} jsonTexts={jsonTexts} setJsonText={setJsonText} />
        <FieldErrors errors={errors} prefix="trigger" />
      </fieldset>
      <fieldset class="sop-section">
        <legend>{t('sop.steps')}</legend>
        <FieldErrors errors={errors} prefix="steps" exact />
        {rows.map((r, i) => (
          <div class="sop-step" key={r.key} data-testid="sop-step" data-index={i}>
            <div class="sop-step-head">
              <strong>{i + 1}</strong>
              <button type="button" class="link" data-testid="step-up" disabled={i === 0} onClick={() => move(i, -1)}>↑ {t('sop.up')}</button>
              <button type="button" class="link" data-testid="step-down" disabled={i === rows.length - 1} onClick={() => move(i, 1)}>↓ {t('sop.down')}</button>
              <button type="button" class="link danger" data-testid="step-remove" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>{t('common.remove')}</button>
            </div>
            <StepForm row={r} index={i} jsonTexts={jsonTexts} setJsonText={setJsonText}
              update={(nr) => setRows((rs) => rs.map((x) => (x.key === r.key ? nr : x)))} />
            <FieldErrors errors={errors} prefix={`steps[${i}]`} />
          </div>
        ))}
        <button type="button" data-testid="add-step" onClick={() => setRows((rs) => [...rs, { key: nextKey++, step: { id: `step-${rs.length + 1}`, type: 'wait', duration: '' } }])}>
          + {t('sop.addStep')}
        </button>
      </fieldset>
      <div class="row">
        <button type="submit" class="primary" data-testid="sop-save" disabled={saving}>{id ? t('sop.saveVersion') : t('sop.create')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** The editable form of a stored definition (drops id, version, state). */
export function bodyOf(s: { name: string; trigger: Json; steps: Json[] }): SopBody {
  return { name: s.name, trigger: s.trigger, steps: s.steps };
}
