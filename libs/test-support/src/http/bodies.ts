/** Valid request bodies, one per command, dated before TEST_NOW (2025-06-30T12:00Z). Spread and override per test. */

export const agency = { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' } as const;

export const recordTraining = {
  deliveredOn: '2024-03-05',
  endsOn: '2024-03-06',
  country: 'MX',
  city: 'Ciudad de México',
  format: 'in_person',
  agencies: [agency, { name: 'Secretaría de Seguridad Ciudadana', kind: 'police', country: 'MX' }],
  participants: 35,
  topics: ['blockchain tracing', 'freezing procedures'],
};

export const receiveRequest = {
  agency,
  kind: 'information',
  receivedAt: '2024-03-05T14:30:00Z',
  dueBy: '2024-03-15',
  reference: 'FGR/UEIDF/123/2024',
};

export const answerRequest = { answeredAt: '2024-03-08T10:00:00Z', outcome: 'disclosed' };

export const freezeFunds = {
  assets: [
    { asset: 'USDT', amount: '1000000', usdValue: '1000000' },
    { asset: 'BTC', amount: '10.123456789012345678', usdValue: '650000.12345678' },
  ],
  frozenAt: '2024-06-12T15:00:00Z',
  reason: 'order of a federal judge in case 123/2024',
  country: 'US',
};

export const reportStolenFunds = { usdValue: '2500000', reportedAt: '2024-05-02T08:00:00Z', kind: 'hack', country: 'AR' };
