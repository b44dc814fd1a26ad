import { assetLine, citing, context, freezeCorrected, freezeReversed, fundsFrozen, fundsReleased, NOW, spec } from '@ledger/test-support';
import { fold, freezeDecider, type CorrectFreeze, type FreezeCorrected } from '@ledger/domain';

const frozen = fundsFrozen({ assets: [assetLine('BTC', '1', '40000')], reason: 'scam proceeds', country: 'BR', requestId: 'req-1' });
const released = fundsReleased({ assets: [assetLine('BTC', '0.5', '45000')], releasedAt: '2024-05-10T00:00:00Z', reason: 'order lifted' });
const reversed = freezeReversed({ reason: 'r', reversedAt: '2024-05-20T00:00:00Z' });
const correct = (changes: CorrectFreeze['data']['changes'], cited = {}, reason = 'case file says otherwise'): CorrectFreeze => ({
  type: 'CorrectFreeze',
  data: { freezeId: 'frz-1', changes, reason },
  context: citing(cited),
});
type Changes = FreezeCorrected['data']['changes'];
const corrected = (changes: Changes, replaces: FreezeCorrected['data']['replaces'], reason = 'case file says otherwise') =>
  freezeCorrected({ changes, replaces, reason, correctedAt: NOW });

describe('CorrectFreeze', () => {
  it('corrects the country and the freeze reason, recording what they replace', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ country: 'AR', reason: 'ransomware proceeds' }))
      .then([corrected({ country: 'AR', reason: 'ransomware proceeds' }, { country: 'BR', reason: 'scam proceeds' })]));

  it('links the freeze to an incident on record, and unlinks a request with null', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ incidentId: 'inc-7', requestId: null }, { 'incident-inc-7': 'recorded' }))
      .then([corrected({ incidentId: 'inc-7', requestId: null }, { incidentId: null, requestId: 'req-1' })]));

  it('refuses a link to a request the ledger does not hold, or one reversed', () => {
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ requestId: 'req-404' }, { 'request-req-404': 'none' }))
      .thenThrows('citation.request_not_found', 'conflict');
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ requestId: 'req-2' }, { 'request-req-2': 'reversed' }))
      .thenThrows('citation.request_not_found', 'conflict');
  });

  it('applies the correction to the state: the freeze time and links as corrected', () =>
    expect(
      fold(freezeDecider, [
        frozen,
        corrected({ frozenAt: '2024-05-01T09:00:00Z', requestId: null }, { frozenAt: '2024-05-02T14:00:00Z', requestId: 'req-1' }),
      ]),
    ).toMatchObject({
      frozenAt: '2024-05-01T09:00:00Z',
      details: { frozenAt: '2024-05-01T09:00:00Z', reason: 'scam proceeds', country: 'BR' },
    }));

  it('refuses a freeze time moved after the first release', () =>
    spec(freezeDecider)
      .given([frozen, released])
      .when(correct({ frozenAt: '2024-05-11T00:00:00Z' }))
      .thenThrows('freeze.before_frozen', 'conflict'));

  it('moves the freeze time earlier even after a release', () =>
    spec(freezeDecider)
      .given([frozen, released])
      .when(correct({ frozenAt: '2024-05-01' }))
      .then([corrected({ frozenAt: '2024-05-01' }, { frozenAt: '2024-05-02T14:00:00Z' })]));

  it('refuses to correct amounts: a wrong amount is reversed and recorded again', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ assets: [] } as never))
      .thenThrows('freeze.unknown_field', 'invalid'));

  it('refuses to correct a reversed freeze, or one that does not exist', () => {
    spec(freezeDecider)
      .given([frozen, reversed])
      .when(correct({ country: 'AR' }))
      .thenThrows('freeze.reversed', 'conflict');
    spec(freezeDecider)
      .given([])
      .when(correct({ country: 'AR' }))
      .thenThrows('freeze.not_found', 'not_found');
  });

  it('refuses an empty correction, no reason, a bad country, a future time, a removed required field', () => {
    spec(freezeDecider).given([frozen]).when(correct({})).thenThrows('freeze.empty_correction', 'invalid');
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ country: 'AR' }, {}, ''))
      .thenThrows('invalid_text', 'invalid');
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ country: 'ARG' }))
      .thenThrows('invalid_country', 'invalid');
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ frozenAt: '2024-07-01T00:00:00Z' }))
      .thenThrows('time_in_future', 'invalid');
    spec(freezeDecider)
      .given([frozen])
      .when(correct({ country: null as never }))
      .thenThrows('invalid_country', 'invalid');
  });

  it('decides on what it is handed: an unlooked-up citation is a wiring fault, not a refusal', () =>
    expect(() => freezeDecider.decide({ ...correct({ requestId: 'req-2' }), context: context() }, fold(freezeDecider, [frozen]))).toThrow(
      /was not looked up/,
    ));
});
