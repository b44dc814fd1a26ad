import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import { figureRestatements } from './restatements';

describe('restatements', () => {
  let h: FiguresHarness;
  beforeEach(() => (h = new FiguresHarness()));
  afterEach(() => h.close());

  const history = () => {
    h.events.add(
      e.training(
        't1',
        { deliveredOn: '2023-05-10', country: 'MX', city: 'Ciudad de México', agencies: [e.agency('MX', 'police', 'SSC')] },
        '2023-05-11T09:00:00.000Z',
      ),
      e.training('t2', { deliveredOn: '2023-05-20', country: 'MX' }, '2023-05-21T09:00:00.000Z'),
      e.training('t3', { deliveredOn: '2023-05-20', country: 'US' }, '2023-05-21T10:00:00.000Z'),
      // The leak of issue 13: a MX training corrected to the US, with a new city, agency and reason, by another writer.
      {
        ...e.correctTraining(
          't1',
          { country: 'US', city: 'Houston', agencies: [e.agency('US', 'police', 'Houston Police Department')] },
          '2024-02-01T09:00:00.000Z',
        ),
        data: {
          trainingId: 't1',
          changes: { country: 'US', city: 'Houston', agencies: [e.agency('US', 'police', 'Houston Police Department')] },
          replaces: { country: 'MX' },
          reason: 'it was held in Houston',
          correctedAt: '2024-02-01T09:00:00Z',
        },
        actor: 'key:us-writer-7',
      },
      { ...e.correctTraining('t3', { participants: 12 }, '2024-02-02T09:00:00.000Z'), actor: 'key:us-writer-7' },
      // A MX fact recorded late: a 2023 session recorded in 2024.
      {
        ...e.training('t4', { deliveredOn: '2023-06-01', country: 'MX', participants: 7 }, '2024-03-01T09:00:00.000Z'),
        actor: 'key:mx-writer-1',
      },
    );
  };

  it('an MX regulator sees how its own cells changed, and nothing of another jurisdiction: no content, writer, timing or position', async () => {
    history();
    await h.project();
    const list = await figureRestatements(h.service, h.events, 'trainings', { country: 'MX', late: 'include' }, { countries: ['MX'] });
    const text = JSON.stringify(list);
    for (const leak of [
      '"US"',
      'Houston',
      'it was held in Houston',
      'us-writer-7',
      'mx-writer-1',
      '2024-02-01',
      '2024-02-02',
      'provenance',
    ])
      expect(text).not.toContain(leak);
    expect(text).not.toMatch(/"position":\d/);
    expect(list.knownAt).toBeNull();
    expect(list.restatements.map((r) => [r.kind, r.correction.type, r.correction.withheld ?? false, r.recordedAt, r.position])).toEqual([
      ['correction', 'TrainingSessionCorrected', true, null, null],
      // Wholly MX: its content and recording time are shown, its writer is not.
      ['late', 'TrainingSessionRecorded', false, '2024-03-01T09:00:00.000Z', null],
    ]);
    expect(list.restatements[0].changes).toEqual(
      expect.arrayContaining([
        { group: {}, measure: 'sessions', before: 2, after: 1 },
        { group: {}, measure: 'participants', before: 20, after: 10 },
      ]),
    );
    expect(list.restatements[1].correction).toMatchObject({ stream: 'training-t4', actor: null });
  });

  it('an unscoped caller (auditor) sees every restatement with its content, writer and position', async () => {
    history();
    await h.project();
    const list = await figureRestatements(h.service, h.events, 'trainings', { groupBy: 'country', late: 'include' });
    expect(list.restatements.map((r) => [r.position, r.kind, r.correction.stream, r.correction.reason, r.correction.actor])).toEqual([
      [4, 'correction', 'training-t1', 'it was held in Houston', 'key:us-writer-7'],
      [5, 'correction', 'training-t3', 'typo', 'key:us-writer-7'],
      [6, 'late', 'training-t4', null, 'key:mx-writer-1'],
    ]);
    expect(list.restatements[0].changes).toEqual(
      expect.arrayContaining([{ group: { country: 'US' }, measure: 'sessions', before: 1, after: 2 }]),
    );
    // Under version 1 too, on request.
    const v1 = await figureRestatements(h.service, h.events, 'trainings', { groupBy: 'country', version: '1', late: 'include' });
    expect(v1.version).toBe(1);
    expect(v1.restatements.map((r) => r.position)).toEqual([4, 5, 6]);
    // Without late=include, corrections only.
    expect(
      (await figureRestatements(h.service, h.events, 'trainings', { groupBy: 'country' })).restatements.map((r) => r.position),
    ).toEqual([4, 5]);
  });
});
