import { BusinessTime, CountryCode, Nested, RemovableAggregateId, Text } from '../../dto/field-rules';

/** Only the fields that change; amounts are not corrected (a wrong amount is reversed and recorded again). */
export class FreezeChangesDto {
  @BusinessTime('either', 'When the funds were frozen; not after the first release, seizure or return.', '2024-06-12T15:00:00Z', true)
  readonly frozenAt?: string;

  @Text('The order or suspicion behind the freeze.', 1000, 'court order 123/2024', true)
  readonly reason?: string;

  @CountryCode('Jurisdiction the freeze is attributed to (ISO 3166-1 alpha-2).', true)
  readonly country?: string;

  @RemovableAggregateId('The law-enforcement request that asked for it (must be on record); null removes the link.', 'fgr-2024-000123')
  readonly requestId?: string | null;

  @RemovableAggregateId('The theft it relates to (must be on record); null removes the link.', 'inc-2024-007')
  readonly incidentId?: string | null;
}

export class CorrectFreezeDto {
  @Nested(() => FreezeChangesDto, 'The corrected fields and their new values (at least one).')
  readonly changes!: FreezeChangesDto;

  @Text('Why the record was wrong.', 1000, 'linked to the wrong request')
  readonly reason!: string;
}
