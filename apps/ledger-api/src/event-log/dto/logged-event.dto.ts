import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LoggedEventMetadata {
  @ApiProperty({ description: 'Authenticated principal that issued the command.' })
  readonly actor!: string;

  @ApiPropertyOptional({ description: 'The command (Idempotency-Key) that produced the event.' })
  readonly commandId?: string;

  @ApiPropertyOptional()
  readonly correlationId?: string;

  @ApiPropertyOptional()
  readonly causationId?: string;

  @ApiProperty({ format: 'date-time', description: 'When the ledger recorded the event.' })
  readonly recordedAt!: string;

  @ApiProperty({ description: "Hex SHA-256 of the event's canonical content." })
  readonly contentHash!: string;

  @ApiProperty({ description: 'contentHash of the previous event in the stream; 64 zeros for the first.' })
  readonly prevHash!: string;
}

/** An event as stored, with its place in the log and its integrity fields. */
export class LoggedEvent {
  @ApiProperty({ description: 'Position in the global log.' })
  readonly position!: number;

  @ApiProperty({ example: 'training-2024-cdmx-01' })
  readonly stream!: string;

  @ApiProperty({ description: '0-based index in its stream.' })
  readonly revision!: number;

  @ApiProperty({ format: 'uuid' })
  readonly eventId!: string;

  @ApiProperty({ example: 'TrainingSessionRecorded' })
  readonly type!: string;

  @ApiProperty({ example: 1 })
  readonly schemaVersion!: number;

  @ApiProperty({ type: 'object', additionalProperties: true })
  readonly data!: Record<string, unknown>;

  @ApiProperty({ type: LoggedEventMetadata })
  readonly metadata!: LoggedEventMetadata;
}

export class StreamPage {
  @ApiProperty()
  readonly stream!: string;

  @ApiProperty({ enum: ['forwards', 'backwards'] })
  readonly direction!: 'forwards' | 'backwards';

  @ApiProperty({ type: [LoggedEvent] })
  readonly events!: LoggedEvent[];

  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `from` for the next page; null when this page reaches the end.' })
  readonly next!: number | null;
}

export class LogPage {
  @ApiProperty({ type: [LoggedEvent] })
  readonly events!: LoggedEvent[];

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Pass as `after` for the next page; null when this page reaches the head of the log.',
  })
  readonly next!: number | null;
}
