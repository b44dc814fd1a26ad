import type { NewEvent } from './memory-event-store';

/** Builders of recorded ledger events for figure tests: only what projections read. */
let counter = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function event(stream: string, type: string, data: unknown, recordedAt?: string, schemaVersion = 1): NewEvent {
  return { stream, eventId: nextId(), type, schemaVersion, data, recordedAt };
}

export const agency = (country: string, kind = 'police', name = `${country} police`) => ({ name, kind, country });

export function training(id: string, details: Record<string, unknown>, recordedAt?: string): NewEvent {
  return event(
    `training-${id}`,
    'TrainingSessionRecorded',
    {
      trainingId: id,
      deliveredOn: '2023-03-01',
      country: 'MX',
      format: 'in_person',
      agencies: [agency('MX')],
      participants: 10,
      topics: ['tracing'],
      ...details,
    },
    recordedAt,
  );
}

export const correctTraining = (id: string, changes: Record<string, unknown>, recordedAt?: string) =>
  event(
    `training-${id}`,
    'TrainingSessionCorrected',
    { trainingId: id, changes, replaces: {}, reason: 'typo', correctedAt: recordedAt ?? '2024-01-01T00:00:00Z' },
    recordedAt,
  );

export const withdrawTraining = (id: string, recordedAt?: string) =>
  event(
    `training-${id}`,
    'TrainingSessionWithdrawn',
    { trainingId: id, reason: 'duplicate', withdrawnAt: recordedAt ?? '2024-01-01T00:00:00Z' },
    recordedAt,
  );

export const receiveRequest = (id: string, receivedAt: string, extra: Record<string, unknown> = {}) =>
  event(`request-${id}`, 'LawEnforcementRequestReceived', {
    requestId: id,
    agency: agency('AR'),
    kind: 'information',
    receivedAt,
    reference: `ref-${id}`,
    ...extra,
  });

export const answerRequest = (id: string, answeredAt: string) =>
  event(`request-${id}`, 'LawEnforcementRequestAnswered', { requestId: id, answeredAt, outcome: 'disclosed' });

export const withdrawRequest = (id: string, withdrawnAt: string) =>
  event(`request-${id}`, 'LawEnforcementRequestWithdrawn', { requestId: id, withdrawnAt, reason: 'case closed' });

export const freeze = (id: string, frozenAt: string, assets: { asset: string; amount: string; usdValue: string }[], country = 'US') =>
  event(`freeze-${id}`, 'FundsFrozen', { freezeId: id, assets, frozenAt, reason: 'court order', country });

export const release = (id: string, releasedAt: string, assets: { asset: string; amount: string; usdValue: string }[]) =>
  event(`freeze-${id}`, 'FundsReleased', { freezeId: id, assets, releasedAt, reason: 'order lifted' });

export const seize = (id: string, seizedAt: string, assets: { asset: string; amount: string; usdValue: string }[]) =>
  event(`freeze-${id}`, 'FundsSeized', { freezeId: id, assets, seizedAt, authority: 'DEA', orderReference: 'order-1' });

export const returned = (id: string, returnedAt: string, assets: { asset: string; amount: string; usdValue: string }[]) =>
  event(`freeze-${id}`, 'FundsReturned', { freezeId: id, assets, returnedAt });

export const stolen = (id: string, reportedAt: string, usdValue: string, country = 'AR') =>
  event(`incident-${id}`, 'StolenFundsReported', { incidentId: id, usdValue, reportedAt, kind: 'hack', country });

export const recovered = (id: string, recoveredAt: string, usdValue: string) =>
  event(`incident-${id}`, 'FundsRecovered', { incidentId: id, usdValue, recoveredAt });
