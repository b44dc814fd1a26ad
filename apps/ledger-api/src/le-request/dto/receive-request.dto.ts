import { REQUEST_KINDS, type RequestKind } from '@ledger/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, ValidateNested } from 'class-validator';
import { AgencyDto } from '../../dto/agency.dto';
import { AggregateId, BusinessTime, Text } from '../../dto/field-rules';

export class ReceiveRequestDto {
  @AggregateId('Id of the request; derived from the Idempotency-Key (or random) when absent.', 'fgr-2024-000123', true)
  readonly requestId?: string;

  @ApiProperty({ type: AgencyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AgencyDto)
  readonly agency!: AgencyDto;

  @ApiProperty({ enum: [...REQUEST_KINDS], example: 'information' })
  @IsIn([...REQUEST_KINDS], { message: `kind must be one of ${REQUEST_KINDS.join(', ')}` })
  readonly kind!: RequestKind;

  @BusinessTime('instant', 'When the request arrived.', '2024-03-05T14:30:00Z')
  readonly receivedAt!: string;

  @BusinessTime('either', 'Deadline set by the agency, if any.', '2024-03-15', true)
  readonly dueBy?: string;

  @Text("The agency's own reference (case or letter number).", 200, 'FGR/UEIDF/123/2024')
  readonly reference!: string;
}
