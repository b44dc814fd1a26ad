import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { apiKeyStream, type ApiKeyEvent } from './key-events';
import type { SealedDetails } from './subject-vault';

/** Personal details of a subject, sealed with its key; recorded in the security log, stream `subject-<pseudonym>`. */
export type SubjectDetailsRecorded = {
  readonly type: 'SubjectDetailsRecorded';
  readonly schemaVersion: 1;
  readonly data: { readonly subject: string; readonly details: SealedDetails; readonly recordedAt: string };
};

/** The subject's key was destroyed: its sealed details can no longer be read. */
export type SubjectKeyErased = {
  readonly type: 'SubjectKeyErased';
  readonly schemaVersion: 1;
  readonly data: { readonly subject: string; readonly erasedAt: string; readonly reason: string };
};

export type SubjectEvent = SubjectDetailsRecorded | SubjectKeyErased;

export function subjectStream(subject: string): string {
  return `subject-${subject}`;
}

/**
 * The security log: key management and personal-data events, in an event store of their own (same adapter, same
 * hash chains) so that the published-figure log and its projections only ever see the ledger's own facts.
 */
export class SecurityLog {
  constructor(readonly store: EventStore) {}

  async appendKeyEvent(event: ApiKeyEvent, actor: string): Promise<RecordedEvent> {
    const stream = apiKeyStream(event.data.keyId);
    await this.store.appendToStream(stream, [{ eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: { actor } }], {
      expectedRevision: event.type === 'ApiKeyCreated' ? 'no_stream' : 'stream_exists',
    });
    const [recorded] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return recorded;
  }

  async appendSubjectEvent(event: SubjectEvent, actor: string): Promise<void> {
    await this.store.appendToStream(
      subjectStream(event.data.subject),
      [{ eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: { actor } }],
      { expectedRevision: 'any' },
    );
  }

  async subjectEvents(subject: string): Promise<(RecordedEvent & SubjectEvent)[]> {
    return (await this.store.readStream(subjectStream(subject), { maxCount: 10_000 })) as (RecordedEvent & SubjectEvent)[];
  }

  /** A page of the security log, for auditors. */
  read(after: number, limit: number): Promise<RecordedEvent[]> {
    return this.store.readAll({ after, limit });
  }
}
