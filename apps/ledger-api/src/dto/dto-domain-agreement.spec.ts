import {
  AGENCY_KINDS,
  DomainError,
  MAX_ASSET_DECIMALS,
  requireDecimal,
  requireTimeShape,
  TRAINING_FORMATS,
  trainingDecider,
} from '@ledger/domain';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { AssetAmountDto } from './asset-amount.dto';
import { isSaneTime } from './field-rules';
import { RecordTrainingDto } from '../training/dto/record-training.dto';

/** The edge (DTOs) and the domain must agree: what the API lets through, the domain accepts, and vice versa. */

const NOW = '2025-07-01T00:00:00Z';
const countries = fc.constantFrom('MX', 'AR', 'US', 'BR', 'FR', 'NG', 'SG', 'AE');
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
const pastDate = fc
  .integer({ min: Date.parse('2009-01-03T00:00:00Z'), max: Date.parse('2025-06-30T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

const trainingBody = fc.record(
  {
    deliveredOn: pastDate,
    country: countries,
    city: text(100),
    format: fc.constantFrom(...TRAINING_FORMATS),
    agencies: fc.array(fc.record({ name: text(200), kind: fc.constantFrom(...AGENCY_KINDS), country: countries }), {
      minLength: 1,
      maxLength: 4,
    }),
    participants: fc.integer({ min: 1, max: 1_000_000 }),
    topics: fc.array(text(200), { maxLength: 5 }),
    partner: text(200),
  },
  { requiredKeys: ['deliveredOn', 'country', 'format', 'agencies', 'participants', 'topics'] },
);

function dtoErrors(type: new () => object, body: object) {
  return validateSync(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
}

describe('DTOs and the domain agree', () => {
  it('every training the DTO accepts is recorded by the domain', () => {
    fc.assert(
      fc.property(trainingBody, (body) => {
        expect(dtoErrors(RecordTrainingDto, body)).toEqual([]);
        const events = trainingDecider.decide(
          { type: 'RecordTrainingSession', data: { ...body, trainingId: 't-1' }, context: { now: NOW, actor: 'spec' } },
          trainingDecider.initialState,
        );
        expect(events).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  const decimalLike = fc.oneof(
    fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.option(fc.stringMatching(/^\d{1,20}$/)))
      .map(([whole, fraction]) => (fraction === null ? `${whole}` : `${whole}.${fraction}`)),
    fc.stringMatching(/^-?[0-9.eE+]{1,12}$/),
    fc.string({ maxLength: 8 }),
  );

  it('an asset amount passes the DTO exactly when the domain accepts it as a positive 18-decimal amount', () => {
    fc.assert(
      fc.property(decimalLike, (amount) => {
        const edge = dtoErrors(AssetAmountDto, { asset: 'BTC', amount, usdValue: '1' }).length === 0;
        let domain = true;
        try {
          requireDecimal('amount', amount, MAX_ASSET_DECIMALS, { positive: true });
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          domain = false;
        }
        expect(edge).toBe(domain);
      }),
      { numRuns: 500 },
    );
  });

  it('a time the DTO accepts is one the domain can read', () => {
    const timeLike = fc.oneof(
      fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc
        .tuple(fc.integer({ min: 1990, max: 2110 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
        .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.string({ maxLength: 25 }),
    );
    fc.assert(
      fc.property(timeLike, (time) => {
        if (isSaneTime(time, 'either')) expect(() => requireTimeShape('at', time)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
