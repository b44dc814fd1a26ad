/** How a message left the intake. */
export type IntakeSettlement = 'appended' | 'replayed' | 'rejected' | 'requeued';

/**
 * What the NATS intake reports as it works, for a metrics exporter to count (bind a NATS_INTAKE_METRICS provider;
 * the intake runs without one). Calls are synchronous and must not throw.
 */
export interface NatsIntakeMetrics {
  /** Messages delivered to the intake; `redelivered` when the server had delivered them before. */
  received(count: number, redelivered: number): void;
  /** Messages settled: acked after the append (appended, replayed), refused and terminated, or handed back (requeued). */
  settled(settlement: IntakeSettlement, count: number, code?: string): void;
  /** The intake paused (the event store is unavailable) or resumed. */
  paused(isPaused: boolean): void;
}

export const NATS_INTAKE_METRICS = Symbol('NATS_INTAKE_METRICS');

export type IntakeState = 'starting' | 'running' | 'paused' | 'disconnected' | 'failed' | 'stopped';

/** The intake's counters since start, and where it stands: read by /health and by metrics collectors. */
export interface NatsIntakeStatus {
  readonly state: IntakeState;
  /** Messages held by this process and not yet acked, nacked or terminated. */
  readonly inFlight: number;
  readonly received: number;
  readonly redelivered: number;
  readonly appended: number;
  readonly replayed: number;
  readonly rejected: number;
  readonly requeued: number;
  /** Times intake paused because the event store was unavailable. */
  readonly pauses: number;
}
