import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { Text } from '../dto/field-rules';

const MAX_DETAIL_FIELDS = 50;

/** Personal details: a flat object of short texts (name, date of birth, address...). */
function IsDetails(): PropertyDecorator {
  return ValidateBy({
    name: 'isDetails',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length >= 1 &&
        Object.keys(value).length <= MAX_DETAIL_FIELDS &&
        Object.entries(value).every(([k, v]) => /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k) && typeof v === 'string' && v.length <= 1000),
      defaultMessage: () =>
        `details must be an object of 1-${MAX_DETAIL_FIELDS} fields (names of letters, digits, _), each a text of at most 1000 characters`,
    },
  });
}

export class RecordSubjectDto {
  @ApiProperty({
    description: 'The raw identifier of the person or account (e.g. the exchange user id). Only its keyed pseudonym is kept.',
    example: 'UID-48121377',
  })
  @IsDefined({ message: 'subjectId is required' })
  @IsString()
  @Matches(/\S/, { message: 'subjectId must not be blank' })
  @MaxLength(200)
  readonly subjectId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Personal details to keep, sealed with the subject’s own key.',
    example: { name: 'A. Person' },
  })
  @IsDefined({ message: 'details is required' })
  @IsDetails()
  readonly details!: Record<string, string>;
}

export class EraseSubjectDto {
  @Text('Why: the request or rule behind the erasure.', 1000, 'data subject request 2025-118')
  readonly reason!: string;
}

export class SubjectRecordedView {
  @ApiProperty({ description: 'The keyed pseudonym of the subject (never the raw identifier)' })
  readonly subject!: string;

  @ApiProperty({ example: '/v1/subjects/3f…' })
  readonly href!: string;
}

export class SubjectRecordView {
  @ApiProperty({ format: 'date-time' })
  readonly recordedAt!: string;

  @ApiProperty({ description: 'The principal that recorded them' })
  readonly recordedBy!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The details, opened with the subject’s key' })
  readonly details!: Record<string, string>;
}

export class SubjectDetailsView {
  @ApiProperty()
  readonly subject!: string;

  @ApiProperty({ type: [SubjectRecordView] })
  readonly records!: SubjectRecordView[];
}

export class SubjectErasedView {
  @ApiProperty()
  readonly subject!: string;

  @ApiProperty({ format: 'date-time' })
  readonly erasedAt!: string;

  @ApiProperty({ description: 'False when the key had already been destroyed' })
  readonly keyDestroyed!: boolean;
}
