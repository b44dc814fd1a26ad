import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { EARLIEST_BUSINESS_DATE, isDecimalString, MAX_ASSET_DECIMALS, MAX_USD_DECIMALS } from '@ledger/domain';
import { IsISO31661Alpha2, IsOptional, IsString, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Field rules shared by the command DTOs. They check shape and sanity at the edge so a bad request lists every
 * invalid field at once; the domain re-checks what depends on state or on the decision time (e.g. "not in the future").
 */

/** No business time in this ledger is later than this; anything beyond is a typo, not a plan. */
export const LATEST_SANE_TIME = '2099-12-31T23:59:59.999Z';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const AGGREGATE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

type TimeKind = 'date' | 'instant' | 'either';

const EXPECTED: Record<TimeKind, string> = {
  date: 'an ISO date YYYY-MM-DD',
  instant: 'an ISO-8601 instant with a zone, e.g. 2024-03-05T14:30:00Z',
  either: 'an ISO date YYYY-MM-DD or an ISO-8601 instant with a zone',
};

export function isSaneTime(value: unknown, kind: TimeKind): boolean {
  if (typeof value !== 'string') return false;
  const isDate = ISO_DATE.test(value);
  if (!((kind !== 'instant' && isDate) || (kind !== 'date' && ISO_INSTANT.test(value)))) return false;
  const ms = Date.parse(isDate ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return false;
  // Date.parse rolls 2024-02-30 over to March; a real calendar date reads back unchanged.
  const day = value.slice(0, 10);
  const dayMs = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(dayMs) || new Date(dayMs).toISOString().slice(0, 10) !== day) return false;
  return ms >= Date.parse(`${EARLIEST_BUSINESS_DATE}T00:00:00Z`) && ms <= Date.parse(LATEST_SANE_TIME);
}

/** A real ISO date or instant between the genesis of Bitcoin (2009-01-03) and 2099. */
export function IsBusinessTime(kind: TimeKind, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: kind === 'date' ? 'isBusinessDate' : kind === 'instant' ? 'isBusinessInstant' : 'isBusinessTime',
      validator: {
        validate: (value: unknown) => isSaneTime(value, kind),
        defaultMessage: (args) => `${args?.property} must be ${EXPECTED[kind]}, a real calendar time from ${EARLIEST_BUSINESS_DATE} to 2099`,
      },
    },
    options,
  );
}

/** A non-negative decimal string (never a number, so no float rounding) with at most `maxDecimals` decimals. */
export function IsDecimalString(maxDecimals: number, options?: ValidationOptions & { positive?: boolean }): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalString',
      constraints: [maxDecimals],
      validator: {
        validate: (value: unknown) => isDecimalString(value, maxDecimals) && !(options?.positive && /^0(\.0+)?$/.test(value)),
        defaultMessage: (args) =>
          `${args?.property} must be a${options?.positive ? ' positive' : ''} decimal string with at most ${maxDecimals} decimals, e.g. "1250.50"`,
      },
    },
    options,
  );
}

function property(description: string, example: unknown, extra: ApiPropertyOptions = {}, optional = false): PropertyDecorator {
  const api = { description, example, ...extra } as ApiPropertyOptions;
  return optional ? ApiPropertyOptional(api) : ApiProperty(api);
}

/** Upper-case ISO 3166-1 alpha-2 country code. */
export function CountryCode(description: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, 'MX', { pattern: '^[A-Z]{2}$' }, optional),
    ...(optional ? [IsOptional()] : []),
    IsISO31661Alpha2({ message: ({ property: p }) => `${p} must be an ISO 3166-1 alpha-2 country code such as "MX"` }),
    Matches(/^[A-Z]{2}$/, { message: ({ property: p }) => `${p} must be written in upper case, e.g. "MX"` }),
  );
}

/** Non-blank text of bounded length. */
export function Text(description: string, maxLength: number, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { maxLength, minLength: 1 }, optional),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Matches(/\S/, { message: ({ property: p }) => `${p} must not be blank` }),
    MaxLength(maxLength),
  );
}

/** Id of an aggregate as it appears in its stream name `<category>-<id>`. */
export function AggregateId(description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { pattern: AGGREGATE_ID.source, maxLength: 100 }, optional),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Matches(AGGREGATE_ID, {
      message: ({ property: p }) => `${p} must be 1-100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
    }),
  );
}

export function BusinessTime(kind: TimeKind, description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { format: kind === 'date' ? 'date' : kind === 'instant' ? 'date-time' : undefined }, optional),
    ...(optional ? [IsOptional()] : []),
    IsBusinessTime(kind),
  );
}

export function AssetAmountString(description: string, example: string): PropertyDecorator {
  return applyDecorators(property(description, example, { pattern: '^\\d+(\\.\\d{1,18})?$' }), IsDecimalString(MAX_ASSET_DECIMALS, { positive: true }));
}

export function UsdAmountString(description: string, example: string, options: { positive?: boolean } = {}): PropertyDecorator {
  return applyDecorators(property(description, example, { pattern: '^\\d+(\\.\\d{1,8})?$' }), IsDecimalString(MAX_USD_DECIMALS, options));
}
