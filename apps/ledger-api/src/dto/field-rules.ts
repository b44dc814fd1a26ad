import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { EARLIEST_BUSINESS_DATE, isDecimalString, MAX_ASSET_DECIMALS, MAX_USD_DECIMALS } from '@ledger/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

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
        defaultMessage: (args) =>
          `${args?.property} must be ${EXPECTED[kind]}, a real calendar time from ${EARLIEST_BUSINESS_DATE} to 2099`,
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
  const api = { description, ...(example !== undefined ? { example } : {}), ...extra } as ApiPropertyOptions;
  return optional ? ApiPropertyOptional(api) : ApiProperty(api);
}

/**
 * Presence first: an optional field may be absent, a required one is reported as "required" and nothing else
 * (class-validator checks IsDefined before other rules, and the pipe stops at a field's first failed rule).
 * Rules are composed with applyDecorators so they run in the order they are written.
 */
function presence(optional: boolean): PropertyDecorator[] {
  return optional ? [IsOptional()] : [IsDefined({ message: ({ property: p }) => `${p} is required` })];
}

/** Upper-case ISO 3166-1 alpha-2 country code. */
export function CountryCode(description: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, 'MX', { pattern: '^[A-Z]{2}$' }, optional),
    ...presence(optional),
    IsString(),
    Matches(/^[A-Za-z]{2}$/, { message: ({ property: p }) => `${p} must be a two-letter ISO 3166-1 alpha-2 country code such as "MX"` }),
    IsISO31661Alpha2({ message: ({ property: p }) => `${p} must be an ISO 3166-1 alpha-2 country code such as "MX"` }),
    Matches(/^[A-Z]{2}$/, { message: ({ property: p }) => `${p} must be written in upper case, e.g. "MX"` }),
  );
}

/** Non-blank text of bounded length. */
export function Text(description: string, maxLength: number, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { maxLength, minLength: 1 }, optional),
    ...presence(optional),
    IsString(),
    Matches(/\S/, { message: ({ property: p }) => `${p} must not be blank` }),
    MaxLength(maxLength),
  );
}

/** A list of non-blank texts. */
export function TextList(description: string, maxItems: number, maxLength: number, example: string[]): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [String], description, example, maxItems }),
    ...presence(false),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Matches(/\S/, { each: true, message: ({ property: p }) => `each of ${p} must be non-blank text` }),
    MaxLength(maxLength, { each: true }),
  );
}

/** Id of an aggregate as it appears in its stream name `<category>-<id>`. */
export function AggregateId(description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { pattern: AGGREGATE_ID.source, maxLength: 100 }, optional),
    ...presence(optional),
    IsString(),
    Matches(AGGREGATE_ID, {
      message: ({ property: p }) => `${p} must be 1-100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
    }),
  );
}

export function BusinessTime(kind: TimeKind, description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { format: kind === 'date' ? 'date' : kind === 'instant' ? 'date-time' : undefined }, optional),
    ...presence(optional),
    IsBusinessTime(kind),
  );
}

export function AssetAmountString(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    property(description, example, { pattern: '^\\d+(\\.\\d{1,18})?$' }),
    ...presence(false),
    IsDecimalString(MAX_ASSET_DECIMALS, { positive: true }),
  );
}

export function UsdAmountString(
  description: string,
  example: string,
  options: { positive?: boolean; optional?: boolean } = {},
): PropertyDecorator {
  const optional = options.optional ?? false;
  return applyDecorators(
    property(description, example, { pattern: '^\\d+(\\.\\d{1,8})?$' }, optional),
    ...presence(optional),
    IsDecimalString(MAX_USD_DECIMALS, { positive: options.positive }),
  );
}

/**
 * An optional link to another aggregate that a correction may also remove: an id, or null to remove the link.
 * (class-validator's IsOptional lets null through; the domain reads null as "remove".)
 */
export function RemovableAggregateId(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, example, type: String, nullable: true, pattern: AGGREGATE_ID.source, maxLength: 100 }),
    IsOptional(),
    IsString(),
    Matches(AGGREGATE_ID, {
      message: ({ property: p }) => `${p} must be null or 1-100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
    }),
  );
}

/** An optional business time that a correction may also remove with null (e.g. a deadline recorded in error). */
export function RemovableBusinessTime(kind: TimeKind, description: string, example: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description, example, type: String, nullable: true }), IsOptional(), IsBusinessTime(kind));
}

/** One of a fixed list of values (the domain's exported constants). */
export function OneOf(values: readonly string[], description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { enum: [...values] }, optional),
    ...presence(optional),
    IsIn([...values], { message: ({ property: p }) => `${p} must be one of ${values.join(', ')}` }),
  );
}

export function WholeNumber(description: string, example: number, min: number, max: number, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, example, { type: 'integer', minimum: min, maximum: max }, optional),
    ...presence(optional),
    IsInt({ message: ({ property: p }) => `${p} must be a whole number` }),
    Min(min),
    Max(max),
  );
}

/** A whole number from the query string (text there), e.g. `?limit=50`. */
export function QueryWholeNumber(description: string, min: number, max?: number, defaultValue?: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description,
      type: 'integer',
      minimum: min,
      ...(max !== undefined ? { maximum: max } : {}),
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: ({ property: p }) => `${p} must be a whole number` }),
    Min(min),
    ...(max !== undefined ? [Max(max)] : []),
  );
}

/** A nested object validated with its own DTO. */
export function Nested(type: () => new () => object, description: string, optional = false): PropertyDecorator {
  return applyDecorators(
    property(description, undefined, { type: () => type() }, optional),
    ...presence(optional),
    IsObject({ message: ({ property: p }) => `${p} must be an object` }),
    ValidateNested(),
    Type(type),
  );
}

/** A list of nested objects, each validated with its own DTO. */
export function ListOf(type: () => new () => object, description: string, minItems: number, maxItems: number): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: () => [type()], description, minItems, maxItems }),
    ...presence(false),
    IsArray(),
    ArrayMinSize(minItems),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(type),
  );
}

export function AssetCode(description: string, example: string, pattern: RegExp): PropertyDecorator {
  return applyDecorators(
    property(description, example, { pattern: pattern.source }),
    ...presence(false),
    IsString(),
    Matches(pattern, {
      message: ({ property: p }) => `${p} must be an asset code such as "BTC" or "USDT" (letters, digits, '.', '_', ':', '-')`,
    }),
  );
}

/** An optional list of strings that each match a pattern (e.g. keyed pseudonyms). */
export function PatternList(description: string, maxItems: number, pattern: RegExp, itemMessage: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], description, maxItems, items: { type: 'string', pattern: pattern.source } }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(maxItems),
    Matches(pattern, { each: true, message: ({ property: p }) => `each of ${p} ${itemMessage}` }),
  );
}
