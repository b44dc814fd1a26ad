import { LEDGER_EVENT_TYPES as DOMAIN_EVENT_TYPES } from '@ledger/domain';
import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import { LEDGER_EVENT_TYPES } from './known-events';

describe('known events', () => {
  it('are exactly the event types the domain records', () =>
    expect([...LEDGER_EVENT_TYPES].sort()).toEqual([...DOMAIN_EVENT_TYPES].sort()));

  it('include the corrections, reversals and supplements, which a log can hold without stopping the projector', async () => {
    const h = new FiguresHarness();
    try {
      const at = '2024-06-01T00:00:00Z';
      h.events.add(
        e.training('a', {}),
        // The records they correct come first: a v2 figure refuses to correct what it never saw.
        e.event('request-r', 'LawEnforcementRequestReceived', {
          requestId: 'r',
          agency: { name: 'Policía', kind: 'police', country: 'MX' },
          kind: 'information',
          receivedAt: at,
          reference: 'ref-1',
        }),
        e.event('request-r', 'LawEnforcementRequestAnswered', { requestId: 'r', answeredAt: at, outcome: 'no_data' }),
        e.event('freeze-f', 'FundsFrozen', {
          freezeId: 'f',
          assets: [{ asset: 'BTC', amount: '1', usdValue: '40000' }],
          frozenAt: at,
          reason: 'order',
          country: 'MX',
        }),
        e.event('incident-i', 'StolenFundsReported', { incidentId: 'i', usdValue: '1000', reportedAt: at, kind: 'hack', country: 'MX' }),
        e.event('request-r', 'LawEnforcementRequestCorrected', {
          requestId: 'r',
          changes: { kind: 'freeze' },
          replaces: { kind: 'information' },
          reason: 'r',
          correctedAt: at,
        }),
        e.event('request-r', 'LawEnforcementRequestAnswerSupplemented', { requestId: 'r', supplementedAt: at, outcome: 'disclosed' }),
        e.event('request-r', 'LawEnforcementRequestReversed', { requestId: 'r', reason: 'r', reversedAt: at }),
        e.event('freeze-f', 'FreezeCorrected', {
          freezeId: 'f',
          changes: { country: 'AR' },
          replaces: { country: 'MX' },
          reason: 'r',
          correctedAt: at,
        }),
        e.event('freeze-f', 'FreezeReversed', { freezeId: 'f', reason: 'r', reversedAt: at }),
        e.event('incident-i', 'IncidentCorrected', {
          incidentId: 'i',
          changes: { kind: 'scam' },
          replaces: { kind: 'hack' },
          reason: 'r',
          correctedAt: at,
        }),
        e.event('incident-i', 'IncidentReversed', { incidentId: 'i', reason: 'r', reversedAt: at }),
      );
      await h.project();
      expect((await h.service.answer('trainings', {})).rows[0].measures.sessions).toBe(1);
    } finally {
      await h.close();
    }
  });
});
