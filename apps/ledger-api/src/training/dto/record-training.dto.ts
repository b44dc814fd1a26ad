import { MAX_PARTICIPANTS, TRAINING_FORMATS, type TrainingFormat, type TrainingSessionDetails } from '@ledger/domain';
import { AgencyDto } from '../../dto/agency.dto';
import { AggregateId, BusinessTime, CountryCode, ListOf, OneOf, Text, TextList, WholeNumber } from '../../dto/field-rules';

export const MAX_AGENCIES = 50;
export const MAX_TOPICS = 50;
export { MAX_PARTICIPANTS };

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

  @OneOf(TRAINING_FORMATS, 'How the session was delivered.', 'in_person')
  readonly format!: TrainingFormat;

  @ListOf(() => AgencyDto, 'Agencies whose officers attended.', 1, MAX_AGENCIES)
  readonly agencies!: AgencyDto[];

  @WholeNumber('Number of people trained.', 35, 1, MAX_PARTICIPANTS)
  readonly participants!: number;

  @TextList('Topics covered.', MAX_TOPICS, 200, ['blockchain tracing', 'freezing procedures'])
  readonly topics!: string[];

  @Text('Co-organiser, e.g. INTERPOL.', 200, 'INTERPOL', true)
  readonly partner?: string;
}

export class RecordTrainingDto extends TrainingDetailsDto {
  @AggregateId('Id of the new session; derived from the Idempotency-Key (or random) when absent.', '2024-cdmx-01', true)
  readonly trainingId?: string;
}
