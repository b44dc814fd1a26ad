import { REQUEST_KINDS, type RequestKind } from '@ledger/domain';
import { AgencyDto } from '../../dto/agency.dto';
import { AggregateId, BusinessTime, Nested, OneOf, Text } from '../../dto/field-rules';

export class ReceiveRequestDto {
  @AggregateId('Id of the request; derived from the Idempotency-Key (or random) when absent.', 'fgr-2024-000123', true)
  readonly requestId?: string;

  @Nested(() => AgencyDto, 'The agency that sent the request.')
  readonly agency!: AgencyDto;

  @OneOf(REQUEST_KINDS, 'What the agency asks for.', 'information')
  readonly kind!: RequestKind;

  @BusinessTime('instant', 'When the request arrived.', '2024-03-05T14:30:00Z')
  readonly receivedAt!: string;

  @BusinessTime('either', 'Deadline set by the agency, if any.', '2024-03-15', true)
  readonly dueBy?: string;

  @Text("The agency's own reference (case or letter number).", 200, 'FGR/UEIDF/123/2024')
  readonly reference!: string;
}
