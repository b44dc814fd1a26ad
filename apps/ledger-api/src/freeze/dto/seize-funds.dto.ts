import type { AssetAmountDto } from '../../dto/asset-amount.dto';
import { AssetLines } from '../../dto/asset-lines';
import { BusinessTime, Text } from '../../dto/field-rules';

export class SeizeFundsDto {
  @AssetLines('What was handed over to the authority.')
  readonly assets!: AssetAmountDto[];

  @BusinessTime('either', 'When the funds were seized; at or after the freeze.', '2024-07-15T12:00:00Z')
  readonly seizedAt!: string;

  @Text('The authority that seized the funds.', 200, 'Drug Enforcement Administration')
  readonly authority!: string;

  @Text('Reference of the seizure order.', 200, 'SW-2024-118')
  readonly orderReference!: string;
}
