// The REST API at /siyu/api/v1, with HTTP Basic against the Karaf realm. Credentials live in
// sessionStorage only: closing the tab logs out, and nothing is written to disk by the console.

export const API_BASE = '/siyu/api/v1';
const SESSION_KEY = 'siyu.console.session';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 7807 problem detail, as every API error is. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

export interface Session {
  user: string;
  authorization: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

let onUnauthorized: () => void = () => {};

/** Called when the API answers 401 to a logged-in request (password changed, user removed). */
export function whenUnauthorized(handler: () => void) {
  onUnauthorized = handler;
}

export function session(): Session | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
}

function basic(user: string, password: string): string {
  // btoa takes Latin-1 only; encode as UTF-8 first, as the API's AuthFilter decodes it.
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return 'Basic ' + btoa(binary);
}

/** Checks the credentials against the API (a read that needs a Siyu role) and keeps them for this tab. */
export async function login(user: string, password: string): Promise<Session> {
  const s: Session = { user, authorization: basic(user, password) };
  await request<unknown>('GET', 'attributes', undefined, s.authorization);
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  return s;
}

export function logout() {
  sessionStorage.removeItem(SESSION_KEY);
}

type Query = Record<string, string | number | boolean | undefined | null>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
  }
  const q = params.toString();
  return `${API_BASE}/${path}${q ? '?' + q : ''}`;
}

async function request<T>(method: string, path: string, body?: unknown, authorization?: string, query?: Query): Promise<T> {
  // X-Requested-With: the API then challenges with "xBasic", so the browser never opens its own
  // login dialog over the console's (see ScriptClientChallenge in the REST bundle).
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (authorization) headers.Authorization = authorization;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError({ status: 0, title: 'Network error', detail: String(e) });
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const p = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
    throw new ApiError({
      type: p.type,
      title: p.title || response.statusText,
      status: response.status,
      detail: p.detail || (json === undefined ? text.slice(0, 300) : undefined),
      errors: p.errors,
    });
  }
  return json as T;
}

/** A call as the logged-in user; a 401 ends the session. */
export async function api<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const s = session();
  try {
    return await request<T>(method, path, body, s?.authorization, query);
  } catch (e) {
    if (e instanceof ApiError && e.problem.status === 401 && s) {
      logout();
      onUnauthorized();
    }
    throw e;
  }
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, query);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});

/**
 * A file from the API (reports, exports): fetched with the session's credentials, which a plain
 * link could not send, and handed to the browser as a download.
 */
export async function download(path: string, query?: Query): Promise<{ name: string; size: number }> {
  const s = session();
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
  if (s) headers.Authorization = s.authorization;
  const response = await fetch(url(path, query), { headers });
  if (!response.ok) {
    // Problems come as JSON like every other answer.
    let p: Partial<Problem> = {};
    try {
      p = (await response.json()) as Partial<Problem>;
    } catch {
      p = {};
    }
    if (response.status === 401 && s) {
      logout();
      onUnauthorized();
    }
    throw new ApiError({ type: p.type, title: p.title || response.statusText, status: response.status, detail: p.detail, errors: p.errors });
  }
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'siyu-report';
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.dataset.testid = 'download-link';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return { name, size: blob.size };
}
