import { Injectable } from '@nestjs/common';

/**
 * Whether the process still takes requests, and how many are being answered. On SIGTERM it starts draining:
 * readiness fails, new requests get 503, and shutdown waits for the in-flight ones.
 */
@Injectable()
export class Lifecycle {
  private draining = false;
  private inFlight = 0;
  private lastRequestAt = 0;
  private readonly idleWaiters = new Set<() => void>();

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  startDraining(): void {
    this.draining = true;
  }

  /** Every request that reaches the process, answered or refused. */
  requestArrived(): void {
    this.lastRequestAt = Date.now();
  }

  requestStarted(): void {
    this.inFlight++;
  }

  requestEnded(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const wake of this.idleWaiters) wake();
  }

  /**
   * Resolves true once nothing is in flight and no request arrived for `quietMs` (connections already in the
   * listener's queue have then been accepted and answered), or false when `timeoutMs` passed first.
   */
  async whenQuiet(quietMs: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!(await this.whenIdle(Math.max(0, deadline - Date.now())))) return false;
      const quietFor = Date.now() - this.lastRequestAt;
      if (quietFor >= quietMs && this.inFlight === 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quietFor, deadline - Date.now())));
    }
  }

  /** Resolves true once no request is in flight, or false when `timeoutMs` passed first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve(idle);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idleWaiters.add(wake);
    });
  }
}
