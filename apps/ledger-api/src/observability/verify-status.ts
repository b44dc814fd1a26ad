import { Injectable } from '@nestjs/common';

/** The last whole-ledger verification, as whatever runs verify reports it. */
export interface VerifyResult {
  readonly ok: boolean;
  /** When the verification finished. */
  readonly finishedAt: Date;
}

/**
 * Where the verify metrics read from: the continuous verifier's latest result (VerifyJobs), or whatever was
 * recorded into LatestVerifyResult, whichever is newer.
 */
export interface VerifyStatusSource {
  lastResult(): VerifyResult | undefined;
}

export const VERIFY_STATUS_SOURCE = Symbol('VERIFY_STATUS_SOURCE');

/** Remembers the latest result handed to it: what a verifier (on demand or in the background) reports into. */
@Injectable()
export class LatestVerifyResult implements VerifyStatusSource {
  private latest?: VerifyResult;

  record(result: VerifyResult): void {
    this.latest = result;
  }

  lastResult(): VerifyResult | undefined {
    return this.latest;
  }
}

/** The newer of two results (either may be missing). */
export function newerResult(a: VerifyResult | undefined, b: VerifyResult | undefined): VerifyResult | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.finishedAt.getTime() >= b.finishedAt.getTime() ? a : b;
}
