import { ApiProperty } from '@nestjs/swagger';

export class AppendedEvent {
  @ApiProperty({ format: 'uuid' })
  readonly eventId!: string;

  @ApiProperty({ example: 'TrainingSessionRecorded' })
  readonly type!: string;

  @ApiProperty({ example: 0, description: '0-based index of the event in its stream.' })
  readonly revision!: number;

  @ApiProperty({ example: 42, description: 'Position in the global log (GET /v1/events?after=).' })
  readonly position!: number;
}

/** 201 answer to every command; a retry with the same Idempotency-Key gets the same body back. */
export class CommandAccepted {
  @ApiProperty({ description: 'The Idempotency-Key when one was sent, else a fresh UUID.' })
  readonly commandId!: string;

  @ApiProperty({ example: 'training-2024-cdmx-01' })
  readonly stream!: string;

  @ApiProperty({ type: [AppendedEvent] })
  readonly events!: AppendedEvent[];
}
