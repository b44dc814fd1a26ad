import { Text } from '../../dto/field-rules';

export class ReverseIncidentDto {
  @Text(
    'Why the incident was recorded in error; it and its recoveries drop out of every figure.',
    1000,
    'reported twice; inc-2024-007 stands',
  )
  readonly reason!: string;
}
