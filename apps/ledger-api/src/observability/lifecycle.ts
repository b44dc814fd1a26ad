import { Injectable } from '@nestjs/common';

/**
 * Whether the process still takes requests, and how many are being answered. On SIGTERM it starts draining:
 * readiness fails, new requests get 503, and shutdown waits for the in-flight ones.
 */
@Injectable()
export class Lifecycle {
  private draining = false;
  private inFlight = 0;
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

  requestStarted(): void {
    this.inFlight++;
  }

  requestEnded(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const wake of this.idleWaiters) wake();
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
