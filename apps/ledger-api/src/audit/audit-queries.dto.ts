import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { QueryWholeNumber } from '../dto/field-rules';

export class TreeHeadsQuery {
  @QueryWholeNumber('Heads of a tree size strictly greater than this; from the first when absent.', 0)
  readonly afterSize?: number;

  @QueryWholeNumber('Heads per page.', 1, 1000, 100)
  readonly limit?: number;
}

export class InclusionProofQuery {
  @QueryWholeNumber('Log position of the event (give this or eventId).', 1)
  readonly position?: number;

  @ApiPropertyOptional({ description: 'Event id (UUID) of the event (give this or position); found in the event id index.' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'eventId must be a UUID' })
  readonly eventId?: string;

  @QueryWholeNumber('Tree size of the signed head to prove against; the latest head when absent.', 1)
  readonly treeSize?: number;
}

export class ConsistencyProofQuery {
  @QueryWholeNumber('Tree size of the earlier signed head.', 0)
  readonly first!: number;

  @QueryWholeNumber('Tree size of the later signed head; the latest head when absent.', 0)
  readonly second?: number;
}

export class AttestationRequest {
  @ApiProperty({ description: 'Figure name, e.g. trainings', example: 'trainings' })
  @IsString({ message: 'figure must be a figure name' })
  @MaxLength(100)
  readonly figure!: string;

  @ApiPropertyOptional({
    description:
      'Figure query parameters as in GET /v1/figures/{name} (groupBy, year, month, from, asOf, dimension filters); knownAt is set to the tree head.',
    example: { groupBy: 'year,country' },
  })
  @IsOptional()
  @IsObject({ message: 'query must be an object of figure query parameters' })
  readonly query?: Record<string, string>;
}
