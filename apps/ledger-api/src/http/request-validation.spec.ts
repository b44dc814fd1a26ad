import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FreezeFundsDto } from '../freeze/dto/freeze-funds.dto';
import { flattenValidationErrors } from './request-validation';

describe('flattenValidationErrors', () => {
  it('names nested and array fields by their full path', () => {
    const dto = plainToInstance(FreezeFundsDto, {
      assets: [
        { asset: 'USDT', amount: '1', usdValue: '1' },
        { asset: 'BTC', amount: 1, usdValue: '1.123456789' },
      ],
      frozenAt: '2024-06-12T15:00:00Z',
      reason: 'order',
      country: 'US',
    });
    const problems = flattenValidationErrors(validateSync(dto, { stopAtFirstError: true }));
    expect(problems.map((p) => p.field)).toEqual(['assets[1].amount', 'assets[1].usdValue']);
    expect(problems[0].message).toMatch(/^assets\[1\]\.amount must be a positive decimal string with at most 18 decimals/);
  });

  it('names a field the whitelist refuses', () => {
    const problems = flattenValidationErrors(
      validateSync(plainToInstance(FreezeFundsDto, { assets: [{ asset: 'X', amount: '1', usdValue: '1', note: 'n' }] }), {
        whitelist: true,
        forbidNonWhitelisted: true,
        stopAtFirstError: true,
      }),
    );
    expect(problems).toContainEqual({
      field: 'assets[0].note',
      message: 'property assets[0].note should not exist',
      code: 'whitelistValidation',
    });
  });
});
