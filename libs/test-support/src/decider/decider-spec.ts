import type { Citations, Command, Decider, DomainEvent } from '@ledger/domain';
import { DomainError } from '@ledger/domain';

/**
 * Given/when/then for deciders:
 *   spec(trainingDecider).given([recorded]).when(withdraw).then([withdrawn])
 *   spec(trainingDecider).given([]).when(withdraw).thenThrows('training.not_found')
 */
export function spec<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => {
            const state = events.reduce(decider.evolve, decider.initialState);
            return decider.decide(command, state);
          };
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string, kind?: DomainError['kind']) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (kind) expect((caught as DomainError).kind).toBe(kind);
            },
          };
        },
      };
    },
  };
}

/** A fixed decision time for deterministic tests. */
export const NOW = '2024-06-30T12:00:00.000Z';
export const context = (now = NOW, actor = 'service:test', cited?: Citations) => ({ now, actor, ...(cited && { cited }) });

/** A context in which the given streams (`request-r1`, ...) are cited with these statuses. */
export const citing = (cited: Citations, now = NOW) => context(now, 'service:test', cited);
