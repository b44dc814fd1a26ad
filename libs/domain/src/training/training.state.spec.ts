import { fold, trainingDecider } from '@ledger/domain';
import { trainingCorrected, trainingRecorded, trainingWithdrawn } from '@ledger/test-support';

const recorded = trainingRecorded();
const { trainingId: _id, ...details } = recorded.data;
const corrected = trainingCorrected({
  changes: { participants: 36, city: 'Mexico City' },
  replaces: { participants: 35 },
  reason: 'r',
  correctedAt: '2024-06-20T00:00:00Z',
});
const withdrawn = trainingWithdrawn({ reason: 'r', withdrawnAt: '2024-06-21T00:00:00Z' });

describe('evolveTraining', () => {
  it('starts with no training', () => expect(trainingDecider.initialState).toEqual({ status: 'none' }));

  it('holds the recorded details apart from the id', () =>
    expect(fold(trainingDecider, [recorded])).toEqual({ status: 'recorded', trainingId: 'mx-1', details }));

  it('applies a correction over the recorded details', () =>
    expect(fold(trainingDecider, [recorded, corrected])).toEqual({
      status: 'recorded',
      trainingId: 'mx-1',
      details: { ...details, participants: 36, city: 'Mexico City' },
    }));

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
