import { REQUEST_OUTCOMES, type RequestOutcome } from '@ledger/domain';
import { BusinessTime, OneOf, Text } from '../../dto/field-rules';

export class SupplementAnswerDto {
  @OneOf(REQUEST_OUTCOMES, "The request's outcome after this supplement.", 'disclosed')
  readonly outcome!: RequestOutcome;

  @BusinessTime(
    'instant',
    'When the supplement was sent; at or after the answer. The time of recording when absent.',
    '2024-03-12T10:00:00Z',
    true,
  )
  readonly supplementedAt?: string;

  @Text('What the supplement added.', 1000, 'statements of the second account', true)
  readonly note?: string;
}
