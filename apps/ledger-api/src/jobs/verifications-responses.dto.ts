import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VerifyMismatchView, VerifyReportView } from '../audit/audit-responses.dto';

// Response schemas of the verification routes, for the OpenAPI document (the values come from VerifyJobs).

export class VerifyProgressView {
  @ApiProperty({ description: 'Events checked so far' })
  readonly eventsChecked!: number;

  @ApiProperty({ description: 'Events (Merkle leaves) the job checks in all' })
  readonly of!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Log position of the last event checked' })
  readonly position!: number | null;
}

export class VerifyJobView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({
    enum: ['running', 'done', 'failed'],
    description: 'failed: the job could not run (e.g. the store was unreachable); a mismatch is a done job whose result is not ok',
  })
  readonly state!: 'running' | 'done' | 'failed';

  @ApiProperty({ description: 'The principal who asked, or `system` for the pass at start and after a worker restart' })
  readonly requestedBy!: string;

  @ApiProperty({ format: 'date-time' })
  readonly startedAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  readonly finishedAt?: string;

  @ApiProperty({ type: () => VerifyProgressView })
  readonly progress!: VerifyProgressView;

  @ApiPropertyOptional({ type: () => VerifyReportView, description: 'Once done: the full report' })
  readonly result?: VerifyReportView;

  @ApiPropertyOptional({ description: 'Why the job could not run' })
  readonly error?: string;
}

export class FullVerificationView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly ok!: boolean;

  @ApiProperty({ format: 'date-time' })
  readonly finishedAt!: string;

  @ApiProperty()
  readonly eventsChecked!: number;

  @ApiProperty()
  readonly seconds!: number;

  @ApiProperty()
  readonly eventsPerSecond!: number;
}

export class LatestVerificationView {
  @ApiProperty({ description: 'True when every event checked so far, its chain, leaf and every signed root matched' })
  readonly ok!: boolean;

  @ApiProperty({ description: 'Events (Merkle leaves) verified' })
  readonly eventsChecked!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Log position of the last event verified' })
  readonly lastPosition!: number | null;

  @ApiProperty({ description: 'Leaves the stored Merkle log has now: eventsChecked is behind by the difference' })
  readonly treeSize!: number;

  @ApiProperty()
  readonly streamsChecked!: number;

  @ApiProperty()
  readonly treeHeadsChecked!: number;

  @ApiProperty({ description: 'Root recomputed from the events verified (hex)' })
  readonly rootHash!: string;

  @ApiProperty({ format: 'date-time', description: 'When the verifier last checked' })
  readonly checkedAt!: string;

  @ApiProperty({ description: 'Seconds since checkedAt' })
  readonly ageSeconds!: number;

  @ApiPropertyOptional({ type: () => VerifyMismatchView, description: 'The first event that does not match' })
  readonly firstMismatch?: VerifyMismatchView;

  @ApiProperty({ type: () => FullVerificationView, nullable: true, description: 'The last full verification job, once one finished' })
  readonly fullVerification!: FullVerificationView | null;

  @ApiProperty({ type: String, nullable: true, description: 'Id of the full verification running now' })
  readonly runningJob!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The projector beside the log: figures can be stale while the log verifies',
  })
  readonly projection!: Record<string, unknown>;
}
