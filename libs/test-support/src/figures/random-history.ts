import type { NewEvent } from './memory-event-store';
import * as e from './ledger-events';

/** Deterministic pseudo-random generator (mulberry32): same seed, same history. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['AR', 'BR', 'MX', 'US', 'DE'];

/**
 * A history of every category with corrections, withdrawals, late answers and recoveries, business times spread
 * over 2021-11..2024-12 out of recording order, recordedAt increasing one minute per event from 2025-01-01.
 */
export function randomHistory(seed: number, size: number): NewEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const instant = () => new Date(Date.UTC(2021, 10, 1) + Math.floor(next() * 3 * 365 * 86_400) * 1000).toISOString();
  const events: NewEvent[] = [];
  const trainings: string[] = [];
  const openRequests: { id: string; receivedAt: string }[] = [];
  const freezes: { id: string; at: string; asset: string; tenths: number }[] = [];
  const incidents: { id: string; at: string }[] = [];
  let id = 0;
  while (events.length < size) {
    const roll = next();
    const key = `${seed}-${++id}`;
    if (roll < 0.12) {
      const day = instant().slice(0, 10);
      events.push(
        e.training(key, {
          deliveredOn: day,
          country: pick(COUNTRIES),
          participants: 1 + Math.floor(next() * 50),
          format: pick(['in_person', 'virtual']),
          agencies: [e.agency(pick(COUNTRIES), 'police', `agency ${Math.floor(next() * 6)}`)],
        }),
      );
      trainings.push(key);
    } else if (roll < 0.16 && trainings.length > 0) {
      const t = trainings.splice(Math.floor(next() * trainings.length), 1)[0];
      events.push(
        next() < 0.5
          ? e.withdrawTraining(t)
          : e.correctTraining(t, {
              country: pick(COUNTRIES),
              deliveredOn: instant().slice(0, 10),
              participants: 1 + Math.floor(next() * 9),
            }),
      );
    } else if (roll < 0.5) {
      const receivedAt = instant();
      const dueBy =
        next() < 0.5 ? new Date(Date.parse(receivedAt) + Math.floor(next() * 10) * 86_400_000).toISOString().slice(0, 10) : undefined;
      events.push(
        e.receiveRequest(key, receivedAt, {
          dueBy,
          agency: e.agency(pick(COUNTRIES), pick(['police', 'prosecutor'])),
          kind: pick(['information', 'freeze']),
        }),
      );
      openRequests.push({ id: key, receivedAt });
    } else if (roll < 0.72 && openRequests.length > 0) {
      const r = openRequests.splice(Math.floor(next() * openRequests.length), 1)[0];
      const closedAt = new Date(Date.parse(r.receivedAt) + Math.floor(next() * 12 * 86_400) * 1000).toISOString();
      events.push(next() < 0.9 ? e.answerRequest(r.id, closedAt) : e.withdrawRequest(r.id, closedAt));
    } else if (roll < 0.82) {
      const at = instant();
      const asset = pick(['BTC', 'USDT']);
      events.push(
        e.freeze(
          key,
          at,
          [{ asset, amount: '1', usdValue: `${Math.floor(next() * 1e6)}.${String(Math.floor(next() * 1e8)).padStart(8, '0')}` }],
          pick(COUNTRIES),
        ),
      );
      freezes.push({ id: key, at, asset, tenths: 10 });
    } else if (roll < 0.88 && freezes.some((f) => f.tenths > 0)) {
      // Disposals never take more than is held (the domain's invariant), at a price of their own.
      const f = pick(freezes.filter((candidate) => candidate.tenths > 0));
      f.tenths--;
      const assets = [{ asset: f.asset, amount: '0.1', usdValue: `${Math.floor(next() * 1000)}.5` }];
      const at = new Date(Date.parse(f.at) + 86_400_000).toISOString();
      events.push(pick([e.release, e.seize, e.returned])(f.id, at, assets));
    } else if (roll < 0.95) {
      const at = instant();
      events.push(e.stolen(key, at, `${1 + Math.floor(next() * 1e7)}`, pick(COUNTRIES)));
      incidents.push({ id: key, at });
    } else if (incidents.length > 0) {
      const i = pick(incidents);
      events.push(
        e.recovered(i.id, new Date(Date.parse(i.at) + Math.floor(next() * 400) * 86_400_000).toISOString(), `${Math.floor(next() * 1e6)}`),
      );
    }
  }
  return events.map((event, i) => ({ ...event, recordedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() }));
}
