import { TRAINING_FORMATS, type TrainingFormat, type TrainingSessionDetails } from '@ledger/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AgencyDto } from '../../dto/agency.dto';
import { AggregateId, BusinessTime, CountryCode, Text } from '../../dto/field-rules';

export const MAX_AGENCIES = 50;
export const MAX_TOPICS = 50;
export const MAX_PARTICIPANTS = 1_000_000;

/** Every field a session has; all optional in a correction. */
export class TrainingDetailsDto implements Partial<TrainingSessionDetails> {
  @BusinessTime('date', 'Date the session was delivered (its first day).', '2024-03-05')
  readonly deliveredOn!: string;

  @BusinessTime('date', 'Last day, for multi-day sessions.', '2024-03-06', true)
  readonly endsOn?: string;

  @CountryCode('Country where the session took place (ISO 3166-1 alpha-2).')
  readonly country!: string;

  @Text('City where the session took place.', 100, 'Ciudad de México', true)
  readonly city?: string;

  @ApiProperty({ enum: [...TRAINING_FORMATS], example: 'in_person' })
  @IsIn([...TRAINING_FORMATS], { message: `format must be one of ${TRAINING_FORMATS.join(', ')}` })
  readonly format!: TrainingFormat;

  @ApiProperty({ type: [AgencyDto], minItems: 1, maxItems: MAX_AGENCIES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_AGENCIES)
  @ValidateNested({ each: true })
  @Type(() => AgencyDto)
  readonly agencies!: AgencyDto[];

  @ApiProperty({ description: 'Number of people trained.', example: 35, minimum: 1, maximum: MAX_PARTICIPANTS })
  @IsInt()
  @Min(1)
  @Max(MAX_PARTICIPANTS)
  readonly participants!: number;

  @ApiProperty({ type: [String], example: ['blockchain tracing', 'freezing procedures'], maxItems: MAX_TOPICS })
  @IsArray()
  @ArrayMaxSize(MAX_TOPICS)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  readonly topics!: string[];

  @Text('Co-organiser, e.g. INTERPOL.', 200, 'INTERPOL', true)
  readonly partner?: string;
}

export class RecordTrainingDto extends TrainingDetailsDto {
  @AggregateId('Id of the new session; derived from the Idempotency-Key (or random) when absent.', '2024-cdmx-01', true)
  readonly trainingId?: string;
}

