import type { Agency, AssetAmount } from '@ledger/domain';
import type { FundsFrozen } from '@ledger/domain/freeze/freeze.events';
import type { IncidentKind } from '@ledger/domain/incident/incident.events';
import { amountFromUnits, apportion, DAY_MS, dayOf, HOUR_MS, isoInstant, usdFromCents, yearOf } from './calendar';
import { SeededRandom } from './prng';
import {
  ARGENTINA_RECOVERY,
  DEA_SEIZURE,
  FREEZE_PERIODS,
  FREEZES_LINKED_TO_REQUESTS,
  HISTORY_END,
  INCIDENT_BUCKETS,
} from './public-record';
import { AGENCIES_BY_COUNTRY, ASSETS, COUNTRY_WEIGHTS } from './reference-data';
import { plan, type PlanContext, REQUEST_WINDOW_MS, demoRequestId, randomDays } from './demo-plan';

/** The demo history's stolen-funds incidents, recoveries and freezes, planned up front. */

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

export function planIncidents(context: PlanContext, random: SeededRandom): PlannedIncident[] {
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
export function planFreezes(context: PlanContext, random: SeededRandom, incidents: readonly PlannedIncident[]): Map<number, number> {
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
