import { INCIDENT_KINDS, type IncidentKind } from '@ledger/domain';
import { BusinessTime, CountryCode, Nested, OneOf, Text, UsdAmountString } from '../../dto/field-rules';

/** Only the fields that change; what was recovered may not exceed the corrected value stolen. */
export class IncidentChangesDto {
  @UsdAmountString('USD value stolen: a positive decimal string, up to 8 decimals.', '2600000', { positive: true, optional: true })
  readonly usdValue?: string;

  @BusinessTime('either', 'When the theft was reported; not after its first recovery.', '2024-05-02T08:00:00Z', true)
  readonly reportedAt?: string;

  @OneOf(INCIDENT_KINDS, 'How the funds were stolen.', 'scam', true)
  readonly kind?: IncidentKind;

  @CountryCode('Jurisdiction of the victims (ISO 3166-1 alpha-2).', true)
  readonly country?: string;
}

export class CorrectIncidentDto {
  @Nested(() => IncidentChangesDto, 'The corrected fields and their new values (at least one).')
  readonly changes!: IncidentChangesDto;

  @Text('Why the record was wrong.', 1000, 'the victims amended their statement')
  readonly reason!: string;
}
