import { REQUEST_KINDS, type RequestKind } from '@ledger/domain';
import { AgencyDto } from '../../dto/agency.dto';
import { BusinessTime, Nested, OneOf, RemovableBusinessTime, Text } from '../../dto/field-rules';

/** Only the fields that change; the ledger records what they replace. */
export class RequestChangesDto {
  @Nested(() => AgencyDto, 'The agency that sent the request, as a whole.', true)
  readonly agency?: AgencyDto;

  @OneOf(REQUEST_KINDS, 'What the agency asks for.', 'freeze', true)
  readonly kind?: RequestKind;

  @BusinessTime('instant', 'When the request arrived.', '2024-03-05T14:30:00Z', true)
  readonly receivedAt?: string;

  @RemovableBusinessTime('either', 'Deadline set by the agency; null removes a deadline recorded in error.', '2024-03-15')
  readonly dueBy?: string | null;

  @Text("The agency's own reference (case or letter number).", 200, 'FGR/UEIDF/123/2024', true)
  readonly reference?: string;
}

export class CorrectRequestDto {
  @Nested(() => RequestChangesDto, 'The corrected fields and their new values (at least one).')
  readonly changes!: RequestChangesDto;

  @Text('Why the record was wrong.', 1000, 'the reference was copied from the covering letter, not the order')
  readonly reason!: string;
}
