import { AGENCY_KINDS, type Agency, type AgencyKind } from '@ledger/domain';
import { CountryCode, OneOf, Text } from './field-rules';

export class AgencyDto implements Agency {
  @Text('Name of the agency.', 200, 'Fiscalía General de la República')
  readonly name!: string;

  @OneOf(AGENCY_KINDS, 'What kind of agency it is.', 'prosecutor')
  readonly kind!: AgencyKind;

  @CountryCode('Country of the agency (ISO 3166-1 alpha-2).')
  readonly country!: string;
}
