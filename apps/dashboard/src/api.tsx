// The ledger's HTTP API as the dashboard uses it: bearer key on every call, problem details turned into errors,
// and parts the server does not offer (yet), or not to this key, reported as unavailable instead of failing.

export type MeasureValue = number | string | null;
export type MeasureUnit = 'count' | 'usd' | 'days' | 'ratio' | 'amount' | 'text';

export interface FigureDescription {
  name: string;
  version: number;
  title: string;
  methodology: string[];
  dimensions: { name: string; description: string }[];
  measures: { name: string; unit: MeasureUnit; description: string }[];
  href: string;
  projectedTo: LogPoint | null;
}

export interface LogPoint {
  /** null for a key limited to some countries: a position counts every jurisdiction's events. */
  position: number | null;
  recordedAt: string | null;
}

export interface FigureList {
  figures: FigureDescription[];
  projector: { state: string; error?: string } | null;
}

export interface AnswerRow {
  group: Record<string, string | null>;
  measures: Record<string, MeasureValue>;
  events: number;
  provenance: string;
}

export interface FigureAnswer {
  figure: string;
  version: number;
  knownAt: LogPoint;
  events: number;
  measures: string[];
  rows: AnswerRow[];
  provenance: string;
}

export interface ProvenanceEvent {
  /** null for a key limited to some countries. */
  position: number | null;
  eventId: string;
  stream: string;
  type: string;
  recordedAt: string;
  contributions: { occurredAt: string; dimensions: Record<string, string | null>; item: string | null; values: Record<string, string> }[];
}

export interface ProvenancePage {
  figure: string;
  version: number;
  knownAt: LogPoint;
  events: ProvenanceEvent[];
  next: string | null;
}

export interface LoggedEvent {
  position: number;
  stream: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown> & { recordedAt: string; contentHash: string; prevHash: string; actor?: string };
}

/** A part of the page: loaded, not offered to this viewer (or not by this server), or failed. */
export type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'error'; readonly message: string };

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const KEY_STORAGE = 'ledger.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

/** Query string of the given parameters, leaving out empty ones; values in a fixed (insertion) order. */
export function queryOf(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params).filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
  return parts.length === 0 ? '' : `?${parts.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

export class LedgerApi {
  constructor(
    private readonly key: string,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  async get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /** Like get, but a missing endpoint (404/405/501) or a refusal (403) is "unavailable", any other failure "error". */
  async load<T>(path: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<Loaded<T>> {
    try {
      return { status: 'ok', value: await this.call<T>(method, path, body) };
    } catch (error) {
      if (error instanceof ApiProblem && [403, 404, 405, 501].includes(error.status)) {
        return {
          status: 'unavailable',
          reason: error.status === 403 ? `not available to this key (${error.message})` : `not offered by this server (${error.status})`,
        };
      }
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const problem = (parsed ?? {}) as { detail?: string; title?: string; code?: string };
      if (response.status === 401) this.onUnauthorized();
      throw new ApiProblem(
        response.status,
        problem.detail ?? problem.title ?? `${method} ${path} answered ${response.status}`,
        problem.code,
      );
    }
    return parsed as T;
  }
}

/** Canonical JSON as the ledger hashes it: keys sorted, no white space, undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** The event's content hash recomputed in the browser (needs a secure context: https or localhost). */
export async function recomputeContentHash(event: LoggedEvent): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const { contentHash: _c, prevHash: _p, ...metadata } = event.metadata;
  const content = canonicalJson({
    stream: event.stream,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata,
  });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
