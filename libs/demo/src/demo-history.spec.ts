import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import { DEMO_IMPORT_SOURCE, generateDemoHistory, type DemoCommand, type DemoCommandInput } from './demo-history';
import { ARGENTINA_RECOVERY, FIRST_YEAR_COUNTRIES, SEED_DATES } from './public-record';

/**
 * Recomputes every line of the public record (docs/demo.md) straight from the generated commands, with its own
 * arithmetic (not the figure definitions), and checks the line holds.
 */

type Of<T extends DemoCommandInput['type']> = Extract<DemoCommandInput, { type: T }>['data'];

interface Training {
  details: Of<'RecordTrainingSession'>;
  withdrawn: boolean;
}

interface History {
  commands: number;
  trainings: Map<string, Training>;
  received: { requestId: string; receivedAt: string }[];
  answered: { requestId: string; receivedAt: string; answeredAt: string }[];
  freezes: Map<string, { frozen: Of<'FreezeFunds'>; seized: Of<'SeizeFunds'>[] }>;
  stolen: Of<'ReportStolenFunds'>[];
  recovered: (Of<'RecordRecovery'> & { country: string })[];
  orderViolations: string[];
  keys: Set<string>;
  digest: string;
}

function replay(commands: Iterable<DemoCommand>): History {
  const history: History = {
    commands: 0,
    trainings: new Map(),
    received: [],
    answered: [],
    freezes: new Map(),
    stolen: [],
    recovered: [],
    orderViolations: [],
    keys: new Set(),
    digest: '',
  };
  const receivedAt = new Map<string, string>();
  const incidentCountry = new Map<string, string>();
  const hash = createHash('sha256');
  let previous = '';
  for (const item of commands) {
    history.commands++;
    history.keys.add(item.idempotencyKey);
    hash.update(JSON.stringify(item));
    if (item.occurredAt < previous) history.orderViolations.push(`${item.seq} at ${item.occurredAt} after ${previous}`);
    // Imported with the time the earlier system recorded it: as it happened, so "as known at" a day holds everything up to it.
    if (item.imported.recordedAt !== item.occurredAt || item.imported.source !== DEMO_IMPORT_SOURCE)
      history.orderViolations.push(`${item.seq} imported as recorded at ${item.imported.recordedAt}`);
    previous = item.occurredAt;
    const { command } = item;
    // Every asset line is worth something: the domain refuses usdValue 0.
    for (const line of (command.data as { assets?: { usdValue: string }[] }).assets ?? []) {
      if (!/[1-9]/.test(line.usdValue))
        history.orderViolations.push(`${item.seq} ${command.type} with an asset line worth ${line.usdValue} USD`);
    }
    switch (command.type) {
      case 'RecordTrainingSession':
        history.trainings.set(command.data.trainingId, { details: command.data, withdrawn: false });
        break;
      case 'CorrectTrainingSession': {
        const training = history.trainings.get(command.data.trainingId)!;
        training.details = { ...training.details, ...command.data.changes };
        break;
      }
      case 'WithdrawTrainingSession':
        history.trainings.get(command.data.trainingId)!.withdrawn = true;
        break;
      case 'ReceiveRequest':
        receivedAt.set(command.data.requestId, command.data.receivedAt);
        history.received.push({ requestId: command.data.requestId, receivedAt: command.data.receivedAt });
        break;
      case 'AnswerRequest': {
        const at = receivedAt.get(command.data.requestId);
        if (at === undefined || at > command.data.answeredAt)
          history.orderViolations.push(`answer before receipt: ${command.data.requestId}`);
        history.answered.push({ requestId: command.data.requestId, receivedAt: at ?? '', answeredAt: command.data.answeredAt });
        break;
      }
      case 'FreezeFunds':
        if (command.data.requestId !== undefined && !receivedAt.has(command.data.requestId)) {
          history.orderViolations.push(`freeze ${command.data.freezeId} points at unknown request ${command.data.requestId}`);
        }
        history.freezes.set(command.data.freezeId, { frozen: command.data, seized: [] });
        break;
      case 'SeizeFunds':
        history.freezes.get(command.data.freezeId)!.seized.push(command.data);
        break;
      case 'ReturnFunds':
        if (command.data.incidentId !== undefined && !incidentCountry.has(command.data.incidentId)) {
          history.orderViolations.push(`return from ${command.data.freezeId} cites unknown incident ${command.data.incidentId}`);
        }
        break;
      case 'ReportStolenFunds':
        incidentCountry.set(command.data.incidentId, command.data.country);
        history.stolen.push(command.data);
        break;
      case 'RecordRecovery':
        history.recovered.push({ ...command.data, country: incidentCountry.get(command.data.incidentId)! });
        break;
      default:
        break;
    }
  }
  history.digest = hash.digest('hex');
  return history;
}

const usd = (values: Iterable<string>): Decimal => [...values].reduce((s, v) => s.plus(v), new Decimal(0));
const within = (time: string, from: string, toInclusive: string): boolean => time.slice(0, 10) >= from && time.slice(0, 10) <= toInclusive;
const daysBefore = (isoDay: string, days: number): string =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const liveTrainings = (h: History): Of<'RecordTrainingSession'>[] =>
  [...h.trainings.values()].filter((t) => !t.withdrawn).map((t) => t.details);

describe('demo history: the public record, recomputed from the generated commands', () => {
  let history: History;
  beforeAll(() => {
    history = replay(generateDemoHistory());
  });

  it('is roughly 300k+ commands in business-time order, each with its own idempotency key', () => {
    expect(history.commands).toBeGreaterThan(300_000);
    expect(history.keys.size).toBe(history.commands);
    expect(history.orderViolations).toEqual([]);
  });

  it('line 1: 120+ trainings delivered in 2023 (after the withdrawn duplicate and the date correction)', () => {
    const sessions2023 = liveTrainings(history).filter((t) => t.deliveredOn.startsWith('2023-'));
    expect(sessions2023.length).toBeGreaterThanOrEqual(120);
    expect(sessions2023.length).toBe(123);
  });

  it('line 2: the Mexico City seminar had 35 participants from four agencies', () => {
    const mx = liveTrainings(history).filter(
      (t) => t.country === 'MX' && t.city === 'Mexico City' && t.participants === 35 && new Set(t.agencies.map((a) => a.name)).size === 4,
    );
    expect(mx).toHaveLength(1);
    expect(mx[0].deliveredOn >= '2024-01-01' && mx[0].deliveredOn < SEED_DATES.mexicoSeminarArticle).toBe(true);
  });

  it('line 3: Buenos Aires, two days, 40 investigators of the judicial investigation corps', () => {
    const ar = liveTrainings(history).filter((t) => t.country === 'AR' && t.participants === 40 && t.endsOn !== undefined);
    expect(ar).toHaveLength(1);
    const days = (Date.parse(ar[0].endsOn!) - Date.parse(ar[0].deliveredOn)) / 86_400_000 + 1;
    expect(days).toBe(2);
    expect(ar[0].city).toBe('Buenos Aires');
    expect(ar[0].deliveredOn < SEED_DATES.buenosAiresArticle).toBe(true);
  });

  it('line 4: INTERPOL virtual session on 24 January 2024 with 30+ officers', () => {
    const interpol = liveTrainings(history).filter((t) => t.partner === 'INTERPOL');
    expect(interpol).toHaveLength(1);
    expect(interpol[0]).toMatchObject({ deliveredOn: '2024-01-24', format: 'virtual' });
    expect(interpol[0].participants).toBeGreaterThanOrEqual(30);
  });

  it("line 5: 30+ workshops in the programme's first year, covering all eleven named countries", () => {
    const firstYear = liveTrainings(history).filter((t) => within(t.deliveredOn, '2021-11-01', SEED_DATES.programmeLaunchArticle));
    expect(firstYear.length).toBeGreaterThanOrEqual(30);
    const countries = new Set(firstYear.map((t) => t.country));
    for (const country of FIRST_YEAR_COUNTRIES) expect(countries).toContain(country);
  });

  it('line 6: 27,000+ requests answered 2021-11-01..2022-09-27, average response about 3 days', () => {
    const answered = history.answered.filter((a) => within(a.answeredAt, '2021-11-01', SEED_DATES.programmeLaunchArticle));
    expect(answered.length).toBeGreaterThanOrEqual(27_000);
    const avgDays = answered.reduce((s, a) => s + (Date.parse(a.answeredAt) - Date.parse(a.receivedAt)), 0) / answered.length / 86_400_000;
    expect(avgDays).toBeGreaterThan(2.85);
    expect(avgDays).toBeLessThan(3.15);
  });

  it('line 7: about 58,000 requests received in 2023', () => {
    const received2023 = history.received.filter((r) => r.receivedAt.startsWith('2023-')).length;
    expect(received2023).toBe(58_000);
  });

  it('line 8: 63,000+ requests received and answered in 2024 by the Mexico article', () => {
    const asOf = daysBefore(SEED_DATES.mexicoSeminarArticle, 1);
    expect(history.received.filter((r) => within(r.receivedAt, '2024-01-01', asOf)).length).toBeGreaterThanOrEqual(63_000);
    expect(history.answered.filter((a) => within(a.answeredAt, '2024-01-01', asOf)).length).toBeGreaterThanOrEqual(63_000);
  });

  it('line 9: 100,000+ requests over the two years before the Buenos Aires article', () => {
    const to = daysBefore(SEED_DATES.buenosAiresArticle, 1);
    const from = `${Number(SEED_DATES.buenosAiresArticle.slice(0, 4)) - 2}${SEED_DATES.buenosAiresArticle.slice(4)}`;
    expect(history.received.filter((r) => within(r.receivedAt, from, to)).length).toBeGreaterThanOrEqual(100_000);
    expect(history.answered.filter((a) => within(a.answeredAt, from, to)).length).toBeGreaterThanOrEqual(100_000);
  });

  it('line 10: more than $1B frozen by the Buenos Aires article, and by the end of 2024', () => {
    const frozenBy = (day: string): Decimal =>
      usd(
        [...history.freezes.values()]
          .filter((f) => f.frozen.frozenAt.slice(0, 10) < day)
          .flatMap((f) => f.frozen.assets.map((a) => a.usdValue)),
      );
    expect(frozenBy(SEED_DATES.buenosAiresArticle).greaterThan(1_000_000_000)).toBe(true);
    expect(frozenBy('2025-01-01').greaterThan(1_000_000_000)).toBe(true);
  });

  it('line 11: recovery rate 2024 is exactly 1.33 x 2023 ($55M recovered in 2023, $73M Jan-Jul 2024)', () => {
    const stolenIn = (year: string) => usd(history.stolen.filter((s) => s.reportedAt.startsWith(year)).map((s) => s.usdValue));
    const recoveredIn = (from: string, to: string) =>
      usd(history.recovered.filter((r) => within(r.recoveredAt, from, to)).map((r) => r.usdValue));
    const rate2023 = recoveredIn('2023-01-01', '2023-12-31').div(stolenIn('2023'));
    const rate2024 = recoveredIn('2024-01-01', '2024-12-31').div(stolenIn('2024'));
    expect(rate2024.div(rate2023).minus(1).toString()).toBe('0.33');
    expect(recoveredIn('2023-01-01', '2023-12-31').toString()).toBe('55000000');
    expect(recoveredIn('2024-01-01', '2024-07-31').toString()).toBe('73000000');
  });

  it('line 12: about $1.8M seized with the DEA, from six pseudonymous accounts', () => {
    const dea = [...history.freezes.values()].filter(
      (f) =>
        f.seized.some((s) => s.authority.includes('Drug Enforcement')) &&
        f.frozen.accounts?.length === 6 &&
        f.frozen.frozenAt < SEED_DATES.jakubcekInterview,
    );
    expect(dea).toHaveLength(1);
    const [freeze] = dea;
    for (const account of freeze.frozen.accounts ?? []) expect(account).toMatch(/^[0-9a-f]{64}$/);
    const seizedUsd = usd(freeze.seized.flatMap((s) => s.assets.map((a) => a.usdValue)));
    expect(seizedUsd.toNumber()).toBeGreaterThanOrEqual(1_750_000);
    expect(seizedUsd.toNumber()).toBeLessThanOrEqual(1_850_000);
  });

  it('line 13: $170,000+ recovered in Argentina', () => {
    const argentina = usd(
      history.recovered.filter((r) => r.country === 'AR' && r.recoveredAt < SEED_DATES.buenosAiresArticle).map((r) => r.usdValue),
    );
    expect(argentina.toNumber()).toBeGreaterThanOrEqual(170_000);
    expect(history.recovered.some((r) => r.incidentId === ARGENTINA_RECOVERY.incidentId)).toBe(true);
  });

  it('line 14: about 90% of freezes are linked to a law-enforcement request', () => {
    const freezes = [...history.freezes.values()];
    const linked = freezes.filter((f) => f.frozen.requestId !== undefined).length / freezes.length;
    expect(linked).toBeGreaterThan(0.87);
    expect(linked).toBeLessThan(0.93);
  });

  it('recovers no more than was stolen, per incident', () => {
    const stolen = new Map(history.stolen.map((s) => [s.incidentId, new Decimal(s.usdValue)]));
    const recovered = new Map<string, Decimal>();
    for (const r of history.recovered) recovered.set(r.incidentId, (recovered.get(r.incidentId) ?? new Decimal(0)).plus(r.usdValue));
    const over = [...recovered].filter(([id, value]) => value.greaterThan(stolen.get(id) ?? 0)).map(([id]) => id);
    expect(over).toEqual([]);
  });
});

describe('demo history: determinism and options', () => {
  const digestOf = (options: Parameters<typeof generateDemoHistory>[0]) => replay(generateDemoHistory(options)).digest;

  it('is the same bytes on every run, and another seed gives another history', () => {
    const options = { until: '2022-01-15' };
    expect(digestOf(options)).toBe(digestOf(options));
    expect(digestOf({ ...options, seed: 'another seed' })).not.toBe(digestOf(options));
  });

  it('until stops before the given day; scale shrinks the requests only', () => {
    const small = replay(generateDemoHistory({ until: '2022-01-01', scale: 0.01 }));
    const full = replay(generateDemoHistory({ until: '2022-01-01' }));
    expect(small.received.every((r) => r.receivedAt < '2022-01-01')).toBe(true);
    expect(small.received.length).toBeLessThan(full.received.length / 50);
    expect(small.received.length).toBeGreaterThan(0);
    expect(small.trainings.size).toBe(full.trainings.size);
    expect(small.orderViolations).toEqual([]);
  });

  it('a shorter history is a prefix of the longer one (same keys for the same commands)', () => {
    const head = [...generateDemoHistory({ until: '2021-11-20' })];
    const longer = generateDemoHistory({ until: '2021-12-31' });
    const prefix = head.map(() => longer.next().value as DemoCommand);
    expect(prefix).toEqual(head);
  });

  it('refuses a scale that is not positive', () => {
    expect(() => generateDemoHistory({ scale: 0 }).next()).toThrow(RangeError);
  });
});
