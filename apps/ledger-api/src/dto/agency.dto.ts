import { AGENCY_KINDS, type Agency, type AgencyKind } from '@ledger/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CountryCode, Text } from './field-rules';

export class AgencyDto implements Agency {
  @Text('Name of the agency.', 200, 'Fiscalía General de la República')
  readonly name!: string;

  @ApiProperty({ enum: [...AGENCY_KINDS], example: 'prosecutor' })
  @IsIn([...AGENCY_KINDS], { message: `kind must be one of ${AGENCY_KINDS.join(', ')}` })
  readonly kind!: AgencyKind;

  @CountryCode('Country of the agency (ISO 3166-1 alpha-2).')
  readonly country!: string;
}
