import { freezeFunds } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('freezes: POST /v1/freezes, /releases, /seizures, /returns', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  const freeze = (freezeId: string, override: object = {}) =>
    ledger
      .http()
      .post('/v1/freezes')
      .send({ ...freezeFunds, freezeId, ...override });
  const usdt = (amount: string, usdValue = amount) => [{ asset: 'USDT', amount, usdValue }];

  it('freezes funds into stream freeze-<id>, keeping exact decimals', async () => {
    const response = await freeze('fz-1', { accounts: ['k1:' + 'ab'.repeat(32)] }).expect(201);
    expect(response.headers.location).toBe('/v1/streams/freeze-fz-1');
    const [stored] = (await ledger.http().get('/v1/streams/freeze-fz-1').expect(200)).body.events;
    expect(stored.data.assets[1]).toEqual({ asset: 'BTC', amount: '10.123456789012345678', usdValue: '650000.12345678' });
  });

  it('releases, seizes and returns parts of a freeze', async () => {
    await freeze('fz-2').expect(201);
    // A return names the theft whose victims get the funds; it must be on record.
    await ledger
      .http()
      .post('/v1/incidents')
      .send({ incidentId: 'inc-7', usdValue: '2000000', reportedAt: '2024-05-02T08:00:00Z', kind: 'hack', country: 'US' })
      .expect(201);
    const released = await ledger
      .http()
      .post('/v1/freezes/fz-2/releases')
      .send({ assets: usdt('100000'), releasedAt: '2024-07-01T09:00:00Z', reason: 'order lifted in part' })
      .expect(201);
    expect(released.body.events).toEqual([expect.objectContaining({ type: 'FundsReleased', revision: 1 })]);
    const seized = await ledger
      .http()
      .post('/v1/freezes/fz-2/seizures')
      .send({
        assets: usdt('600000'),
        seizedAt: '2024-07-15T12:00:00Z',
        authority: 'Drug Enforcement Administration',
        orderReference: 'SW-2024-118',
      })
      .expect(201);
    expect(seized.body.events).toEqual([expect.objectContaining({ type: 'FundsSeized', revision: 2 })]);
    const returned = await ledger
      .http()
      .post('/v1/freezes/fz-2/returns')
      .send({ assets: usdt('300000'), returnedAt: '2024-08-01', incidentId: 'inc-7' })
      .expect(201);
    expect(returned.body.events).toEqual([expect.objectContaining({ type: 'FundsReturned', revision: 3 })]);
  });

  it('refuses to dispose of more than is still held (409), appending nothing', async () => {
    await freeze('fz-3').expect(201);
    await ledger
      .http()
      .post('/v1/freezes/fz-3/seizures')
      .send({ assets: usdt('999999.5'), seizedAt: '2024-07-15T12:00:00Z', authority: 'DEA', orderReference: 'SW-1' })
      .expect(201);
    const before = await ledger.allEvents();
    const refused = await ledger
      .http()
      .post('/v1/freezes/fz-3/releases')
      .send({ assets: usdt('0.6'), releasedAt: '2024-07-16T00:00:00Z', reason: 'rest' })
      .expect(409);
    expect(refused.body).toMatchObject({
      status: 409,
      code: 'freeze.exceeds_held',
      detail: expect.stringContaining('0.5 USDT still held'),
    });
    expect(await ledger.allEvents()).toHaveLength(before.length);
  });

  it('refuses a release of an asset the freeze does not hold, or dated before the freeze (409)', async () => {
    await freeze('fz-4').expect(201);
    const wrongAsset = await ledger
      .http()
      .post('/v1/freezes/fz-4/releases')
      .send({ assets: [{ asset: 'ETH', amount: '1', usdValue: '3000' }], releasedAt: '2024-07-01T00:00:00Z', reason: 'x' })
      .expect(409);
    expect(wrongAsset.body.code).toBe('freeze.asset_not_frozen');
    const early = await ledger
      .http()
      .post('/v1/freezes/fz-4/releases')
      .send({ assets: usdt('1'), releasedAt: '2024-06-01T00:00:00Z', reason: 'x' })
      .expect(409);
    expect(early.body.code).toBe('freeze.before_frozen');
  });

  it('answers 404 for every disposal of an unknown freeze', async () => {
    const body = { assets: usdt('1'), reason: 'x', authority: 'DEA', orderReference: 'SW' };
    await ledger
      .http()
      .post('/v1/freezes/nope/releases')
      .send({ assets: body.assets, releasedAt: '2024-07-01T00:00:00Z', reason: 'x' })
      .expect(404);
    await ledger
      .http()
      .post('/v1/freezes/nope/seizures')
      .send({ assets: body.assets, seizedAt: '2024-07-01T00:00:00Z', authority: 'DEA', orderReference: 'SW' })
      .expect(404);
    const returned = await ledger
      .http()
      .post('/v1/freezes/nope/returns')
      .send({ assets: body.assets, returnedAt: '2024-07-01T00:00:00Z' })
      .expect(404);
    expect(returned.body.code).toBe('freeze.not_found');
  });

  describe('invalid input: 400, nothing appended', () => {
    it.each([
      [
        'amount as a JSON number (floats never touch money)',
        { assets: [{ asset: 'USDT', amount: 1000, usdValue: '1000' }] },
        ['assets[0].amount'],
      ],
      ['amount with 19 decimals', { assets: [{ asset: 'BTC', amount: '0.1234567890123456789', usdValue: '1' }] }, ['assets[0].amount']],
      ['USD value with 9 decimals', { assets: [{ asset: 'BTC', amount: '1', usdValue: '1.123456789' }] }, ['assets[0].usdValue']],
      ['zero amount', { assets: [{ asset: 'BTC', amount: '0', usdValue: '1' }] }, ['assets[0].amount']],
      ['zero USD value', { assets: [{ asset: 'BTC', amount: '1', usdValue: '0.00' }] }, ['assets[0].usdValue']],
      ['negative amount', { assets: [{ asset: 'BTC', amount: '-1', usdValue: '1' }] }, ['assets[0].amount']],
      ['amount in exponent notation', { assets: [{ asset: 'BTC', amount: '1e3', usdValue: '1' }] }, ['assets[0].amount']],
      ['no asset line', { assets: [] }, ['assets']],
      ['asset code with spaces', { assets: [{ asset: 'US DT', amount: '1', usdValue: '1' }] }, ['assets[0].asset']],
      ['raw account id instead of a pseudonym', { accounts: ['user@example.com'] }, ['accounts']],
      ['country not ISO', { country: 'USA' }, ['country']],
      ['frozenAt not a time', { frozenAt: '12/06/2024' }, ['frozenAt']],
    ])('%s', async (_, override, fields) => {
      const before = await ledger.allEvents();
      const response = await freeze('invalid', override).expect(400);
      expect([...new Set(response.body.errors.map((e: { field: string }) => e.field))]).toEqual(fields);
      expect(await ledger.allEvents()).toHaveLength(before.length);
    });

    it('refuses a seizure without its authority and order reference, listing both', async () => {
      await freeze('fz-5').expect(201);
      const response = await ledger
        .http()
        .post('/v1/freezes/fz-5/seizures')
        .send({ assets: usdt('1'), seizedAt: '2024-07-15T12:00:00Z' })
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['authority', 'orderReference']);
    });

    it('refuses the same asset twice in one command (domain rule, 400)', async () => {
      const response = await freeze('twice', { assets: [...usdt('1'), ...usdt('2')] }).expect(400);
      expect(response.body.code).toBe('freeze.duplicate_asset');
    });
  });
});
