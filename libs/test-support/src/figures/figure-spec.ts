import type { LedgerEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { ContributionDraft, FigureDefinition } from '@ledger/figures';

/** An event as a figure spec gives it: the domain's event, with the envelope fields a definition may read. */
export type GivenEvent = LedgerEvent & {
  readonly stream?: string;
  readonly recordedAt?: string;
  readonly metadata?: Record<string, unknown>;
};

let counter = 0;
function recorded(event: GivenEvent): RecordedEvent {
  const position = ++counter;
  const recordedAt = event.recordedAt ?? '2024-06-30T12:00:00.000Z';
  return {
    position,
    stream: event.stream ?? 'spec-stream',
    revision: 0,
    eventId: `00000000-0000-4000-9000-${String(position).padStart(12, '0')}`,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: { actor: 'service:test', ...event.metadata, recordedAt, contentHash: '', prevHash: '' },
  };
}

/**
 * Given/when/then for figure definitions, with no store and no projector: the given events are applied in order to
 * their entities' states, then the event `when` names must make these contributions (and leave this state).
 *   figureSpec(trainingsFigureV2).given([recordedSession]).when(withdrawn).then([...negatedContributions])
 */
export function figureSpec<S>(definition: FigureDefinition<S>) {
  return {
    given(history: readonly GivenEvent[]) {
      return {
        when(event: GivenEvent) {
          const run = () => {
            const states = new Map<string, S | undefined>();
            // As the projector does: the event's entity, and the related ones its definition names.
            const apply = (next: RecordedEvent) => {
              const entity = definition.entityOf(next);
              const state = states.get(entity);
              const keys = definition.relatedOf?.(next, state) ?? [];
              const applied = definition.apply(next, state, new Map(keys.map((key) => [key, states.get(key)])));
              states.set(entity, applied.state);
              for (const [key, after] of applied.related ?? []) states.set(key, after);
              return applied;
            };
            for (const given of history.map(recorded)) apply(given);
            return apply(recorded(event));
          };
          return {
            then(contributions: readonly ContributionDraft[], state?: S) {
              const applied = run();
              expect(applied.contributions).toEqual(contributions);
              if (state !== undefined) expect(applied.state).toEqual(state);
            },
            thenThrows(message: string | RegExp) {
              expect(run).toThrow(message);
            },
          };
        },
      };
    },
  };
}
