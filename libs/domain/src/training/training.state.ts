import { assertNever } from '../shared/domain-event';
import type { TrainingEvent, TrainingSessionDetails } from './training.events';

export type TrainingState =
  | { readonly status: 'none' }
  | { readonly status: 'recorded'; readonly trainingId: string; readonly details: TrainingSessionDetails }
  | { readonly status: 'withdrawn'; readonly trainingId: string; readonly details: TrainingSessionDetails };

export const initialTrainingState: TrainingState = { status: 'none' };

export function evolveTraining(state: TrainingState, event: TrainingEvent): TrainingState {
  switch (event.type) {
    case 'TrainingSessionRecorded': {
      const { trainingId, ...details } = event.data;
      return { status: 'recorded', trainingId, details };
    }
    case 'TrainingSessionCorrected':
      if (state.status === 'none') return state;
      return { ...state, details: { ...state.details, ...event.data.changes } };
    case 'TrainingSessionWithdrawn':
      if (state.status === 'none') return state;
      return { status: 'withdrawn', trainingId: state.trainingId, details: state.details };
    default:
      return assertNever(event, 'training event');
  }
}
