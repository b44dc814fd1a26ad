import { AggregateId, BusinessTime, UsdAmountString } from '../../dto/field-rules';

export class RecordRecoveryDto {
  @UsdAmountString('USD value recovered: a positive decimal string, up to 8 decimals.', '400000', { positive: true })
  readonly usdValue!: string;

  @BusinessTime('either', 'When the funds were recovered; at or after the report.', '2024-06-20T10:00:00Z')
  readonly recoveredAt!: string;

  @AggregateId('The freeze the recovered funds came from, if any; it must be on record and not reversed.', 'fz-2024-0042', true)
  readonly freezeId?: string;
}
