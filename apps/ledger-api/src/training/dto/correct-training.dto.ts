import { PartialType } from '@nestjs/swagger';
import { Nested, Text } from '../../dto/field-rules';
import { TrainingDetailsDto } from './record-training.dto';

/** Only the fields that change; the ledger records what they replace. */
export class TrainingChangesDto extends PartialType(TrainingDetailsDto) {}

export class CorrectTrainingDto {
  @Nested(() => TrainingChangesDto, 'The corrected fields and their new values (at least one).')
  readonly changes!: TrainingChangesDto;

  @Text('Why the record was wrong.', 1000, 'participant count was taken from the invitation, not the attendance sheet')
  readonly reason!: string;
}
