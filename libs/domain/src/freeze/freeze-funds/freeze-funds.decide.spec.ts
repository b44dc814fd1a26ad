import { citing, fundsFrozen, spec } from '@ledger/test-support';
import { freezeDecider, type FreezeFunds } from '@ledger/domain';

const account = (n: number) => n.toString(16).padStart(64, 'a');
const sixAccounts: FreezeFunds['data'] = {
  freezeId: 'frz-2024-017',
  assets: [
    { asset: 'USDT', amount: '1200000.5', usdValue: '1200000.5' },
    { asset: 'BTC', amount: '9.123456789012345678', usdValue: '599999.49999999' },
  ],
  frozenAt: '2024-05-02T14:00:00Z',
  reason: 'drug trafficking proceeds, DEA request',
  country: 'US',
  requestId: 'req-2024-0042',
  accounts: [1, 2, 3, 4, 5, 6].map(account),
};
const requestOnRecord = { 'request-req-2024-0042': 'recorded' } as const;
const freeze = (
  data: Partial<FreezeFunds['data']> = {},
  cited: Record<string, 'recorded' | 'reversed' | 'none'> = requestOnRecord,
): FreezeFunds => ({
  type: 'FreezeFunds',
  data: { ...sixAccounts, ...data },
  context: citing(cited),
});
const frozen = fundsFrozen(sixAccounts);
const line = (asset: string, amount: string, usdValue = '1') => ({ asset, amount, usdValue });

describe('FreezeFunds', () => {
  it('freezes several assets across several pseudonymised accounts', () => spec(freezeDecider).given([]).when(freeze()).then([frozen]));

  it('accepts a freeze dated by day only, and pseudonyms carrying a key id', () => {
    const data = { ...sixAccounts, frozenAt: '2024-05-02', accounts: [`k2:${account(7)}`] };
    spec(freezeDecider)
      .given([])
      .when(freeze(data))
      .then([{ ...frozen, data }]);
  });

  it('refuses to freeze under an id already used', () =>
    spec(freezeDecider).given([frozen]).when(freeze()).thenThrows('freeze.already_frozen', 'conflict'));

  it('refuses a freeze with no assets', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [] }))
      .thenThrows('freeze.no_assets', 'invalid'));

  it('refuses the same asset twice in one freeze', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('BTC', '1'), line('BTC', '2')] }))
      .thenThrows('freeze.duplicate_asset', 'invalid'));

  it('refuses a zero amount', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('BTC', '0.000')] }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('accepts exactly 18 decimals and refuses 19', () => {
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('ETH', '0.000000000000000001')] }))
      .then([{ ...frozen, data: { ...sixAccounts, assets: [line('ETH', '0.000000000000000001')] } }]);
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('ETH', '0.0000000000000000001')] }))
      .thenThrows('invalid_decimal', 'invalid');
  });

  it('refuses a USD value with more than 8 decimals', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('BTC', '1', '0.123456789')] }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('refuses amounts written as numbers or in exponent form', () => {
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('BTC', 1 as never)] }))
      .thenThrows('invalid_decimal');
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('BTC', '1e3')] }))
      .thenThrows('invalid_decimal');
  });

  it('refuses an asset code with spaces', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('B TC', '1')] }))
      .thenThrows('freeze.invalid_asset', 'invalid'));

  it('refuses a raw account identifier', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ accounts: ['user@example.com'] }))
      .thenThrows('freeze.account_not_pseudonymised', 'invalid'));

  it('refuses the same account twice', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ accounts: [account(1), account(1)] }))
      .thenThrows('freeze.duplicate_account', 'invalid'));

  it('refuses a freeze in the future', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ frozenAt: '2024-06-30T13:00:00Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a malformed request reference', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ requestId: 'req/42' }))
      .thenThrows('invalid_id', 'invalid'));

  it('refuses a freeze citing a request the ledger does not hold, naming it', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({}, { 'request-req-2024-0042': 'none' }))
      .thenThrows('citation.request_not_found', 'conflict'));

  it('refuses a freeze citing a request reversed as recorded in error', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({}, { 'request-req-2024-0042': 'reversed' }))
      .thenThrows('citation.request_not_found', 'conflict'));

  it('refuses a freeze citing an incident the ledger does not hold', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ incidentId: 'inc-404' }, { ...requestOnRecord, 'incident-inc-404': 'none' }))
      .thenThrows('citation.incident_not_found', 'conflict'));

  it('freezes on a request and an incident both on record', () => {
    const data = { ...sixAccounts, incidentId: 'inc-7' };
    spec(freezeDecider)
      .given([])
      .when(freeze({ incidentId: 'inc-7' }, { ...requestOnRecord, 'incident-inc-7': 'recorded' }))
      .then([{ ...frozen, data }]);
  });

  it('refuses a zero USD value', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ assets: [line('BTC', '1', '0')] }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('refuses a freeze without a reason', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ reason: '' }))
      .thenThrows('invalid_text', 'invalid'));

  it('refuses a country that is not ISO alpha-2', () =>
    spec(freezeDecider)
      .given([])
      .when(freeze({ country: 'USA' }))
      .thenThrows('invalid_country', 'invalid'));
});
