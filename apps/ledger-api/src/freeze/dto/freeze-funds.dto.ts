import { ACCOUNT_PSEUDONYM_PATTERN, MAX_ACCOUNTS_PER_FREEZE } from '@ledger/domain';
import type { AssetAmountDto } from '../../dto/asset-amount.dto';
import { AssetLines } from '../../dto/asset-lines';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AggregateId, BusinessTime, CountryCode, PatternList, Text } from '../../dto/field-rules';

export class FreezeFundsDto {
  @AggregateId('Id of the freeze; derived from the Idempotency-Key (or random) when absent.', 'fz-2024-0042', true)
  readonly freezeId?: string;

  @AssetLines('What was frozen: one line per asset.')
  readonly assets!: AssetAmountDto[];

  @BusinessTime('either', 'When the funds were frozen.', '2024-06-12T15:00:00Z')
  readonly frozenAt!: string;

  @Text('Why: the order or suspicion behind the freeze.', 1000, 'court order 123/2024')
  readonly reason!: string;

  @CountryCode('Jurisdiction the freeze is attributed to (ISO 3166-1 alpha-2).')
  readonly country!: string;

  @AggregateId('The law-enforcement request that asked for it, if any; it must be on record and not reversed.', 'fgr-2024-000123', true)
  readonly requestId?: string;

  @AggregateId('The theft it relates to, if any; it must be on record and not reversed.', 'inc-2024-007', true)
  readonly incidentId?: string;

  @PatternList(
    'Keyed pseudonyms of the frozen accounts (64 hex digits, optionally "<keyId>:" first); never raw account ids.',
    MAX_ACCOUNTS_PER_FREEZE,
    ACCOUNT_PSEUDONYM_PATTERN,
    'must be a keyed pseudonym (64 lower-case hex digits, optionally "<keyId>:" first), never a raw account id',
  )
  readonly accounts?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_ACCOUNTS_PER_FREEZE,
    example: ['UID-48121377'],
    description:
      'Raw account identifiers of the frozen accounts. The API turns each into a keyed pseudonym (HMAC with the ledger secret) and records only that, in accounts.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ACCOUNTS_PER_FREEZE)
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: ({ property: p }) => `each of ${p} must be a non-blank account id` })
  @MaxLength(200, { each: true })
  readonly accountIds?: string[];
}
