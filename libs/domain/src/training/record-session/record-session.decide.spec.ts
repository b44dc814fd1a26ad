import { context, spec, trainingRecorded } from '@ledger/test-support';
import { trainingDecider, type RecordTrainingSession, type TrainingSessionRecorded } from '@ledger/domain';

const mexicoCity: RecordTrainingSession['data'] = {
  trainingId: 'mx-2024-11',
  deliveredOn: '2024-06-12',
  country: 'MX',
  city: 'Mexico City',
  format: 'in_person',
  agencies: [
    { name: 'Agencia de Investigación Criminal', kind: 'police', country: 'MX' },
    { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' },
  ],
  participants: 35,
  topics: ['virtual assets and crime'],
};
const record = (data: Partial<RecordTrainingSession['data']> = {}): RecordTrainingSession => ({
  type: 'RecordTrainingSession',
  data: { ...mexicoCity, ...data },
  context: context(),
});
const recorded = trainingRecorded(mexicoCity);

describe('RecordTrainingSession', () => {
  it('records a new session', () => spec(trainingDecider).given([]).when(record()).then([recorded]));

  it('refuses to record the same training twice', () =>
    spec(trainingDecider).given([recorded]).when(record()).thenThrows('training.already_recorded', 'conflict'));

  it('refuses zero participants', () =>
    spec(trainingDecider)
      .given([])
      .when(record({ participants: 0 }))
      .thenThrows('invalid_count', 'invalid'));

  it('refuses a session delivered in the future', () =>
    spec(trainingDecider)
      .given([])
      .when(record({ deliveredOn: '2031-01-01' }))
      .thenThrows('time_in_future'));

  it('refuses a lower-case country code', () =>
    spec(trainingDecider)
      .given([])
      .when(record({ country: 'mx' }))
      .thenThrows('invalid_country'));

  it('refuses a session ending before it starts', () =>
    spec(trainingDecider)
      .given([])
      .when(record({ endsOn: '2024-06-11' }))
      .thenThrows('training.ends_before_start'));

  it('refuses a session with no agency', () =>
    spec(trainingDecider)
      .given([])
      .when(record({ agencies: [] }))
      .thenThrows('training.no_agency'));
});

describe('RecordTrainingSession keeps only known fields', () => {
  it('drops fields a caller added outside the schema', () => {
    const command = record({
      ...({ secretNote: 'x' } as object),
      agencies: [{ name: 'AIC', kind: 'police', country: 'MX', extra: 1 } as never],
    });
    const [event] = trainingDecider.decide(command, trainingDecider.initialState);
    expect(event.data).not.toHaveProperty('secretNote');
    expect((event.data as TrainingSessionRecorded['data']).agencies[0]).toEqual({ name: 'AIC', kind: 'police', country: 'MX' });
  });
});
