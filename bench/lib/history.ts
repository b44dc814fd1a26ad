import type { AppendRequest, EventToAppend } from '@ledger/event-store';

/**
 * A synthetic but well-formed ledger history for the benchmarks: every category, in the proportions of the real
 * program (requests dominate), each stream a valid sequence of the domain's events with the metadata the command
 * pipeline writes. Deterministic for a seed, so every run measures the same bytes.
 * Bump HISTORY_VERSION whenever the generated events change (cached fixture files are keyed by it).
 */
export const HISTORY_VERSION = 1;

/** mulberry32: a small, fast, seeded PRNG; quality is ample for picking fixture values. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['MX', 'AR', 'BR', 'US', 'FR', 'DE', 'ES', 'GB', 'CO', 'CL', 'PE', 'IT', 'NL', 'PL', 'TR', 'IN', 'JP', 'KR', 'AU', 'CA'];
const AGENCY_KINDS = [
  'police',
  'prosecutor',
  'judiciary',
  'financial_intelligence',
  'tax',
  'customs',
  'regulator',
  'international',
] as const;
const REQUEST_KINDS = ['information', 'information', 'information', 'freeze', 'seizure', 'preservation', 'emergency'] as const;
const OUTCOMES = ['disclosed', 'partially_disclosed', 'no_data', 'rejected'] as const;
const ASSETS = [
  { asset: 'BTC', usd: 60000 },
  { asset: 'ETH', usd: 3000 },
  { asset: 'USDT', usd: 1 },
  { asset: 'BNB', usd: 550 },
];
const DAY = 86_400_000;
const START = Date.UTC(2019, 0, 1);
const SPAN_DAYS = 6 * 365;

export interface HistoryOptions {
  readonly seed?: number;
  /** Prefix of stream ids, so several histories can share one store. */
  readonly idPrefix?: string;
}

/** Yields append requests (one new stream each, expected no_stream) until at least `eventCount` events. */
export function* generateHistory(eventCount: number, options: HistoryOptions = {}): Generator<AppendRequest> {
  const random = seededRandom(options.seed ?? 20240601);
  const prefix = options.idPrefix ?? 'b';
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  let produced = 0;
  let streamNumber = 0;
  while (produced < eventCount) {
    streamNumber++;
    const id = `${prefix}${streamNumber.toString(36)}`;
    // Business time drifts forward with the stream number so figures spread over years and months.
    const day = Math.floor((streamNumber / Math.max(1, eventCount / 2)) * SPAN_DAYS + random() * 30) % SPAN_DAYS;
    const at = (offsetHours: number) => new Date(START + day * DAY + offsetHours * 3_600_000).toISOString();
    const country = pick(COUNTRIES);
    const agency = { name: `${country} ${pick(AGENCY_KINDS)} unit ${1 + Math.floor(random() * 40)}`, kind: pick(AGENCY_KINDS), country };
    const roll = random();
    let stream: string;
    let events: Omit<EventToAppend, 'eventId' | 'metadata'>[];
    if (roll < 0.6) {
      stream = `request-${id}`;
      events = [
        {
          type: 'LawEnforcementRequestReceived',
          schemaVersion: 1,
          data: {
            requestId: id,
            agency,
            kind: pick(REQUEST_KINDS),
            receivedAt: at(0),
            dueBy: at(24 * 10),
            reference: `${country}-${2019 + Math.floor(day / 365)}-${streamNumber}`,
          },
        },
      ];
      const close = random();
      if (close < 0.85) {
        events.push({
          type: 'LawEnforcementRequestAnswered',
          schemaVersion: 1,
          data: { requestId: id, answeredAt: at(1 + Math.floor(random() * 24 * 7)), outcome: pick(OUTCOMES) },
        });
      } else if (close < 0.9) {
        events.push({
          type: 'LawEnforcementRequestWithdrawn',
          schemaVersion: 1,
          data: { requestId: id, withdrawnAt: at(30), reason: 'withdrawn by the requesting agency' },
        });
      }
    } else if (roll < 0.75) {
      stream = `training-${id}`;
      const participants = 5 + Math.floor(random() * 60);
      events = [
        {
          type: 'TrainingSessionRecorded',
          schemaVersion: 1,
          data: {
            trainingId: id,
            deliveredOn: at(0).slice(0, 10),
            country,
            city: `${country} capital`,
            format: pick(['in_person', 'virtual', 'hybrid'] as const),
            agencies: [agency],
            participants,
            topics: ['blockchain analytics', 'virtual asset tracing'],
          },
        },
      ];
      if (random() < 0.1) {
        events.push({
          type: 'TrainingSessionCorrected',
          schemaVersion: 1,
          data: {
            trainingId: id,
            changes: { participants: participants + 1 },
            replaces: { participants },
            reason: 'attendance sheet recount',
            correctedAt: at(72),
          },
        });
      }
    } else if (roll < 0.9) {
      stream = `freeze-${id}`;
      const line = pick(ASSETS);
      const units = 1 + Math.floor(random() * 1000);
      const amount = (units / 100).toFixed(2);
      const usdValue = ((units / 100) * line.usd).toFixed(2);
      const assets = [{ asset: line.asset, amount, usdValue }];
      events = [{ type: 'FundsFrozen', schemaVersion: 1, data: { freezeId: id, assets, frozenAt: at(0), reason: 'court order', country } }];
      const next = random();
      if (next < 0.3)
        events.push({
          type: 'FundsReleased',
          schemaVersion: 1,
          data: { freezeId: id, assets, releasedAt: at(24 * 20), reason: 'order lifted' },
        });
      else if (next < 0.6)
        events.push({
          type: 'FundsSeized',
          schemaVersion: 1,
          data: { freezeId: id, assets, seizedAt: at(24 * 30), authority: agency.name, orderReference: `ORD-${streamNumber}` },
        });
      else if (next < 0.7)
        events.push({ type: 'FundsReturned', schemaVersion: 1, data: { freezeId: id, assets, returnedAt: at(24 * 40) } });
    } else {
      stream = `incident-${id}`;
      const stolen = 1000 + Math.floor(random() * 1_000_000);
      events = [
        {
          type: 'StolenFundsReported',
          schemaVersion: 1,
          data: {
            incidentId: id,
            usdValue: `${stolen}.00`,
            reportedAt: at(0),
            kind: pick(['hack', 'scam', 'ransomware', 'other'] as const),
            country,
          },
        },
      ];
      if (random() < 0.4)
        events.push({
          type: 'FundsRecovered',
          schemaVersion: 1,
          data: { incidentId: id, usdValue: `${Math.floor(stolen * random())}.00`, recoveredAt: at(24 * 60) },
        });
    }
    const commandId = `bench-${id}`;
    produced += events.length;
    yield {
      stream,
      expectedRevision: 'no_stream',
      events: events.map((event, i) => ({
        ...event,
        eventId: eventUuid(streamNumber, i, options.seed ?? 20240601, prefix),
        metadata: {
          commandId: `${commandId}-${i}`,
          correlationId: commandId,
          causationId: commandId,
          actor: 'service:bench',
          commandType: event.type,
        },
      })),
    };
  }
}

/** A deterministic, well-formed UUID (version 4 layout) from the stream number and event index. */
function eventUuid(streamNumber: number, index: number, seed: number, prefix: string): string {
  const hex = (value: number, width: number) => (value >>> 0).toString(16).padStart(width, '0').slice(-width);
  let prefixHash = 0;
  for (const ch of prefix) prefixHash = (Math.imul(prefixHash, 31) + ch.charCodeAt(0)) >>> 0;
  return `${hex(seed, 8)}-${hex(prefixHash, 4)}-4${hex(index, 3)}-8${hex(Math.floor(streamNumber / 2 ** 32), 3)}-${hex(Math.floor(streamNumber / 65536), 8)}${hex(streamNumber, 4)}`;
}
