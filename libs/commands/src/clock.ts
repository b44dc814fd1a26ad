import { randomUUID } from 'node:crypto';

/** The application's clock, injected so tests are deterministic. */
export interface Clock {
  /** Current instant as an ISO-8601 string (UTC). */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock that reads a fixed instant until moved; for tests and for replaying a history at its own times. */
export class FixedClock implements Clock {
  constructor(private instant: string) {}
  now(): string {
    return this.instant;
  }
  set(instant: string): void {
    this.instant = instant;
  }
}

export interface IdSource {
  uuid(): string;
}

export const randomIds: IdSource = { uuid: () => randomUUID() };

export const CLOCK = Symbol('CLOCK');
export const ID_SOURCE = Symbol('ID_SOURCE');
