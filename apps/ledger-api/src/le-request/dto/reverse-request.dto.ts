import { Text } from '../../dto/field-rules';

export class ReverseRequestDto {
  @Text(
    'Why the record was made in error (no such request arrived). A request the agency took back is a withdrawal instead.',
    1000,
    'test entry made in production',
  )
  readonly reason!: string;
}
