import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ImportLineFailure {
  @ApiProperty({ description: '1-based line number in the body.' })
  readonly line!: number;

  @ApiProperty({ example: 'freeze.exceeds_held' })
  readonly code!: string;

  @ApiProperty()
  readonly message!: string;
}

export class ImportLineRange {
  @ApiProperty()
  readonly from!: number;

  @ApiProperty()
  readonly to!: number;
}

/** What a bulk import did, line by line. */
export class ImportReportDto {
  @ApiProperty({ description: 'True when every line was appended or was a retry of one already appended.' })
  readonly ok!: boolean;

  @ApiProperty({ description: 'Non-blank lines read.' })
  readonly lines!: number;

  @ApiProperty()
  readonly bytes!: number;

  @ApiProperty({ description: 'Commands that appended events.' })
  readonly appended!: number;

  @ApiProperty({ description: 'Commands already executed under their idempotency key: nothing appended again.' })
  readonly replayed!: number;

  @ApiProperty({ description: 'Events appended.' })
  readonly events!: number;

  @ApiProperty()
  readonly failedLines!: number;

  @ApiProperty({ description: 'Well-formed lines not appended because their batch (or an earlier one) failed.' })
  readonly notAppended!: number;

  @ApiProperty({ description: 'All-or-nothing batches handed to the ledger.' })
  readonly batches!: number;

  @ApiProperty({ type: [ImportLineFailure] })
  readonly failed!: ImportLineFailure[];

  @ApiPropertyOptional({ description: 'First line of the batch that failed, when the import stopped there.' })
  readonly stoppedAtLine?: number;

  @ApiProperty({
    type: [ImportLineRange],
    description: 'Exactly which lines are in the log (appended or replayed): inclusive line ranges; every other non-blank line is not.',
    example: [{ from: 1, to: 500 }],
  })
  readonly linesInLog!: ImportLineRange[];
}
