import { decimal, rounded } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { canonicalInstant } from '../model/business-time';
import { fromMinorUnits, toMinorUnits } from '../model/minor-units';
import { withYearEventMarks, YEAR_EVENTS_COLUMN, YEAR_EVENTS_COLUMN_SPEC, YEAR_EVENTS_METHODOLOGY } from './year-event-marks';
import { changedContributions } from './contribution-diff';
import { type AnswerRow, type ContributionDraft, dataOf, type FigureDefinition, ProjectionRuleError } from './figure-definition';
import { countValue, RATIO_DECIMALS, USD_SCALE } from './measure-math';

interface Recovery {
  readonly at: string;
  /** 10^-8 USD as a decimal string. */
  readonly usd: string;
  /** The freeze it came from, when cited. */
  readonly freezeId?: string;
  /** A return to victims (FundsReturned citing the incident) rather than a recorded recovery. */
  readonly returned?: boolean;
}
interface IncidentState {
  readonly reportedAt: string;
  readonly usd: string;
  readonly kind: string;
  readonly country: string;
  readonly recoveries: readonly Recovery[];
  readonly reversed?: boolean;
}

/** FundsReturned is read through its incident; a return citing none is not this figure's business. */
const UNLINKED = '';
const entityOf = (event: RecordedEvent): string => {
  const id = (event.data as { incidentId?: string }).incidentId;
  return id ?? UNLINKED;
};

/** What counts as recovered: recoveries, and returns unless a recovery of the same incident cites the same freeze. */
function counted(state: IncidentState): Recovery[] {
  const recordedFreezes = new Set(state.recoveries.filter((r) => !r.returned && r.freezeId !== undefined).map((r) => r.freezeId));
  return state.recoveries.filter((r) => !r.returned || !recordedFreezes.has(r.freezeId));
}

function contributionsOf(state: IncidentState | undefined): ContributionDraft[] {
  if (!state || state.reversed) return [];
  const dims = [state.country, state.kind] as const;
  const rows: ContributionDraft[] = [{ occurredAt: state.reportedAt, dims, item: '', values: { stolenUsd: BigInt(state.usd), incidents: 1n } }];
  for (const recovery of counted(state)) {
    rows.push(
      { occurredAt: recovery.at, dims, item: '', values: { recoveredUsd: BigInt(recovery.usd), recoveries: 1n } },
      // The cohort: counted with the theft it recovers (at reportedAt), up to the answer's date by its own time (item).
      { occurredAt: state.reportedAt, dims, item: recovery.at, values: { cohortRecoveredUsd: BigInt(recovery.usd) } },
    );
  }
  return rows;
}

function live(event: RecordedEvent, state: IncidentState | undefined): IncidentState {
  if (!state) throw new ProjectionRuleError(`incident ${entityOf(event)} was never reported; ${event.type} cannot apply`);
  if (state.reversed) throw new ProjectionRuleError(`incident ${entityOf(event)} was reversed; ${event.type} cannot apply`);
  return state;
}

function next(event: RecordedEvent, state: IncidentState | undefined): { state: IncidentState; primaryAt: string } {
  switch (event.type) {
    case 'StolenFundsReported': {
      if (state) throw new ProjectionRuleError(`incident ${entityOf(event)} was already reported`);
      const data = dataOf<{ usdValue: string; reportedAt: string; kind: string; country: string }>(event);
      const reportedAt = canonicalInstant(data.reportedAt);
      return { state: { reportedAt, usd: toMinorUnits(data.usdValue, USD_SCALE).toString(), kind: data.kind, country: data.country, recoveries: [] }, primaryAt: reportedAt };
    }
    case 'FundsRecovered': {
      const incident = live(event, state);
      const data = dataOf<{ usdValue: string; recoveredAt: string; freezeId?: string }>(event);
      const at = canonicalInstant(data.recoveredAt);
      const recovery: Recovery = { at, usd: toMinorUnits(data.usdValue, USD_SCALE).toString(), ...(data.freezeId === undefined ? {} : { freezeId: data.freezeId }) };
      return { state: { ...incident, recoveries: [...incident.recoveries, recovery] }, primaryAt: at };
    }
    case 'FundsReturned': {
      const incident = live(event, state);
      const data = dataOf<{ freezeId: string; returnedAt: string; assets: { usdValue: string }[] }>(event);
      const at = canonicalInstant(data.returnedAt);
      const units = data.assets.reduce((sum, line) => sum + toMinorUnits(line.usdValue, USD_SCALE), 0n);
      return { state: { ...incident, recoveries: [...incident.recoveries, { at, usd: units.toString(), freezeId: data.freezeId, returned: true }] }, primaryAt: at };
    }
    case 'IncidentCorrected': {
      const incident = live(event, state);
      const changes = dataOf<{ changes: Partial<{ usdValue: string; reportedAt: string; kind: string; country: string }> }>(event).changes ?? {};
      const corrected: IncidentState = {
        ...incident,
        reportedAt: changes.reportedAt === undefined ? incident.reportedAt : canonicalInstant(changes.reportedAt),
        usd: changes.usdValue === undefined ? incident.usd : toMinorUnits(changes.usdValue, USD_SCALE).toString(),
        kind: changes.kind ?? incident.kind,
        country: changes.country ?? incident.country,
      };
      return { state: corrected, primaryAt: corrected.reportedAt };
    }
    case 'IncidentReversed':
      return { state: { ...live(event, state), reversed: true }, primaryAt: state!.reportedAt };
    default:
      throw new ProjectionRuleError(`recovery-rate does not read ${event.type}`);
  }
}

const exactRate = (recovered: bigint, stolen: bigint) => (stolen === 0n ? undefined : decimal(recovered.toString()).div(stolen.toString()));
const usd = (units: bigint | undefined) => fromMinorUnits(units ?? 0n, USD_SCALE);

export const recoveryRateFigureV2: FigureDefinition<IncidentState | undefined> = {
  name: 'recovery-rate',
  version: 2,
  title: 'Stolen funds reported and recovered: cohort and flow recovery rates',
  methodology: [
    'stolenUsd: USD value of thefts reported in the period (at reportedAt). recoveredUsd: USD value recovered in the period (at recoveredAt), whatever year the theft was reported in. Both in the country and incident kind of the incident. Sums are exact (8 decimals).',
    'What counts as recovered: each recovery recorded for the incident (FundsRecovered), and each return of frozen funds to victims that cites the incident (FundsReturned with its incidentId, at the USD value the return reported), unless a recovery of the same incident cites the same freeze (then that recovery is the record of it, counted once).',
    'cohortRate, the headline recovery rate: for the thefts reported in the period, what has been recovered of them up to the answer\'s asOf (or to date, and never beyond the date known at) over what was stolen: cohortRecoveredUsd / stolenUsd. A 2023 theft recovered in 2024 raises 2023\'s cohortRate.',
    'rate, the flow rate: recoveredUsd / stolenUsd of the same period; it mixes cohorts (a recovery in 2024 of a 2023 theft lifts 2024). Kept because statements published under version 1 used it (e.g. "up 33%").',
    'Rates are computed exactly and rounded half-even to 6 decimals; null when nothing was reported stolen. yoyChange (flow rate) and cohortYoyChange (cohort rate), only when grouped by year: rate(year) / rate(previous year) - 1 for the same other group values; null when the previous year is missing or its rate is zero or null.',
    'A correction restates the incident (value, reportedAt, kind, country) with its recoveries; a reversal (recorded in error) removes it and its recoveries. Both take effect for answers known at or after them.',
    'incidents: thefts reported; recoveries: recoveries and counted returns. Groupable by year, month, country (of the victims) and incidentKind.',
    YEAR_EVENTS_METHODOLOGY,
  ],
  dimensions: [
    { name: 'country', description: 'ISO 3166-1 alpha-2 jurisdiction of the victims' },
    { name: 'incidentKind', description: 'hack, scam, ransomware or other' },
  ],
  measures: [
    { name: 'stolenUsd', unit: 'usd', description: 'USD value reported stolen in the period' },
    { name: 'cohortRecoveredUsd', unit: 'usd', description: 'USD value recovered to date of the thefts reported in the period' },
    { name: 'cohortRate', unit: 'ratio', description: 'cohortRecoveredUsd / stolenUsd (headline)' },
    { name: 'cohortYoyChange', unit: 'ratio', description: 'cohortRate / cohortRate of the previous year - 1' },
    { name: 'recoveredUsd', unit: 'usd', description: 'USD value recovered in the period (flow)' },
    { name: 'rate', unit: 'ratio', description: 'recoveredUsd / stolenUsd of the period (flow rate)' },
    { name: 'yoyChange', unit: 'ratio', description: 'rate / rate of the previous year - 1' },
    { name: 'incidents', unit: 'count', description: 'thefts reported' },
    { name: 'recoveries', unit: 'count', description: 'recoveries and counted returns' },
  ],
  columns: [
    { name: 'stolenUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'recoveredUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'cohortRecoveredUsd', kind: 'sumToDate', scale: USD_SCALE },
    { name: 'incidents', kind: 'sum', scale: 0 },
    { name: 'recoveries', kind: 'sum', scale: 0 },
    YEAR_EVENTS_COLUMN_SPEC,
  ],
  consumes: { StolenFundsReported: [1], FundsRecovered: [1], FundsReturned: [1], IncidentCorrected: [1], IncidentReversed: [1] },
  eventCount: 'distinct',
  yearEvents: YEAR_EVENTS_COLUMN,
  entityOf,
  apply(event, state) {
    if (event.type === 'FundsReturned' && entityOf(event) === UNLINKED) return { state: undefined, contributions: [] };
    const { state: after, primaryAt } = next(event, state);
    return { state: after, contributions: withYearEventMarks(changedContributions(contributionsOf(state), contributionsOf(after), primaryAt)) };
  },
  compute(cell) {
    const s = cell.sums;
    const [stolen, recovered, cohort] = [s.stolenUsd ?? 0n, s.recoveredUsd ?? 0n, s.cohortRecoveredUsd ?? 0n];
    const flow = exactRate(recovered, stolen);
    const cohortRate = exactRate(cohort, stolen);
    return {
      stolenUsd: usd(stolen),
      cohortRecoveredUsd: usd(cohort),
      cohortRate: cohortRate === undefined ? null : rounded(cohortRate, RATIO_DECIMALS),
      cohortYoyChange: null,
      recoveredUsd: usd(recovered),
      rate: flow === undefined ? null : rounded(flow, RATIO_DECIMALS),
      yoyChange: null,
      incidents: countValue(s.incidents),
      recoveries: countValue(s.recoveries),
    };
  },
  finish(rows, groupBy) {
    if (!groupBy.includes('year')) return [...rows];
    const others = (row: AnswerRow, year: string) => JSON.stringify(groupBy.map((name) => (name === 'year' ? year : row.group[name])));
    const byKey = new Map(rows.map((row) => [others(row, row.group.year!), row]));
    const change = (row: AnswerRow, previous: AnswerRow | undefined, recovered: string) => {
      const now = exactRate(toMinorUnits(row.measures[recovered] as string, USD_SCALE), toMinorUnits(row.measures.stolenUsd as string, USD_SCALE));
      const before = previous && exactRate(toMinorUnits(previous.measures[recovered] as string, USD_SCALE), toMinorUnits(previous.measures.stolenUsd as string, USD_SCALE));
      return now === undefined || before === undefined || before.isZero() ? null : rounded(now.div(before).minus(1), RATIO_DECIMALS);
    };
    return rows.map((row) => {
      const previous = byKey.get(others(row, String(Number(row.group.year) - 1).padStart(4, '0')));
      return { ...row, measures: { ...row.measures, yoyChange: change(row, previous, 'recoveredUsd'), cohortYoyChange: change(row, previous, 'cohortRecoveredUsd') } };
    });
  },
};
