import type { DomainEvent } from '../shared/domain-event';
import type { EventSchema } from '../shared/upcasting';
import type { Agency } from '../shared/types';

export const TRAINING_FORMATS = ['in_person', 'virtual', 'hybrid'] as const;
export type TrainingFormat = (typeof TRAINING_FORMATS)[number];

export interface TrainingSessionDetails {
  /** ISO date the session (first day) was delivered. */
  readonly deliveredOn: string;
  /** ISO date of the last day, for multi-day sessions. */
  readonly endsOn?: string;
  /** ISO 3166-1 alpha-2 */
  readonly country: string;
  readonly city?: string;
  readonly format: TrainingFormat;
  readonly agencies: readonly Agency[];
  readonly participants: number;
  readonly topics: readonly string[];
  /** Co-organiser, e.g. INTERPOL. */
  readonly partner?: string;
}

export type TrainingSessionRecorded = DomainEvent<'TrainingSessionRecorded', TrainingSessionDetails & { readonly trainingId: string }, 1>;

/** A correction replaces some recorded fields; it says what it replaces and why. The actor is in the metadata. */
export type TrainingSessionCorrected = DomainEvent<
  'TrainingSessionCorrected',
  {
    readonly trainingId: string;
    readonly changes: Partial<TrainingSessionDetails>;
    /** The values the changed fields had before this correction. */
    readonly replaces: Partial<TrainingSessionDetails>;
    readonly reason: string;
    readonly correctedAt: string;
  },
  1
>;

export type TrainingSessionWithdrawn = DomainEvent<
  'TrainingSessionWithdrawn',
  { readonly trainingId: string; readonly reason: string; readonly withdrawnAt: string },
  1
>;

export type TrainingEvent = TrainingSessionRecorded | TrainingSessionCorrected | TrainingSessionWithdrawn;
export const TRAINING_EVENT_TYPES = ['TrainingSessionRecorded', 'TrainingSessionCorrected', 'TrainingSessionWithdrawn'] as const;

/** Current schema version of each training event, with the upcasters that read older ones (none yet: every event is at 1). */
export const TRAINING_EVENT_SCHEMAS: Readonly<Record<TrainingEvent['type'], EventSchema>> = {
  TrainingSessionRecorded: { current: 1 },
  TrainingSessionCorrected: { current: 1 },
  TrainingSessionWithdrawn: { current: 1 },
};
