import { fold, leRequestDecider } from '@ledger/domain';
import { requestAnswered, requestReceived, requestWithdrawn } from '@ledger/test-support';

const received = requestReceived({ agency: { name: 'DEA', kind: 'police', country: 'US' }, kind: 'seizure', reference: 'DEA-1' });
const answered = requestAnswered();
const withdrawn = requestWithdrawn({ reason: 'duplicate' });

describe('evolveLeRequest', () => {
  it('starts with no request', () => expect(leRequestDecider.initialState).toEqual({ status: 'none' }));

  it('opens a request on receipt', () => expect(fold(leRequestDecider, [received])).toEqual({ status: 'open', request: received.data }));

  it('records the answer', () =>
    expect(fold(leRequestDecider, [received, answered])).toEqual({
      status: 'answered',
      request: received.data,
      answeredAt: '2024-06-12T10:00:00Z',
      outcome: 'disclosed',
    }));

  it('records the withdrawal', () =>
    expect(fold(leRequestDecider, [received, withdrawn])).toEqual({
      status: 'withdrawn',
      request: received.data,
      withdrawnAt: '2024-06-11T00:00:00Z',
    }));

  it('does not throw on an answer or withdrawal with no request before it', () => {
    expect(fold(leRequestDecider, [answered])).toEqual({ status: 'none' });
    expect(fold(leRequestDecider, [withdrawn])).toEqual({ status: 'none' });
  });
});
