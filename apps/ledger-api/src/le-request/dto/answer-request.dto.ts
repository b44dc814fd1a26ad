import { REQUEST_OUTCOMES, type RequestOutcome } from '@ledger/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { BusinessTime } from '../../dto/field-rules';

export class AnswerRequestDto {
  @BusinessTime('instant', 'When the answer was sent; at or after receipt.', '2024-03-07T10:00:00Z')
  readonly answeredAt!: string;

  @ApiProperty({ enum: [...REQUEST_OUTCOMES], example: 'disclosed' })
  @IsIn([...REQUEST_OUTCOMES], { message: `outcome must be one of ${REQUEST_OUTCOMES.join(', ')}` })
  readonly outcome!: RequestOutcome;
}
