import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';

/** A knownAt-by-time answer names the last event behind the figure known by then, not the head of the log. */
describe('knownAt by time: the log point in the answer', () => {
  let h: FiguresHarness;
  beforeEach(() => (h = new FiguresHarness({ positionBucketSize: 4 })));
  afterEach(() => h.close());
  const point = async (knownAt: string, figure = 'trainings') => (await h.answer(figure, { knownAt })).knownAt;

  it('is the last event known by then, out of log order, and position 0 before anything was known', async () => {
    // Positions 1..30, all recorded by the ledger on 2025-01-01: odd ones known since 2022, even ones since 2024
    // (imported history), and 17 since 2021.
    for (let i = 1; i <= 30; i++) {
      const knownSince = i === 17 ? '2021-06-01T00:00:00.000Z' : i % 2 === 1 ? '2022-01-01T00:00:00.000Z' : '2024-01-01T00:00:00.000Z';
      h.events.add({
        ...e.training(`t${i}`, { deliveredOn: '2020-05-01' }, '2025-01-01T00:00:00.000Z'),
        imported: { source: 'sheet', recordedAt: knownSince },
      });
    }
    // A request at 31 is no event of the trainings figure.
    h.events.add(e.receiveRequest('r', '2024-12-01T00:00:00Z'));
    expect(await point('2020-12-31')).toEqual({ position: 0, recordedAt: null, knownBy: '2020-12-31T23:59:59.999Z' });
    expect(await point('2021-12-31')).toEqual({
      position: 17,
      recordedAt: '2025-01-01T00:00:00.000Z',
      knownBy: '2021-12-31T23:59:59.999Z',
    });
    expect((await point('2022-06-01')).position).toBe(29);
    expect((await point('2024-06-01')).position).toBe(30);
    // The request is known by 2025-01-01 (its recording time): the le-requests answer stands at 31.
    expect((await point('2025-01-01', 'le-requests')).position).toBe(31);
    // Without knownAt, the answer stands at the projection's checkpoint, as before.
    expect((await h.answer('trainings', {})).knownAt.position).toBe(31);
  });
});
