import { fold, trainingDecider, type TrainingSessionCorrected, type TrainingSessionRecorded, type TrainingSessionWithdrawn } from '@ledger/domain';

const recorded: TrainingSessionRecorded = {
  type: 'TrainingSessionRecorded',
  schemaVersion: 1,
  data: {
    trainingId: 'mx-1',
    deliveredOn: '2024-06-12',
    country: 'MX',
    format: 'in_person',
    agencies: [{ name: 'Guardia Nacional', kind: 'police', country: 'MX' }],
    participants: 35,
    topics: [],
  },
};
const { trainingId: _id, ...details } = recorded.data;
const corrected: TrainingSessionCorrected = {
  type: 'TrainingSessionCorrected',
  schemaVersion: 1,
  data: { trainingId: 'mx-1', changes: { participants: 36, city: 'Mexico City' }, replaces: { participants: 35 }, reason: 'r', correctedAt: '2024-06-20T00:00:00Z' },
};
const withdrawn: TrainingSessionWithdrawn = { type: 'TrainingSessionWithdrawn', schemaVersion: 1, data: { trainingId: 'mx-1', reason: 'r', withdrawnAt: '2024-06-21T00:00:00Z' } };

describe('evolveTraining', () => {
  it('starts with no training', () => expect(trainingDecider.initialState).toEqual({ status: 'none' }));

  it('holds the recorded details apart from the id', () => expect(fold(trainingDecider, [recorded])).toEqual({ status: 'recorded', trainingId: 'mx-1', details }));

  it('applies a correction over the recorded details', () =>
    expect(fold(trainingDecider, [recorded, corrected])).toEqual({ status: 'recorded', trainingId: 'mx-1', details: { ...details, participants: 36, city: 'Mexico City' } }));

  it('keeps the corrected details when withdrawn', () =>
    expect(fold(trainingDecider, [recorded, corrected, withdrawn])).toEqual({
      status: 'withdrawn',
      trainingId: 'mx-1',
      details: { ...details, participants: 36, city: 'Mexico City' },
    }));

  it('does not throw on a correction or withdrawal with no recording before it', () => {
    expect(fold(trainingDecider, [corrected])).toEqual({ status: 'none' });
    expect(fold(trainingDecider, [withdrawn])).toEqual({ status: 'none' });
  });
});
