import { context, NOW, spec, trainingCorrected, trainingRecorded, trainingWithdrawn } from '@ledger/test-support';
import { trainingDecider, type CorrectTrainingSession, type TrainingSessionCorrected } from '@ledger/domain';

const buenosAires = trainingRecorded({
  trainingId: 'ar-2024-02',
  deliveredOn: '2024-05-20',
  endsOn: '2024-05-21',
  country: 'AR',
  agencies: [{ name: 'Ministerio Público Fiscal', kind: 'judiciary', country: 'AR' }],
  participants: 40,
  topics: ['tracing virtual assets'],
});
const withdrawn = trainingWithdrawn({ trainingId: 'ar-2024-02', reason: 'recorded twice', withdrawnAt: '2024-06-01T00:00:00Z' });
const correct = (changes: CorrectTrainingSession['data']['changes'], reason = 'attendance sheet recount'): CorrectTrainingSession => ({
  type: 'CorrectTrainingSession',
  data: { trainingId: 'ar-2024-02', changes, reason },
  context: context(),
});
type Changes = TrainingSessionCorrected['data']['changes'];
const corrected = (changes: Changes, replaces: TrainingSessionCorrected['data']['replaces'], reason = 'attendance sheet recount') =>
  trainingCorrected({ trainingId: 'ar-2024-02', changes, replaces, reason, correctedAt: NOW });

describe('CorrectTrainingSession', () => {
  it('corrects a field and records the value it replaces, why, and when', () =>
    spec(trainingDecider)
      .given([buenosAires])
      .when(correct({ participants: 42 }))
      .then([corrected({ participants: 42 }, { participants: 40 })]));

  it('records null as the replaced value of a field that was not set', () =>
    spec(trainingDecider)
      .given([buenosAires])
      .when(correct({ city: 'Buenos Aires', partner: 'INTERPOL' }))
      .then([corrected({ city: 'Buenos Aires', partner: 'INTERPOL' }, { city: null, partner: null } as never)]));

  it('replaces the values left by an earlier correction, not the original ones', () =>
    spec(trainingDecider)
      .given([buenosAires, corrected({ participants: 42 }, { participants: 40 })])
      .when(correct({ participants: 41 }, 'second recount'))
      .then([corrected({ participants: 41 }, { participants: 42 }, 'second recount')]));

  it('refuses to correct a training that does not exist', () =>
    spec(trainingDecider)
      .given([])
      .when(correct({ participants: 42 }))
      .thenThrows('training.not_found', 'not_found'));

  it('refuses to correct a withdrawn training', () =>
    spec(trainingDecider)
      .given([buenosAires, withdrawn])
      .when(correct({ participants: 42 }))
      .thenThrows('training.withdrawn', 'conflict'));

  it('refuses a correction that changes nothing', () =>
    spec(trainingDecider).given([buenosAires]).when(correct({})).thenThrows('training.empty_correction', 'invalid'));

  it('refuses a correction without a reason', () =>
    spec(trainingDecider)
      .given([buenosAires])
      .when(correct({ participants: 42 }, ''))
      .thenThrows('invalid_text', 'invalid'));

  it('refuses a correction of a field a session does not have', () =>
    spec(trainingDecider)
      .given([buenosAires])
      .when(correct({ attendees: 42 } as never))
      .thenThrows('training.unknown_field', 'invalid'));

  it('checks the corrected session as a whole: zero participants', () =>
    spec(trainingDecider)
      .given([buenosAires])
      .when(correct({ participants: 0 }))
      .thenThrows('invalid_count', 'invalid'));

  it('checks the corrected session as a whole: a start after the unchanged end', () =>
    spec(trainingDecider)
      .given([buenosAires])
      .when(correct({ deliveredOn: '2024-05-22' }))
      .thenThrows('training.ends_before_start', 'invalid'));

  it('checks the corrected session as a whole: a delivery date in the future', () =>
    spec(trainingDecider)
      .given([buenosAires])
      .when(correct({ deliveredOn: '2031-01-01', endsOn: '2031-01-02' }))
      .thenThrows('time_in_future', 'invalid'));
});
