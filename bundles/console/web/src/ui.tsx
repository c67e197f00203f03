import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { t } from './i18n';

/** Shows an API problem detail as it came: title, status, detail and every bad field. */
export function ProblemBox({ error }: { error: unknown }) {
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : { status: 0, title: String(error) };
  return (
    <div class="problem" role="alert" data-testid="problem">
      <strong>{t('problem.title')}</strong>
      {p.status ? <span class="problem-status"> · {t('problem.status', { s: p.status })} {p.title}</span> : null}
      {'detail' in p && p.detail ? <div class="problem-detail">{p.detail}</div> : null}
      {'errors' in p && p.errors && p.errors.length > 0 ? (
        <ul class="problem-errors">
          {p.errors.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs load when deps change; keeps the last data while reloading; drops answers that came too late. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    load().then(
      (d) => {
        if (mine !== generation.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e) => {
        if (mine !== generation.current) return;
        setError(e);
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function Loading({ when }: { when: boolean }) {
  return when ? <div class="loading">{t('common.loading')}</div> : null;
}

export function Card({ title, children, actions, testid }: { title?: string; children: ComponentChildren; actions?: ComponentChildren; testid?: string }) {
  return (
    <section class="card" data-testid={testid}>
      {title || actions ? (
        <header class="card-header">
          {title ? <h2>{title}</h2> : <span />}
          {actions ? <div class="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div class="card-body">{children}</div>
    </section>
  );
}

export function Stat({ label, value, testid }: { label: string; value: number | string | undefined; testid?: string }) {
  return (
    <div class="stat" data-testid={testid}>
      <div class="stat-value">{value ?? '—'}</div>
      <div class="stat-label">{label}</div>
    </div>
  );
}

export function Pager({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange: (offset: number) => void }) {
  return (
    <div class="pager">
      <span>{t('common.total', { n: total })}</span>
      <button disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('common.prev')}
      </button>
      <button disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        {t('common.next')}
      </button>
    </div>
  );
}

export function Empty({ when }: { when: boolean }) {
  return when ? <div class="empty">{t('common.empty')}</div> : null;
}

/** A value of an attribute or event property, readable whatever its JSON type. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
