import type { TrainingSessionDetails } from '@ledger/domain';
import type { FundsFrozen, FundsReleased, FundsReturned, FundsSeized } from '@ledger/domain/freeze/freeze.events';
import type { FundsRecovered, StolenFundsReported } from '@ledger/domain/incident/incident.events';
import type { LawEnforcementRequestReceived, RequestKind, RequestOutcome } from '@ledger/domain/le-request/le-request.events';
import { apportion, DAY_MS, dayOf, HOUR_MS, isoDate, isoInstant, weekday, yearOf } from './calendar';
import { SeededRandom } from './prng';
import {
  BUENOS_AIRES_TRAINING,
  EMERGENCY_RESPONSE_HOURS,
  EMERGENCY_SHARE,
  FIRST_YEAR_COUNTRIES,
  HISTORY_END,
  HISTORY_START,
  INTERPOL_SESSION,
  MEXICO_CITY_SEMINAR,
  REQUEST_PERIODS,
  TRAINING_PERIODS,
  WITHDRAWN_SHARE,
} from './public-record';
import { AGENCIES_BY_COUNTRY, CITIES, COUNTRY_WEIGHTS, INTERPOL, TRAINING_TOPICS } from './reference-data';
import { planFreezes, planIncidents } from './demo-funds';
import { MinHeap } from './min-heap';
import { plan, type PlanContext, type Planned, REQUEST_WINDOW_MS, demoRequestId, randomDays } from './demo-plan';

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

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
