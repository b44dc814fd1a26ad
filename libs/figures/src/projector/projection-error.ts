import type { RecordedEvent } from '@ledger/event-store';

/**
 * An event a projection cannot apply. The projector stops on it (it never skips): nothing of the batch it was in
 * is written, so the store stays at the previous checkpoint until the event's problem is fixed.
 */
export class ProjectionError extends Error {
  readonly code = 'figures.projection_failed';
  readonly position: number;
  readonly stream: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;

  constructor(
    readonly figure: string | undefined,
    event: RecordedEvent,
    reason: string,
    override readonly cause?: unknown,
  ) {
    super(
      `${figure ? `projection ${figure}` : 'projector'} stopped at event ${event.eventId} (position ${event.position}, stream ${event.stream}, ` +
        `type ${event.type} v${event.schemaVersion}): ${reason}`,
    );
    this.name = 'ProjectionError';
    this.position = event.position;
    this.stream = event.stream;
    this.eventId = event.eventId;
    this.eventType = event.type;
    this.schemaVersion = event.schemaVersion;
  }
}
