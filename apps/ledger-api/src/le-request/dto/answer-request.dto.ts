import { REQUEST_OUTCOMES, type RequestOutcome } from '@ledger/domain';
import { BusinessTime, OneOf } from '../../dto/field-rules';

export class AnswerRequestDto {
  @BusinessTime('instant', 'When the answer was sent; at or after receipt.', '2024-03-07T10:00:00Z')
  readonly answeredAt!: string;

  @OneOf(REQUEST_OUTCOMES, 'What the answer gave the agency.', 'disclosed')
  readonly outcome!: RequestOutcome;
}
