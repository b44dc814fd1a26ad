import type { AssetAmountDto } from '../../dto/asset-amount.dto';
import { AssetLines } from '../../dto/asset-lines';
import { BusinessTime, Text } from '../../dto/field-rules';

export class ReleaseFundsDto {
  @AssetLines('What is released back to the account holder.')
  readonly assets!: AssetAmountDto[];

  @BusinessTime('either', 'When the funds were released; at or after the freeze.', '2024-07-01T09:00:00Z')
  readonly releasedAt!: string;

  @Text('Why the funds were released.', 1000, 'order lifted by the court')
  readonly reason!: string;
}
