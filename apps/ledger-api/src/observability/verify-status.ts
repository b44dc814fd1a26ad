import { Injectable } from '@nestjs/common';

/** The last whole-ledger verification, as whatever runs verify reports it. */
export interface VerifyResult {
  readonly ok: boolean;
  /** When the verification finished. */
  readonly finishedAt: Date;
}

/**
 * Where the verify metrics read from. Today verify runs only on demand (GET /v1/audit/verify) and keeps no result,
 * so the default source reports none; a background verifier provides its own source under this token.
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
