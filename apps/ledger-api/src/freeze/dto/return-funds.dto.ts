import type { AssetAmountDto } from '../../dto/asset-amount.dto';
import { AssetLines } from '../../dto/asset-lines';
import { AggregateId, BusinessTime } from '../../dto/field-rules';

export class ReturnFundsDto {
  @AssetLines('What was returned to the victims.')
  readonly assets!: AssetAmountDto[];

  @BusinessTime('either', 'When the funds were returned; at or after the freeze.', '2024-08-01T10:00:00Z')
  readonly returnedAt!: string;

  @AggregateId('The theft whose victims got the funds back, if any; it must be on record and not reversed.', 'inc-2024-007', true)
  readonly incidentId?: string;
}
