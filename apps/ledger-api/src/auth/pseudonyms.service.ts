import { Pseudonymizer } from '@ledger/auth';
import { Inject, Injectable } from '@nestjs/common';

export const PSEUDONYMIZER = Symbol('PSEUDONYMIZER');

/** Turns account and subject identifiers from requests into keyed pseudonyms before any event is written. */
@Injectable()
export class Pseudonyms {
  constructor(@Inject(PSEUDONYMIZER) private readonly pseudonymizer: Pseudonymizer) {}

  of(identifier: string): string {
    return this.pseudonymizer.pseudonym(identifier);
  }

  /** Pseudonyms given as such, then the pseudonyms of raw ids; undefined when the request named no account. */
  accounts(pseudonyms: readonly string[] | undefined, rawIds: readonly string[] | undefined): string[] | undefined {
    if (pseudonyms === undefined && rawIds === undefined) return undefined;
    return [...(pseudonyms ?? []), ...(rawIds ?? []).map((id) => this.of(id.trim()))];
  }
}
