import fc from 'fast-check';
import {
  canonical,
  DECIDERS,
  EARLIEST_BUSINESS_DATE,
  MAX_ASSET_DECIMALS,
  MAX_DECIMAL_INTEGER_DIGITS,
  MAX_PARTICIPANTS,
  MAX_USD_DECIMALS,
  routeCommand,
  sum,
  type LedgerCommand,
} from '@ledger/domain';
import { FIGURES } from '../src/definitions';
import { PostgresFigureStore } from '../src/postgres/postgres-figure-store';
import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import { dropPostgresSchemas } from '@ledger/test-support';

/**
 * Every event the domain accepts can be projected, in both figure stores, with the same exact answers. Commands are
 * generated up to the domain's bounds (30 integer digits, 18 asset and 8 USD decimals, participants up to the domain's most,
 * business times from 2009-01-03 to now in any zone) and decided by the domain itself; what it accepts is
 * projected into SQLite and PostgreSQL. On main a freeze of usdValue "100000000000" stopped the SQLite projector.
 */
const NOW = '2025-06-30T12:00:00.000Z';
const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
jest.setTimeout(120_000);

const MAX_WHOLE = 10n ** BigInt(MAX_DECIMAL_INTEGER_DIGITS) - 1n;
const wholePart = fc.oneof(
  fc.constant(MAX_WHOLE),
  fc.constant(100_000_000_000n),
  fc.constant(0n),
  fc.bigInt({ min: 0n, max: MAX_WHOLE }),
  fc.bigInt({ min: 0n, max: 10n ** 12n }),
);
const decimalString = (decimals: number, positive: boolean) =>
  fc
    .tuple(wholePart, fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: decimals }))
    .map(([whole, fraction]) => (fraction ? `${whole}.${fraction}` : `${whole}`))
    .filter((value) => !positive || /[1-9]/.test(value));
const usd = (positive = false) => decimalString(MAX_USD_DECIMALS, positive);
const amount = decimalString(MAX_ASSET_DECIMALS, true);

const EARLIEST = Date.parse(`${EARLIEST_BUSINESS_DATE}T00:00:00Z`);
/** An instant or a date between the earliest business date and now, written in some zone. */
const businessTime = fc
  .tuple(
    fc.integer({ min: EARLIEST + 14 * 3600_000, max: Date.parse(NOW) - 14 * 3600_000 }),
    fc.constantFrom('Z', '+14:00', '-12:00', '+05:30', 'date'),
    fc.integer({ min: 0, max: 999_999_999 }),
  )
  .map(([ms, zone, nanos]) => {
    if (zone === 'date') return new Date(ms).toISOString().slice(0, 10);
    if (zone === 'Z') return `${new Date(ms).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
    const minutes = (zone[0] === '+' ? 1 : -1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
    return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${zone}`;
  });
const country = fc.constantFrom('MX', 'AR', 'US', 'BR');
const asset = fc.constantFrom('BTC', 'ETH', 'USDT');

type Op =
  | { kind: 'freeze'; id: number; assets: { asset: string; amount: string; usdValue: string }[]; at: string; country: string }
  | { kind: 'release' | 'seize' | 'return'; id: number; at: string }
  | { kind: 'stolen'; id: number; usdValue: string; at: string; country: string }
  | { kind: 'recovered'; id: number; at: string }
  | { kind: 'training'; id: number; participants: number; at: string; country: string };

const id = fc.integer({ min: 1, max: 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('freeze' as const),
    id,
    assets: fc.uniqueArray(fc.record({ asset, amount, usdValue: usd() }), { minLength: 1, maxLength: 3, selector: (a) => a.asset }),
    at: businessTime,
    country,
  }),
  fc.record({ kind: fc.constantFrom('release' as const, 'seize' as const, 'return' as const), id, at: businessTime }),
  fc.record({ kind: fc.constant('stolen' as const), id, usdValue: usd(true), at: businessTime, country }),
  fc.record({ kind: fc.constant('recovered' as const), id, at: businessTime }),
  fc.record({
    kind: fc.constant('training' as const),
    id,
    participants: fc.oneof(fc.constant(MAX_PARTICIPANTS), fc.constant(MAX_PARTICIPANTS + 1), fc.integer({ min: 1, max: MAX_PARTICIPANTS })),
    at: businessTime.map((t) => t.slice(0, 10)),
    country,
  }),
);

/** The commands the ops stand for; a disposal takes a freeze's whole first asset line, a recovery the whole loss. */
function commandOf(
  o: Op,
  frozen: Map<number, { asset: string; amount: string; usdValue: string }>,
  stolen: Map<number, string>,
): LedgerCommand | undefined {
  const context = { now: NOW, actor: 'service:property' };
  switch (o.kind) {
    case 'freeze':
      return {
        type: 'FreezeFunds',
        context,
        data: { freezeId: `f${o.id}`, assets: o.assets, frozenAt: o.at, reason: 'court order', country: o.country },
      };
    case 'release':
    case 'seize':
    case 'return': {
      const line = frozen.get(o.id);
      if (!line) return undefined;
      const assets = [line];
      if (o.kind === 'release')
        return { type: 'ReleaseFunds', context, data: { freezeId: `f${o.id}`, assets, releasedAt: o.at, reason: 'order lifted' } };
      if (o.kind === 'seize')
        return {
          type: 'SeizeFunds',
          context,
          data: { freezeId: `f${o.id}`, assets, seizedAt: o.at, authority: 'court', orderReference: 'o-1' },
        };
      return { type: 'ReturnFunds', context, data: { freezeId: `f${o.id}`, assets, returnedAt: o.at } };
    }
    case 'stolen':
      return {
        type: 'ReportStolenFunds',
        context,
        data: { incidentId: `i${o.id}`, usdValue: o.usdValue, reportedAt: o.at, kind: 'hack', country: o.country },
      };
    case 'recovered': {
      const loss = stolen.get(o.id);
      return loss === undefined
        ? undefined
        : { type: 'RecordRecovery', context, data: { incidentId: `i${o.id}`, usdValue: loss, recoveredAt: o.at } };
    }
    case 'training':
      return {
        type: 'RecordTrainingSession',
        context,
        data: {
          trainingId: `t${o.id}`,
          deliveredOn: o.at,
          country: o.country,
          format: 'virtual',
          agencies: [{ name: 'police', kind: 'police', country: o.country }],
          participants: o.participants,
          topics: ['tracing'],
        },
      } as LedgerCommand;
  }
}

describe('the domain and both figure stores agree on one money range', () => {
  let runs = 0;
  let eventIds = 0;

  it('whatever the domain accepts up to its bounds projects into SQLite and PostgreSQL with the same exact answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const schema = `money_range_${process.pid}_${++runs}`;
        const sqlite = new FiguresHarness({ positionBucketSize: 4 });
        const postgres = new FiguresHarness({ positionBucketSize: 4, store: new PostgresFigureStore({ connectionString, schema }) });
        try {
          const states = new Map<string, unknown>();
          const frozen = new Map<number, { asset: string; amount: string; usdValue: string }>();
          const stolen = new Map<number, string>();
          const frozenUsd: string[] = [];
          for (const o of ops) {
            const command = commandOf(o, frozen, stolen);
            if (!command) continue;
            const route = routeCommand(command);
            let events;
            try {
              events = route.decider.decide(command, states.get(route.stream) ?? DECIDERS[route.category].initialState);
            } catch {
              continue; // refused by the domain: never in the log
            }
            for (const event of events) {
              states.set(route.stream, route.decider.evolve(states.get(route.stream) ?? route.decider.initialState, event));
              const recorded = {
                stream: route.stream,
                eventId: `00000000-0000-4000-8000-${String(++eventIds).padStart(12, '0')}`,
                type: event.type,
                schemaVersion: event.schemaVersion,
                data: event.data,
              };
              sqlite.events.add(recorded);
              postgres.events.add(recorded);
            }
            if (o.kind === 'freeze') {
              frozen.set(o.id, o.assets[0]);
              frozenUsd.push(...o.assets.map((a) => a.usdValue));
            }
            if (o.kind === 'stolen') stolen.set(o.id, o.usdValue);
          }
          for (const figure of FIGURES) {
            for (const params of [{}, { groupBy: 'year' }, { groupBy: `month,${figure.dimensions[0].name}`, knownAt: '3' }] as Record<
              string,
              string
            >[]) {
              const [a, b] = [await sqlite.answer(figure.name, params), await postgres.answer(figure.name, params)];
              expect(JSON.stringify(b)).toBe(JSON.stringify(a));
            }
          }
          const funds = await sqlite.answer('funds');
          expect(funds.rows[0].measures.frozenUsd).toBe(canonical(sum(frozenUsd)));
        } finally {
          await sqlite.close();
          await postgres.close();
          await dropPostgresSchemas(connectionString, schema);
        }
      }),
      { numRuns: Number(process.env.MONEY_RANGE_RUNS ?? 25) },
    );
  });
});
