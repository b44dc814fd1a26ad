import { conflict, invalid } from '../../shared/domain-error';
import { requireAggregateId, requireCountry, requirePastTime, requireText } from '../../shared/validation';
import type { FundsFrozen } from '../freeze.events';
import { ACCOUNT_PSEUDONYM_PATTERN, checkAssetLines, MAX_ACCOUNTS_PER_FREEZE, requireFreezeLinks } from '../freeze.rules';
import type { FreezeState } from '../freeze.state';
import type { FreezeFunds } from './freeze-funds.command';

export function freezeFunds(command: FreezeFunds, state: FreezeState): [FundsFrozen] {
  const { freezeId, assets, frozenAt, reason, country, requestId, incidentId, accounts } = command.data;
  if (state.status !== 'none')
    throw conflict('freeze.already_frozen', `freeze ${freezeId} is already recorded; release, seize or return from it instead`);
  requireAggregateId('freezeId', freezeId);
  const lines = checkAssetLines(assets);
  requirePastTime('frozenAt', frozenAt, command.context.now);
  requireText('reason', reason, 1000);
  requireCountry('country', country);
  requireFreezeLinks(command.context, { requestId, incidentId });
  if (accounts !== undefined) checkAccounts(accounts);
  // Only the known fields go into the fact: an event is kept (and hashed) forever.
  const data: FundsFrozen['data'] = {
    freezeId,
    assets: lines,
    frozenAt,
    reason,
    country,
    ...(requestId !== undefined && { requestId }),
    ...(incidentId !== undefined && { incidentId }),
    ...(accounts !== undefined && { accounts: [...accounts] }),
  };
  return [{ type: 'FundsFrozen', schemaVersion: 1, data }];
}

function checkAccounts(accounts: unknown): void {
  if (!Array.isArray(accounts) || accounts.length > MAX_ACCOUNTS_PER_FREEZE) {
    throw invalid('freeze.invalid_accounts', `accounts must be a list of at most ${MAX_ACCOUNTS_PER_FREEZE} keyed pseudonyms`);
  }
  const seen = new Set<string>();
  accounts.forEach((account: unknown, i) => {
    if (typeof account !== 'string' || !ACCOUNT_PSEUDONYM_PATTERN.test(account)) {
      // Never echo the value: it may be the raw identifier the pseudonym exists to hide.
      throw invalid(
        'freeze.account_not_pseudonymised',
        `accounts[${i}] must be a keyed pseudonym (64 lower-case hex digits, optionally "<keyId>:" first), never a raw account identifier`,
        {
          field: `accounts[${i}]`,
        },
      );
    }
    if (seen.has(account))
      throw invalid('freeze.duplicate_account', `accounts[${i}] repeats an account already listed`, { field: `accounts[${i}]` });
    seen.add(account);
  });
}
