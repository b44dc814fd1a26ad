import { categoryOf } from '@ledger/domain';
import type { AppendRequest } from '@ledger/event-store';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { VerifyStatusSource } from './verify-status';

/** What the scrape-time gauges read; each may be absent (a projector in another process, no audit log). */
export interface MetricSources {
  /** Position of the last event in the log; undefined when the log is empty. */
  readonly headPosition: () => Promise<number | undefined>;
  /** Each figure's checkpoint: the log position its projection has applied. */
  readonly checkpoints: () => Promise<readonly { figure: string; position: number }[]>;
  /** The in-process projector's state, undefined when it runs elsewhere. */
  readonly projectorState: () => string | undefined;
  /** The latest signed tree head. */
  readonly latestTreeHead: () => Promise<{ treeSize: number; timestamp: string } | undefined>;
  readonly verify: VerifyStatusSource;
  readonly now: () => number;
}

const PROJECTOR_STATES = ['idle', 'running', 'caught-up', 'failed', 'external', 'stalled'];

/**
 * The ledger's Prometheus metrics, in a registry of its own (so tests can build many apps in one process).
 * Labels are bounded sets: route templates, status codes, categories, figure names. Never ids or values.
 * Other modules (the NATS intake) add their metrics to `registry`.
 */
export class LedgerMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'ledger_rate_limit_refusals_total',
    help: 'Requests refused with 429 because a credential spent its budget of expensive reads',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Time for the event store to durably append one batch of events (including waiting for its group commit)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly appendedEvents = new Counter({
    name: 'ledger_appended_events_total',
    help: 'Events appended to the log, by stream category',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
    this.scrapeTimeGauges(sources);
  }

  /** Records one durable append (the pipeline's observer). */
  appended(requests: readonly AppendRequest[], seconds: number): void {
    this.appendDuration.observe(seconds);
    for (const request of requests)
      if (request.events.length > 0) this.appendedEvents.inc({ category: categoryOf(request.stream) }, request.events.length);
  }

  /** Records one answered HTTP request; `route` is the matched template, never the raw path. */
  answered(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
    if (status === 429) this.rateLimitRefusals.inc({ route });
  }

  private scrapeTimeGauges(sources: MetricSources): void {
    const registers = [this.registry];
    new Gauge({
      name: 'ledger_projector_position',
      help: 'Log position each figure projection has applied',
      labelNames: ['figure'],
      registers,
      async collect() {
        this.reset();
        for (const checkpoint of await sources.checkpoints()) this.set({ figure: checkpoint.figure }, checkpoint.position);
      },
    });
    new Gauge({
      name: 'ledger_projector_lag_events',
      help: 'Events in the log that each figure projection has not applied yet',
      labelNames: ['figure'],
      registers,
      async collect() {
        this.reset();
        const [head, checkpoints] = await Promise.all([sources.headPosition(), sources.checkpoints()]);
        for (const checkpoint of checkpoints) this.set({ figure: checkpoint.figure }, Math.max(0, (head ?? 0) - checkpoint.position));
      },
    });
    new Gauge({
      name: 'ledger_projector_state',
      help: '1 for the projector state: in-process (idle, running, caught-up, failed), or an external one as seen from here (external, stalled, failed)',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        const state = sources.projectorState();
        if (state !== undefined)
          for (const known of new Set([...PROJECTOR_STATES, state])) this.set({ state: known }, known === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ledger_tree_head_size',
      help: 'Tree size (events covered) of the latest signed tree head; NaN before the first head',
      registers,
      async collect() {
        this.set((await sources.latestTreeHead())?.treeSize ?? NaN);
      },
    });
    new Gauge({
      name: 'ledger_tree_head_age_seconds',
      help: 'Seconds since the latest signed tree head was signed; NaN before the first head',
      registers,
      async collect() {
        const head = await sources.latestTreeHead();
        this.set(head === undefined ? NaN : (sources.now() - Date.parse(head.timestamp)) / 1000);
      },
    });
    new Gauge({
      name: 'ledger_verify_status',
      help: '1 for the result of the last whole-ledger verification: ok, failed, or none (no result yet)',
      labelNames: ['result'],
      registers,
      collect() {
        const last = sources.verify.lastResult();
        const result = last === undefined ? 'none' : last.ok ? 'ok' : 'failed';
        for (const known of ['ok', 'failed', 'none']) this.set({ result: known }, known === result ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ledger_verify_last_result_age_seconds',
      help: 'Seconds since the last whole-ledger verification finished; NaN when there is none',
      registers,
      collect() {
        const last = sources.verify.lastResult();
        this.set(last === undefined ? NaN : (sources.now() - last.finishedAt.getTime()) / 1000);
      },
    });
  }
}
