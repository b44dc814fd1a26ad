import { Text } from '../../dto/field-rules';

export class WithdrawTrainingDto {
  @Text('Why the session is withdrawn (it never took place, duplicate entry, ...).', 1000, 'duplicate of training 2024-cdmx-01')
  readonly reason!: string;
}
