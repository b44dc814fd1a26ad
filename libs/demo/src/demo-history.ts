import type { Agency, AssetAmount, TrainingSessionDetails } from '@ledger/domain';
import type { FundsFrozen, FundsReleased, FundsReturned, FundsSeized } from '@ledger/domain/freeze/freeze.events';
import type { FundsRecovered, IncidentKind, StolenFundsReported } from '@ledger/domain/incident/incident.events';
import type { LawEnforcementRequestReceived, RequestKind, RequestOutcome } from '@ledger/domain/le-request/le-request.events';
import { amountFromUnits, apportion, DAY_MS, dayOf, HOUR_MS, isoDate, isoInstant, usdFromCents, weekday, yearOf } from './calendar';
import { SeededRandom } from './prng';
import {
  ARGENTINA_RECOVERY,
  BUENOS_AIRES_TRAINING,
  DEA_SEIZURE,
  EMERGENCY_RESPONSE_HOURS,
  EMERGENCY_SHARE,
  FIRST_YEAR_COUNTRIES,
  FREEZE_PERIODS,
  FREEZES_LINKED_TO_REQUESTS,
  HISTORY_END,
  HISTORY_START,
  INCIDENT_BUCKETS,
  INTERPOL_SESSION,
  MEXICO_CITY_SEMINAR,
  REQUEST_PERIODS,
  TRAINING_PERIODS,
  WITHDRAWN_SHARE,
} from './public-record';
import { AGENCIES_BY_COUNTRY, ASSETS, CITIES, COUNTRY_WEIGHTS, INTERPOL, TRAINING_TOPICS } from './reference-data';

/** A command of the demo history, as the command pipeline takes it (type and data; time and actor come from the pipeline). */
export type DemoCommandInput =
  | { readonly type: 'RecordTrainingSession'; readonly data: TrainingSessionDetails & { readonly trainingId: string } }
  | {
      readonly type: 'CorrectTrainingSession';
      readonly data: { readonly trainingId: string; readonly changes: Partial<TrainingSessionDetails>; readonly reason: string };
    }
  | { readonly type: 'WithdrawTrainingSession'; readonly data: { readonly trainingId: string; readonly reason: string } }
  | { readonly type: 'ReceiveRequest'; readonly data: LawEnforcementRequestReceived['data'] }
  | {
      readonly type: 'AnswerRequest';
      readonly data: { readonly requestId: string; readonly answeredAt: string; readonly outcome: RequestOutcome };
    }
  | {
      readonly type: 'WithdrawRequest';
      readonly data: { readonly requestId: string; readonly reason: string; readonly withdrawnAt?: string };
    }
  | { readonly type: 'FreezeFunds'; readonly data: FundsFrozen['data'] }
  | { readonly type: 'ReleaseFunds'; readonly data: FundsReleased['data'] }
  | { readonly type: 'SeizeFunds'; readonly data: FundsSeized['data'] }
  | { readonly type: 'ReturnFunds'; readonly data: FundsReturned['data'] }
  | { readonly type: 'ReportStolenFunds'; readonly data: StolenFundsReported['data'] }
  | { readonly type: 'RecordRecovery'; readonly data: FundsRecovered['data'] };

export interface DemoCommand {
  /** 0-based position in the history. */
  readonly seq: number;
  /** Deterministic, so feeding the history twice appends it once. */
  readonly idempotencyKey: string;
  /** Business time the command speaks about (for progress display and ordering). */
  readonly occurredAt: string;
  readonly command: DemoCommandInput;
  /**
   * The history stands for records kept in an earlier system as things happened: each is imported with the time
   * that system recorded it (its business time), so the ledger "as known at" a publication date reads what was
   * known then. The ledger's own recordedAt stays the day of seeding.
   */
  readonly imported: { readonly source: string; readonly recordedAt: string };
}

/** The earlier system the demo history is imported from, as `metadata.imported.source`. */
export const DEMO_IMPORT_SOURCE = 'demo: case records as kept before the ledger';

export interface DemoHistoryOptions {
  /** PRNG seed; the published values hold for the default seed (and are asserted for it). */
  readonly seed?: string;
  /** Multiplies the number of law-enforcement requests (1 = full history). Below 1 the request lines no longer hold. */
  readonly scale?: number;
  /** ISO date (exclusive): stop the history before this day. */
  readonly until?: string;
}

export const DEFAULT_DEMO_SEED = 'cooperation-ledger-demo-v1';
/** Bumped whenever the history changes, so keys of an older history never collide with a newer one. */
export const DEMO_KEY_PREFIX = 'demo:v2';

/** Requests arrive between 00:00 and 20:00 UTC; planned freezes of a day come after, so a linked request precedes its freeze. */
const REQUEST_WINDOW_MS = 20 * HOUR_MS;

interface Planned {
  readonly ms: number;
  readonly order: number;
  readonly command: DemoCommandInput;
  /** For freezes that point at a request of their day: which one (dropped when the scaled day has fewer requests). */
  readonly linkedRequest?: { readonly day: number; readonly ordinal: number };
}

interface PlanContext {
  readonly planned: Planned[];
  order: number;
}

function plan(context: PlanContext, ms: number, command: DemoCommandInput, linkedRequest?: Planned['linkedRequest']): void {
  context.planned.push({ ms, order: context.order++, command, linkedRequest });
}

/** The id of the `ordinal`-th request received on `day`. */
export function demoRequestId(day: number, ordinal: number): string {
  return `rq-${isoDate(day).replace(/-/g, '')}-${String(ordinal).padStart(5, '0')}`;
}

/**
 * The demo history, in business-time order, as a lazy sequence: only the small categories (trainings,
 * freezes, incidents: a few thousand commands) are planned up front; the ~200,000 requests are made day by day.
 */
export function* generateDemoHistory(options: DemoHistoryOptions = {}): Generator<DemoCommand> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new RangeError(`scale must be greater than 0, got ${scale}`);
  const startDay = dayOf(HISTORY_START);
  const endDay = Math.min(dayOf(HISTORY_END), options.until !== undefined ? dayOf(options.until) - 1 : Infinity);
  const endMs = (endDay + 1) * DAY_MS;

  const context: PlanContext = { planned: [], order: 0 };
  planTrainings(context, new SeededRandom(`${seed}:trainings`));
  const incidents = planIncidents(context, new SeededRandom(`${seed}:incidents`));
  const linkedPerDay = planFreezes(context, new SeededRandom(`${seed}:freezes`), incidents);
  const planned = context.planned.filter((p) => p.ms < endMs).sort((a, b) => a.ms - b.ms || a.order - b.order);

  const requestsPerDay = dailyRequestCounts(new SeededRandom(`${seed}:request-counts`), scale);
  const random = new SeededRandom(`${seed}:requests`);
  const pending = new MinHeap<Planned>((a, b) => a.ms - b.ms || a.order - b.order);
  let order = context.order;
  let nextPlanned = 0;
  let seq = 0;

  for (let day = startDay; day <= endDay; day++) {
    const dayStart = day * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    const today: Planned[] = [];
    const received = requestsPerDay.get(day) ?? 0;
    const forcedFreezeKinds = linkedPerDay.get(day) ?? 0;
    const offsets = Array.from({ length: received }, () => Math.floor(random.next() * REQUEST_WINDOW_MS)).sort((a, b) => a - b);
    for (const [ordinal, offset] of offsets.entries()) {
      const receivedMs = dayStart + offset;
      const request = makeRequest(random, demoRequestId(day, ordinal), receivedMs, ordinal < forcedFreezeKinds ? 'freeze' : undefined);
      today.push({ ms: receivedMs, order: order++, command: { type: 'ReceiveRequest', data: request } });
      const fate = requestFate(random, request, receivedMs);
      if (fate.ms < endMs) pending.push({ ms: fate.ms, order: order++, command: fate.command });
    }
    while (pending.size > 0 && pending.peek().ms < dayEnd) today.push(pending.pop());
    while (nextPlanned < planned.length && planned[nextPlanned].ms < dayEnd) {
      const item = planned[nextPlanned++];
      today.push(item.linkedRequest && item.linkedRequest.ordinal >= received ? withoutRequestLink(item) : item);
    }
    today.sort((a, b) => a.ms - b.ms || a.order - b.order);
    for (const item of today) {
      const occurredAt = isoInstant(item.ms);
      yield {
        seq,
        idempotencyKey: `${DEMO_KEY_PREFIX}:${seq}`,
        occurredAt,
        command: item.command,
        imported: { source: DEMO_IMPORT_SOURCE, recordedAt: occurredAt },
      };
      seq++;
    }
  }
}

function withoutRequestLink(item: Planned): Planned {
  if (item.command.type !== 'FreezeFunds') return item;
  const { requestId: _dropped, ...data } = item.command.data;
  return { ...item, command: { type: 'FreezeFunds', data } };
}

// ---------------------------------------------------------------------------------------------------------
// Law-enforcement requests

function dailyRequestCounts(random: SeededRandom, scale: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const period of REQUEST_PERIODS) {
    const from = dayOf(period.from);
    const days = dayOf(period.to) - from + 1;
    // Weekdays busier than weekends, a steady rise through the period, and day-to-day noise.
    const weights = Array.from({ length: days }, (_, i) => {
      const wd = weekday(from + i);
      const weekFactor = wd === 0 ? 0.35 : wd === 6 ? 0.45 : 1;
      return weekFactor * (0.85 + (0.3 * i) / days) * (0.85 + 0.3 * random.next());
    });
    apportion(Math.round(period.received * scale), weights).forEach((n, i) => counts.set(from + i, n));
  }
  return counts;
}

const REQUEST_KINDS: readonly (readonly [RequestKind, number])[] = [
  ['information', 0.78],
  ['preservation', 0.08],
  ['freeze', 0.07],
  ['seizure', 0.03],
  ['emergency', EMERGENCY_SHARE],
];
const OUTCOMES: readonly (readonly [RequestOutcome, number])[] = [
  ['disclosed', 0.7],
  ['partially_disclosed', 0.12],
  ['no_data', 0.15],
  ['rejected', 0.03],
];

function makeRequest(
  random: SeededRandom,
  requestId: string,
  receivedMs: number,
  kind?: RequestKind,
): LawEnforcementRequestReceived['data'] {
  const country = random.weighted(COUNTRY_WEIGHTS);
  const agency = random.pick(AGENCIES_BY_COUNTRY[country]);
  const requestKind = kind ?? random.weighted(REQUEST_KINDS);
  const year = yearOf(Math.floor(receivedMs / DAY_MS));
  const request = {
    requestId,
    agency,
    kind: requestKind,
    receivedAt: isoInstant(receivedMs),
    reference: `${country}-${year}-${random.int(1000, 999_999)}`,
  };
  if (requestKind === 'emergency') return { ...request, dueBy: isoInstant(receivedMs + 24 * HOUR_MS) };
  if (random.chance(0.3)) return { ...request, dueBy: isoDate(Math.floor(receivedMs / DAY_MS) + 14) };
  return request;
}

/** What becomes of a request: withdrawn by the agency after a few days, or answered after a skewed delay. */
function requestFate(
  random: SeededRandom,
  request: LawEnforcementRequestReceived['data'],
  receivedMs: number,
): { ms: number; command: DemoCommandInput } {
  if (random.chance(WITHDRAWN_SHARE)) {
    const ms = receivedMs + random.int(24, 120) * HOUR_MS;
    return {
      ms,
      command: {
        type: 'WithdrawRequest',
        data: { requestId: request.requestId, reason: 'withdrawn by the requesting agency', withdrawnAt: isoInstant(ms) },
      },
    };
  }
  const meanHours = request.kind === 'emergency' ? EMERGENCY_RESPONSE_HOURS : nonEmergencyMeanHours(receivedMs);
  const delayMs = Math.max(10 * 60_000, Math.min(30 * 24 * HOUR_MS, random.erlang2(meanHours) * HOUR_MS));
  const ms = receivedMs + Math.round(delayMs / 1000) * 1000;
  return {
    ms,
    command: {
      type: 'AnswerRequest',
      data: { requestId: request.requestId, answeredAt: isoInstant(ms), outcome: random.weighted(OUTCOMES) },
    },
  };
}

/** Mean response of non-emergency requests such that the period's overall mean is the published one. */
function nonEmergencyMeanHours(receivedMs: number): number {
  const day = Math.floor(receivedMs / DAY_MS);
  const period = REQUEST_PERIODS.find((p) => day <= dayOf(p.to)) ?? REQUEST_PERIODS[REQUEST_PERIODS.length - 1];
  return (period.meanResponseHours - EMERGENCY_SHARE * EMERGENCY_RESPONSE_HOURS) / (1 - EMERGENCY_SHARE);
}

// ---------------------------------------------------------------------------------------------------------
// Trainings

function planTrainings(context: PlanContext, random: SeededRandom): void {
  const record = (details: TrainingSessionDetails & { trainingId: string }): void =>
    plan(context, dayOf(details.deliveredOn) * DAY_MS + 18 * HOUR_MS, { type: 'RecordTrainingSession', data: details });
  const at = (isoDay: string, hour: number): number => dayOf(isoDay) * DAY_MS + hour * HOUR_MS;
  let number = 0;
  const nextId = (day: number): string => `tr-${yearOf(day)}-${String(++number).padStart(4, '0')}`;

  const [firstYear, lateYear, year2023, year2024] = TRAINING_PERIODS;

  // Programme's first year: one workshop in each country seed 002 names, the rest anywhere.
  const firstYearCountries = [
    ...FIRST_YEAR_COUNTRIES,
    ...Array.from({ length: firstYear.sessions - FIRST_YEAR_COUNTRIES.length }, () => random.weighted(COUNTRY_WEIGHTS)),
  ];
  shuffle(random, firstYearCountries);
  const firstYearSessions = randomDays(random, firstYear, firstYear.sessions).map((day, i) =>
    randomSession(random, nextId(day), day, firstYearCountries[i]),
  );
  firstYearSessions.forEach(record);
  const restated = firstYearSessions[4];
  plan(context, at('2022-10-05', 11), {
    type: 'CorrectTrainingSession',
    data: {
      trainingId: restated.trainingId,
      changes: { participants: restated.participants + 3 },
      reason: 'three late registrations were missing from the attendance list',
    },
  });

  for (const day of randomDays(random, lateYear, lateYear.sessions))
    record(randomSession(random, nextId(day), day, random.weighted(COUNTRY_WEIGHTS)));

  // 2023: 125 recorded; a duplicate entry is withdrawn and one session's date is corrected into 2024 (123 remain).
  const sessions2023 = randomDays(random, { from: year2023.from, to: '2023-12-20' }, year2023.sessions - 2).map((day) =>
    randomSession(random, nextId(day), day, random.weighted(COUNTRY_WEIGHTS)),
  );
  sessions2023.forEach(record);
  const original = sessions2023[20];
  const duplicate = { ...original, trainingId: `${original.trainingId}-dup` };
  record(duplicate);
  plan(context, dayOf(original.deliveredOn) * DAY_MS + 40 * DAY_MS, {
    type: 'WithdrawTrainingSession',
    data: { trainingId: duplicate.trainingId, reason: `duplicate entry of ${original.trainingId}` },
  });
  // A one-day session, so moving its first day leaves no last day behind it.
  const { endsOn: _oneDay, ...misdated } = randomSession(random, nextId(dayOf('2023-12-28')), dayOf('2023-12-28'), 'PL');
  record(misdated);
  plan(context, at('2024-01-10', 11), {
    type: 'CorrectTrainingSession',
    data: {
      trainingId: misdated.trainingId,
      changes: { deliveredOn: '2024-01-04' },
      reason: 'the planned date was entered; the session was postponed to 4 January 2024',
    },
  });

  // 2024: the three sessions the seeds describe, and the rest.
  record({
    trainingId: INTERPOL_SESSION.trainingId,
    deliveredOn: INTERPOL_SESSION.deliveredOn,
    country: INTERPOL.country,
    format: 'virtual',
    agencies: [INTERPOL],
    participants: INTERPOL_SESSION.participants,
    topics: ['digital asset investigations', 'cybercrime threat mitigation', 'seizing illicit funds'],
    partner: 'INTERPOL',
  });
  record({
    trainingId: BUENOS_AIRES_TRAINING.trainingId,
    deliveredOn: BUENOS_AIRES_TRAINING.deliveredOn,
    endsOn: BUENOS_AIRES_TRAINING.endsOn,
    country: 'AR',
    city: 'Buenos Aires',
    format: 'in_person',
    agencies: [
      {
        name: 'Cuerpo de Investigaciones Judiciales, Ministerio Público Fiscal de la Ciudad de Buenos Aires',
        kind: 'prosecutor',
        country: 'AR',
      },
    ],
    participants: BUENOS_AIRES_TRAINING.participants,
    topics: ['blockchain fundamentals', 'practical crypto investigations', 'requesting data from an exchange'],
  });
  record({
    trainingId: MEXICO_CITY_SEMINAR.trainingId,
    deliveredOn: MEXICO_CITY_SEMINAR.deliveredOn,
    country: 'MX',
    city: 'Mexico City',
    format: 'in_person',
    agencies: AGENCIES_BY_COUNTRY.MX,
    participants: MEXICO_CITY_SEMINAR.recordedParticipants,
    topics: ['cybersecurity', 'virtual assets and organised crime', 'case studies'],
  });
  plan(context, at(MEXICO_CITY_SEMINAR.correctedOn, 11), {
    type: 'CorrectTrainingSession',
    data: {
      trainingId: MEXICO_CITY_SEMINAR.trainingId,
      changes: { participants: MEXICO_CITY_SEMINAR.participants },
      reason: 'two investigators signed the paper attendance list only',
    },
  });
  for (const day of randomDays(random, year2024, year2024.sessions - 3))
    record(randomSession(random, nextId(day), day, random.weighted(COUNTRY_WEIGHTS)));
}

const PARTNERS = ['Europol', 'UNODC', 'UNICRI', 'Council of Europe'] as const;

function randomSession(
  random: SeededRandom,
  trainingId: string,
  day: number,
  country: string,
): TrainingSessionDetails & { trainingId: string } {
  const format = random.weighted([
    ['in_person', 0.7],
    ['virtual', 0.2],
    ['hybrid', 0.1],
  ] as const);
  const pool = AGENCIES_BY_COUNTRY[country];
  const agencies = shuffle(random, [...pool]).slice(0, random.int(1, Math.min(3, pool.length)));
  const topics = shuffle(random, [...TRAINING_TOPICS]).slice(0, random.int(2, 4));
  const session: TrainingSessionDetails & { trainingId: string } = {
    trainingId,
    deliveredOn: isoDate(day),
    country,
    format,
    agencies,
    participants: format === 'in_person' ? random.int(12, 80) : random.int(20, 150),
    topics,
  };
  const extras: Partial<TrainingSessionDetails> = {};
  if (format !== 'virtual') Object.assign(extras, { city: CITIES[country] });
  if (random.chance(0.1)) Object.assign(extras, { endsOn: isoDate(day + 1) });
  if (random.chance(0.1)) Object.assign(extras, { partner: random.pick(PARTNERS) });
  return { ...session, ...extras };
}

/** `count` random days in [from, to], sorted. */
function randomDays(random: SeededRandom, range: { from: string; to: string }, count: number): number[] {
  const from = dayOf(range.from);
  const span = dayOf(range.to) - from + 1;
  return Array.from({ length: count }, () => from + Math.floor(random.next() * span)).sort((a, b) => a - b);
}

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------
// Stolen funds and recoveries

interface PlannedIncident {
  readonly incidentId: string;
  readonly reportedMs: number;
  readonly stolenCents: number;
}

const INCIDENT_KINDS: readonly (readonly [IncidentKind, number])[] = [
  ['scam', 0.5],
  ['hack', 0.3],
  ['ransomware', 0.1],
  ['other', 0.1],
];

function planIncidents(context: PlanContext, random: SeededRandom): PlannedIncident[] {
  const all: PlannedIncident[] = [];
  let number = 0;
  for (const bucket of INCIDENT_BUCKETS) {
    const from = dayOf(bucket.from);
    const span = dayOf(bucket.to) - from + 1;
    const argentina = dayOf(ARGENTINA_RECOVERY.reportedAt) >= from && dayOf(ARGENTINA_RECOVERY.reportedAt) < from + span;
    const randomCount = bucket.incidents - (argentina ? 1 : 0);
    const reportedMs = Array.from(
      { length: randomCount },
      () => (from + Math.floor(random.next() * span)) * DAY_MS + random.int(8, 20) * HOUR_MS,
    ).sort((a, b) => a - b);
    const stolen = apportion(
      bucket.stolenCents - (argentina ? ARGENTINA_RECOVERY.stolenCents : 0),
      reportedMs.map(() => random.logNormal(1, 1.2)),
    );
    const incidents: PlannedIncident[] = reportedMs.map((ms, i) => ({
      incidentId: `in-${yearOf(Math.floor(ms / DAY_MS))}-${String(++number).padStart(4, '0')}`,
      reportedMs: ms,
      stolenCents: stolen[i],
    }));
    for (const incident of incidents) {
      const country = random.weighted(COUNTRY_WEIGHTS);
      plan(context, incident.reportedMs, {
        type: 'ReportStolenFunds',
        data: {
          incidentId: incident.incidentId,
          usdValue: usdFromCents(incident.stolenCents),
          reportedAt: isoInstant(incident.reportedMs),
          kind: random.weighted(INCIDENT_KINDS),
          country,
        },
      });
    }

    // Recoveries: spread over a subset of the bucket's incidents in proportion to what each lost.
    const lastEligibleMs = (Math.min(...bucket.recoveries.map((w) => dayOf(w.to))) - 7) * DAY_MS;
    const eligible = incidents.filter((i) => i.reportedMs < lastEligibleMs);
    const recovering = eligible.filter(() => random.chance(0.6));
    for (const candidate of [...eligible].sort((a, b) => b.stolenCents - a.stolenCents)) {
      if (sumCents(recovering) >= 0.4 * bucket.stolenCents) break;
      if (!recovering.includes(candidate)) recovering.push(candidate);
    }
    const recoveredCents = new Map<string, number>();
    for (const window of bucket.recoveries) {
      const windowFrom = dayOf(window.from);
      const windowTo = dayOf(window.to);
      const argentinaInWindow =
        argentina && dayOf(ARGENTINA_RECOVERY.recoveredAt) >= windowFrom && dayOf(ARGENTINA_RECOVERY.recoveredAt) <= windowTo;
      const shares = apportion(
        window.cents - (argentinaInWindow ? ARGENTINA_RECOVERY.recoveredCents : 0),
        recovering.map((i) => i.stolenCents),
      );
      recovering.forEach((incident, k) => {
        if (shares[k] === 0) return;
        const earliest = Math.max(Math.floor(incident.reportedMs / DAY_MS) + 1, windowFrom);
        const ms = (earliest + Math.floor(random.next() * (windowTo - earliest + 1))) * DAY_MS + random.int(9, 18) * HOUR_MS;
        recoveredCents.set(incident.incidentId, (recoveredCents.get(incident.incidentId) ?? 0) + shares[k]);
        plan(context, ms, {
          type: 'RecordRecovery',
          data: { incidentId: incident.incidentId, usdValue: usdFromCents(shares[k]), recoveredAt: isoInstant(ms) },
        });
      });
    }
    for (const incident of recovering) {
      if ((recoveredCents.get(incident.incidentId) ?? 0) > incident.stolenCents)
        throw new Error(`demo plan recovers more than ${incident.incidentId} lost`);
    }
    all.push(...incidents);

    if (argentina) {
      const reportedMsAr = Date.parse(ARGENTINA_RECOVERY.reportedAt);
      plan(context, reportedMsAr, {
        type: 'ReportStolenFunds',
        data: {
          incidentId: ARGENTINA_RECOVERY.incidentId,
          usdValue: usdFromCents(ARGENTINA_RECOVERY.stolenCents),
          reportedAt: ARGENTINA_RECOVERY.reportedAt,
          kind: 'hack',
          country: 'AR',
        },
      });
      plan(context, Date.parse(ARGENTINA_RECOVERY.recoveredAt), {
        type: 'RecordRecovery',
        data: {
          incidentId: ARGENTINA_RECOVERY.incidentId,
          usdValue: usdFromCents(ARGENTINA_RECOVERY.recoveredCents),
          recoveredAt: ARGENTINA_RECOVERY.recoveredAt,
        },
      });
      all.push({ incidentId: ARGENTINA_RECOVERY.incidentId, reportedMs: reportedMsAr, stolenCents: ARGENTINA_RECOVERY.stolenCents });
    }
  }
  return all.sort((a, b) => a.reportedMs - b.reportedMs);
}

function sumCents(incidents: readonly PlannedIncident[]): number {
  return incidents.reduce((s, i) => s + i.stolenCents, 0);
}

// ---------------------------------------------------------------------------------------------------------
// Freezes and what becomes of them

interface AssetLine {
  readonly asset: string;
  readonly decimals: number;
  readonly units: bigint;
  readonly cents: bigint;
}

const FREEZE_REASONS = [
  'law-enforcement freeze order',
  'proceeds of an investment scam',
  'ransomware proceeds',
  'account takeover proceeds',
  'sanctions match',
] as const;

/** Plans every freeze and its follow-ups; returns, per day, how many freezes point at that day's first requests. */
function planFreezes(context: PlanContext, random: SeededRandom, incidents: readonly PlannedIncident[]): Map<number, number> {
  const linkedPerDay = new Map<number, number>();
  planDeaSeizure(context, random);
  let number = 0;
  for (const [p, period] of FREEZE_PERIODS.entries()) {
    const dea = p === 0;
    const days = randomDays(random, period, period.freezes - (dea ? 1 : 0));
    const cents = apportion(
      period.frozenCents - (dea ? DEA_SEIZURE.usdtCents + DEA_SEIZURE.btcCents : 0),
      days.map(() => random.logNormal(1, 1.1)),
    );
    days.forEach((day, i) => {
      const freezeId = `fz-${yearOf(day)}-${String(++number).padStart(5, '0')}`;
      const frozenMs = day * DAY_MS + REQUEST_WINDOW_MS + random.int(0, 10_000) * 1000;
      const country = random.weighted(COUNTRY_WEIGHTS);
      const lines = assetLines(random, cents[i], yearOf(day));
      const linked = random.chance(FREEZES_LINKED_TO_REQUESTS);
      const ordinal = linked ? (linkedPerDay.get(day) ?? 0) : -1;
      if (linked) linkedPerDay.set(day, ordinal + 1);
      const accounts = Array.from({ length: random.int(1, 3) }, () => random.hex(64));
      const data: FundsFrozen['data'] = {
        freezeId,
        assets: lines.map(toAssetAmount),
        frozenAt: isoInstant(frozenMs),
        reason: random.pick(FREEZE_REASONS),
        country,
        accounts,
        ...(linked ? { requestId: demoRequestId(day, ordinal) } : {}),
      };
      plan(context, frozenMs, { type: 'FreezeFunds', data }, linked ? { day, ordinal } : undefined);
      planFollowUp(context, random, freezeId, frozenMs, country, lines, incidents);
    });
  }
  return linkedPerDay;
}

function planDeaSeizure(context: PlanContext, random: SeededRandom): void {
  const lines: AssetLine[] = [
    { asset: 'USDT', decimals: 6, units: BigInt(DEA_SEIZURE.usdtCents) * 10_000n, cents: BigInt(DEA_SEIZURE.usdtCents) },
    {
      asset: 'BTC',
      decimals: 8,
      units: (BigInt(DEA_SEIZURE.btcCents) * 10n ** 8n) / BigInt(DEA_SEIZURE.btcPriceUsd * 100),
      cents: BigInt(DEA_SEIZURE.btcCents),
    },
  ];
  const frozenMs = Date.parse(DEA_SEIZURE.frozenAt);
  const requestId = 'dea-michigan-mexico-2022-request';
  const dea: Agency = AGENCIES_BY_COUNTRY.US.find((a) => a.name === DEA_SEIZURE.authority) as Agency;
  plan(context, frozenMs - 6 * HOUR_MS, {
    type: 'ReceiveRequest',
    data: { requestId, agency: dea, kind: 'freeze', receivedAt: isoInstant(frozenMs - 6 * HOUR_MS), reference: 'DEA-MI-2022-0311' },
  });
  plan(context, frozenMs + HOUR_MS, {
    type: 'AnswerRequest',
    data: { requestId, answeredAt: isoInstant(frozenMs + HOUR_MS), outcome: 'disclosed' },
  });
  plan(context, frozenMs, {
    type: 'FreezeFunds',
    data: {
      freezeId: DEA_SEIZURE.freezeId,
      assets: lines.map(toAssetAmount),
      frozenAt: DEA_SEIZURE.frozenAt,
      reason: 'proceeds of narcotics sales converted to stablecoins and bitcoin (Michigan-Mexico pipeline)',
      country: 'US',
      requestId,
      accounts: Array.from({ length: DEA_SEIZURE.accounts }, () => random.hex(64)),
    },
  });
  plan(context, Date.parse(DEA_SEIZURE.seizedAt), {
    type: 'SeizeFunds',
    data: {
      freezeId: DEA_SEIZURE.freezeId,
      assets: lines.map(toAssetAmount),
      seizedAt: DEA_SEIZURE.seizedAt,
      authority: DEA_SEIZURE.authority,
      orderReference: DEA_SEIZURE.orderReference,
    },
  });
}

/** One or two assets worth `cents` together, valued at the year's price. */
function assetLines(random: SeededRandom, cents: number, year: number): AssetLine[] {
  const first = random.weighted(ASSETS.map((a) => [a, a.weight] as const));
  const second = random.chance(0.3) ? random.weighted(ASSETS.filter((a) => a !== first).map((a) => [a, a.weight] as const)) : undefined;
  const parts = second ? apportion(cents, [0.6, 0.4]) : [cents];
  return [first, second]
    .filter((a) => a !== undefined)
    .map((asset, i) => {
      const priceCents = BigInt(Math.round(asset.priceUsd[year] * 100));
      const units = (BigInt(parts[i]) * 10n ** BigInt(asset.decimals)) / priceCents;
      return { asset: asset.asset, decimals: asset.decimals, units: units > 0n ? units : 1n, cents: BigInt(parts[i]) };
    });
}

function toAssetAmount(line: AssetLine): AssetAmount {
  return { asset: line.asset, amount: amountFromUnits(line.units, line.decimals), usdValue: usdFromCents(line.cents) };
}

/** `percent` of each line (floor), dropping lines that round to nothing. */
function portion(lines: readonly AssetLine[], percent: number): AssetLine[] {
  return lines
    .map((l) => ({ ...l, units: (l.units * BigInt(percent)) / 100n, cents: (l.cents * BigInt(percent)) / 100n }))
    .filter((l) => l.units > 0n);
}

function remainder(lines: readonly AssetLine[], taken: readonly AssetLine[]): AssetLine[] {
  return lines
    .map((l) => {
      const t = taken.find((x) => x.asset === l.asset);
      return t ? { ...l, units: l.units - t.units, cents: l.cents - t.cents } : l;
    })
    .filter((l) => l.units > 0n);
}

const HISTORY_END_MS = (dayOf(HISTORY_END) + 1) * DAY_MS;

function planFollowUp(
  context: PlanContext,
  random: SeededRandom,
  freezeId: string,
  frozenMs: number,
  country: string,
  lines: readonly AssetLine[],
  incidents: readonly PlannedIncident[],
): void {
  const roll = random.next();
  const afterMs = frozenMs + random.int(20, 240) * DAY_MS + random.int(0, 8) * HOUR_MS;
  if (afterMs >= HISTORY_END_MS || roll >= 0.22) return;
  const seize = (ms: number, part: readonly AssetLine[]): void => {
    const authority = random.pick(AGENCIES_BY_COUNTRY[country]).name;
    plan(context, ms, {
      type: 'SeizeFunds',
      data: {
        freezeId,
        assets: part.map(toAssetAmount),
        seizedAt: isoInstant(ms),
        authority,
        orderReference: `${country}-ORD-${yearOf(Math.floor(ms / DAY_MS))}-${random.int(100, 99_999)}`,
      },
    });
  };
  const release = (ms: number, part: readonly AssetLine[], reason: string): void =>
    plan(context, ms, { type: 'ReleaseFunds', data: { freezeId, assets: part.map(toAssetAmount), releasedAt: isoInstant(ms), reason } });

  if (roll < 0.1) {
    const part = portion(lines, random.int(50, 100));
    if (part.length > 0) seize(afterMs, part);
  } else if (roll < 0.16) {
    const part = random.chance(0.5) ? [...lines] : portion(lines, random.int(30, 99));
    if (part.length > 0)
      release(
        afterMs,
        part,
        random.pick(['order lifted by the court', 'no link to the investigation found', 'requesting agency closed the case']),
      );
  } else if (roll < 0.2) {
    const victims = incidents.filter((i) => i.reportedMs < frozenMs);
    if (victims.length === 0) return;
    const incident = victims[Math.floor(random.next() * victims.length)];
    plan(context, afterMs, {
      type: 'ReturnFunds',
      data: { freezeId, assets: lines.map(toAssetAmount), returnedAt: isoInstant(afterMs), incidentId: incident.incidentId },
    });
  } else {
    const seized = portion(lines, 60);
    if (seized.length === 0) return;
    seize(afterMs, seized);
    const releaseMs = afterMs + 30 * DAY_MS;
    const rest = remainder(lines, seized);
    if (releaseMs < HISTORY_END_MS && rest.length > 0) release(releaseMs, rest, 'the court ordered the remainder released');
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Binary min-heap: pending answers, ordered by when they happen. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i], items[parent]) >= 0) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): T {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as T;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left], items[smallest]) < 0) smallest = left;
        if (right < items.length && this.compare(items[right], items[smallest]) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}
