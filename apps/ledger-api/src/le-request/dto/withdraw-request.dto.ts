import { BusinessTime, Text } from '../../dto/field-rules';

export class WithdrawRequestDto {
  @Text('Why the agency withdrew the request.', 1000, 'the agency closed its case')
  readonly reason!: string;

  @BusinessTime('instant', 'When it was withdrawn; the time of recording when absent.', '2024-03-06T09:00:00Z', true)
  readonly withdrawnAt?: string;
}
