import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import { apiKeyStream, type ApiKeyEvent } from './key-events';
import type { SecurityLogStore } from './stores/security-log-store';
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
 * The security log: key management and personal-data events, in a store of their own (hash-chained like the
 * ledger's log) so that the published-figure log and its projections only ever see the ledger's own facts.
 */
export class SecurityLog {
  constructor(readonly store: SecurityLogStore) {}

  appendKeyEvent(event: ApiKeyEvent, actor: string): Promise<RecordedEvent> {
    return this.store.append(
      apiKeyStream(event.data.keyId),
      { eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: event.data, actor },
      event.type === 'ApiKeyCreated' ? 'no_stream' : 'stream_exists',
    );
  }

  async appendSubjectEvent(event: SubjectEvent, actor: string): Promise<void> {
    await this.store.append(
      subjectStream(event.data.subject),
      { eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: event.data, actor },
      'any',
    );
  }

  async subjectEvents(subject: string): Promise<(RecordedEvent & SubjectEvent)[]> {
    return (await this.store.readStream(subjectStream(subject), 10_000)) as (RecordedEvent & SubjectEvent)[];
  }

  /** A page of the security log, for auditors. */
  read(after: number, limit: number): Promise<RecordedEvent[]> {
    return this.store.readAfter(after, limit);
  }
}
