import { assertNever, decimal, type IncidentEvent, rounded } from '@ledger/domain';
import { canonicalInstant } from '../model/business-time';
import { fromMinorUnits, toMinorUnits } from '../model/minor-units';
import { withYearEventMarks, YEAR_EVENTS_COLUMN, YEAR_EVENTS_COLUMN_SPEC, YEAR_EVENTS_METHODOLOGY } from './year-event-marks';
import { changedContributions } from './contribution-diff';
import { defineFigure, type FigureEvent } from './define-figure';
import { type AnswerRow, type ContributionDraft, knownSince, ProjectionRuleError } from './figure-definition';
import { countValue, RATIO_DECIMALS, USD_SCALE } from './measure-math';
import { PersistentMap } from './persistent-map';

interface Recovery {
  readonly at: string;
  /** 10^-8 USD as a decimal string. */
  readonly usd: string;
  /** The freeze it came from, when cited. */
  readonly freezeId?: string;
}
interface IncidentState {
  readonly reportedAt: string;
  readonly usd: string;
  readonly kind: string;
  readonly country: string;
  /** Recoveries recorded for the incident (FundsRecovered); returns are kept with their freeze. */
  readonly recoveries: readonly Recovery[];
  readonly reversed?: boolean;
  /** The latest known time of the incident's events so far (figure-definition.ts knownSince); not a contribution. */
  readonly knownSince?: string;
}
/** A return to victims, kept with its freeze: a correction of the freeze's incident or its reversal moves or drops it. */
interface Return {
  readonly at: string;
  readonly usd: string;
  /** The incident it counts for: the one it cited, or the one a correction of the freeze's incident moved it to. */
  readonly incidentId?: string;
}
interface FreezeLinks {
  /** The incident the freeze is linked to (FundsFrozen.incidentId, as corrected). */
  readonly incidentId?: string;
  readonly returns: readonly Return[];
  readonly reversed?: boolean;
  /** As IncidentState.knownSince, for the freeze's events. */
  readonly knownSince?: string;
}
/**
 * The whole figure is one entity: a return belongs to a freeze and counts for an incident, and a freeze's reversal
 * or correction must reach the incidents its returns count for, while an incident's correction must reach the
 * returns that count for it. Incidents and linked freezes are a few thousand; only the incidents an event touches
 * are re-described (changedContributions). This is the state as stored (JSON), each map in the order its records
 * were first recorded.
 */
interface StoredRecoveries {
  readonly incidents: Readonly<Record<string, IncidentState>>;
  readonly freezes: Readonly<Record<string, FreezeLinks>>;
}

/** Inserts `id` into an ascending list (the order of Array.prototype.sort: UTF-16 code units), if missing. */
function withSorted(list: readonly string[], id: string): readonly string[] {
  if (list.includes(id)) return list;
  const at = list.findIndex((other) => other > id);
  return at < 0 ? [...list, id] : [...list.slice(0, at), id, ...list.slice(at)];
}

/**
 * The state in memory: StoredRecoveries's records in persistent maps, so an event copies only the records it changes
 * (copying whole maps made a rebuild quadratic in the incidents), and every state handed in stays as it was. Beside
 * them, for each incident, the freezes a return of which cites or cited it (ascending), so an incident's returns are
 * found without reading every freeze. Serializes as StoredRecoveries (toJSON); the index is derived, never stored.
 */
class Recoveries {
  private constructor(
    readonly incidents: PersistentMap<IncidentState>,
    readonly freezes: PersistentMap<FreezeLinks>,
    /** By incident: the freezes with a return citing it, and maybe some whose returns a correction moved away. */
    readonly citing: PersistentMap<readonly string[]>,
  ) {}

  /** The state an event applies to: as kept in memory, or as read back from the store (JSON), or none yet. */
  static of(stored: Recoveries | StoredRecoveries | undefined): Recoveries {
    if (stored instanceof Recoveries) return stored;
    let state = new Recoveries(PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty());
    if (!stored) return state;
    for (const [id, incident] of Object.entries(stored.incidents)) state = state.withIncident(id, incident);
    for (const [id, freeze] of Object.entries(stored.freezes)) state = state.withFreeze(id, freeze);
    return state;
  }

  withIncident(id: string, incident: IncidentState): Recoveries {
    return new Recoveries(this.incidents.set(id, incident), this.freezes, this.citing);
  }

  withFreeze(id: string, freeze: FreezeLinks): Recoveries {
    let citing = this.citing;
    for (const line of freeze.returns) {
      if (line.incidentId !== undefined) citing = citing.set(line.incidentId, withSorted(citing.get(line.incidentId) ?? [], id));
    }
    return new Recoveries(this.incidents, this.freezes.set(id, freeze), citing);
  }

  toJSON(): StoredRecoveries {
    return { incidents: this.incidents.toObject(), freezes: this.freezes.toObject() };
  }
}

const ENTITY = 'recoveries';
/** The freeze events that carry a link to an incident, or a return to its victims. */
type FreezeLinkType = 'FundsFrozen' | 'FundsReturned' | 'FreezeCorrected' | 'FreezeReversed';
type RecoveryRead = FigureEvent<IncidentEvent['type'] | FreezeLinkType>;

/** Returns counting for the incident, from the freezes not reversed. */
function returnsFor(state: Recoveries, incidentId: string): (Return & { freezeId: string })[] {
  const found: (Return & { freezeId: string })[] = [];
  // In freeze order, as over every freeze: a freeze not listed has no return citing the incident.
  for (const freezeId of state.citing.get(incidentId) ?? []) {
    const freeze = state.freezes.get(freezeId)!;
    if (freeze.reversed) continue;
    for (const line of freeze.returns) if (line.incidentId === incidentId) found.push({ ...line, freezeId });
  }
  return found;
}

/** What counts as recovered: recoveries, and returns unless a recovery of the same incident cites the same freeze. */
function counted(state: Recoveries, incidentId: string, incident: IncidentState): Recovery[] {
  const recordedFreezes = new Set(incident.recoveries.filter((r) => r.freezeId !== undefined).map((r) => r.freezeId));
  const returns = returnsFor(state, incidentId).filter((r) => !recordedFreezes.has(r.freezeId));
  return [...incident.recoveries, ...returns.map((r) => ({ at: r.at, usd: r.usd, freezeId: r.freezeId }))];
}

function contributionsOf(state: Recoveries, incidentId: string): ContributionDraft[] {
  const incident = state.incidents.get(incidentId);
  if (!incident || incident.reversed) return [];
  const dims = [incident.country, incident.kind] as const;
  const theft = { stolenUsd: BigInt(incident.usd), incidents: 1n };
  const rows: ContributionDraft[] = [{ occurredAt: incident.reportedAt, dims, item: '', values: theft }];
  for (const recovery of counted(state, incidentId, incident)) {
    rows.push(
      { occurredAt: recovery.at, dims, item: '', values: { recoveredUsd: BigInt(recovery.usd), recoveries: 1n } },
      // The cohort: counted with the theft it recovers (at reportedAt), up to the answer's date by its own time (item).
      { occurredAt: incident.reportedAt, dims, item: recovery.at, values: { cohortRecoveredUsd: BigInt(recovery.usd) } },
    );
  }
  return rows;
}

function live(event: RecoveryRead, state: Recoveries, incidentId: string | undefined): IncidentState {
  const incident = incidentId === undefined ? undefined : state.incidents.get(incidentId);
  if (!incident) throw new ProjectionRuleError(`incident ${incidentId} was never reported; ${event.type} cannot apply`);
  if (incident.reversed) throw new ProjectionRuleError(`incident ${incidentId} was reversed; ${event.type} cannot apply`);
  return incident;
}

/**
 * An incident a freeze event cites must have been reported; it may have been reversed: the pipeline refuses citing a
 * reversed record, but on a store without multi-stream transactions a reversal can land just before the citing
 * event. The return is then kept and counts nothing, as if the reversal had come after it.
 */
function reported(event: RecoveryRead, state: Recoveries, incidentId: string): void {
  if (!state.incidents.has(incidentId))
    throw new ProjectionRuleError(`incident ${incidentId} was never reported; ${event.type} cannot apply`);
}

/** The state after the event, the incidents whose contributions it may change, and the event's own business time. */
interface Step {
  readonly state: Recoveries;
  readonly incidents: readonly string[];
  readonly primaryAt?: string;
}

function incidentStep(event: FigureEvent<IncidentEvent['type']>, state: Recoveries, id: string): Step {
  switch (event.type) {
    case 'StolenFundsReported': {
      if (state.incidents.has(id)) throw new ProjectionRuleError(`incident ${id} was already reported`);
      const { data } = event;
      const reportedAt = canonicalInstant(data.reportedAt);
      const usd = toMinorUnits(data.usdValue, USD_SCALE).toString();
      const incident = { reportedAt, usd, kind: data.kind, country: data.country, recoveries: [] };
      return { state: state.withIncident(id, incident), incidents: [id], primaryAt: reportedAt };
    }
    case 'FundsRecovered': {
      const incident = live(event, state, id);
      const { data } = event;
      const at = canonicalInstant(data.recoveredAt);
      const usd = toMinorUnits(data.usdValue, USD_SCALE).toString();
      const recovery: Recovery = { at, usd, ...(data.freezeId === undefined ? {} : { freezeId: data.freezeId }) };
      const recovered = { ...incident, recoveries: [...incident.recoveries, recovery] };
      return { state: state.withIncident(id, recovered), incidents: [id], primaryAt: at };
    }
    case 'IncidentCorrected': {
      const incident = live(event, state, id);
      const changes = event.data.changes ?? {};
      const corrected: IncidentState = {
        ...incident,
        reportedAt: changes.reportedAt === undefined ? incident.reportedAt : canonicalInstant(changes.reportedAt),
        usd: changes.usdValue === undefined ? incident.usd : toMinorUnits(changes.usdValue, USD_SCALE).toString(),
        kind: changes.kind ?? incident.kind,
        country: changes.country ?? incident.country,
      };
      return { state: state.withIncident(id, corrected), incidents: [id], primaryAt: corrected.reportedAt };
    }
    case 'IncidentReversed': {
      const incident = live(event, state, id);
      return { state: state.withIncident(id, { ...incident, reversed: true }), incidents: [id], primaryAt: incident.reportedAt };
    }
    default:
      return assertNever(event, 'incident event');
  }
}

function freezeStep(event: FigureEvent<FreezeLinkType>, state: Recoveries, id: string): Step {
  const freeze: FreezeLinks | undefined = state.freezes.get(id);
  switch (event.type) {
    case 'FundsFrozen': {
      // Only the link matters here: a freeze linked to no incident is kept only once a return cites one.
      const { incidentId } = event.data;
      if (incidentId === undefined) return { state, incidents: [] };
      return { state: state.withFreeze(id, { incidentId, returns: [] }), incidents: [] };
    }
    case 'FundsReturned': {
      const { incidentId } = event.data;
      if (incidentId === undefined) return { state, incidents: [] };
      reported(event, state, incidentId);
      const { data } = event;
      const at = canonicalInstant(data.returnedAt);
      const units = data.assets.reduce((sum, line) => sum + toMinorUnits(line.usdValue, USD_SCALE), 0n);
      const links = freeze ?? { returns: [] };
      const returns = [...links.returns, { at, usd: units.toString(), incidentId }];
      return { state: state.withFreeze(id, { ...links, returns }), incidents: [incidentId], primaryAt: at };
    }
    case 'FreezeCorrected': {
      const changes = event.data.changes ?? {};
      if (!('incidentId' in changes) || !freeze) return { state, incidents: [] };
      const from = freeze.incidentId;
      const to = changes.incidentId ?? undefined;
      if (to !== undefined) reported(event, state, to);
      // The link was recorded in error: the returns made under it (those citing the old incident) follow it.
      const returns = freeze.returns.map((line) => (from !== undefined && line.incidentId === from ? { ...line, incidentId: to } : line));
      const touched = [...new Set([from, to].filter((incident): incident is string => incident !== undefined))];
      return { state: state.withFreeze(id, { ...freeze, incidentId: to, returns }), incidents: touched };
    }
    case 'FreezeReversed': {
      if (!freeze) return { state, incidents: [] };
      const touched = [...new Set(freeze.returns.flatMap((line) => (line.incidentId === undefined ? [] : [line.incidentId])))];
      return { state: state.withFreeze(id, { ...freeze, reversed: true }), incidents: touched };
    }
    default:
      return assertNever(event, 'freeze event');
  }
}

/** The state with knownAt as the latest known time of the incidents and the freeze an event touched. */
function stampKnown(state: Recoveries, incidents: readonly string[], freezeId: string | undefined, knownAt: string): Recoveries {
  let stamped = state;
  for (const id of incidents) {
    const incident = stamped.incidents.get(id);
    if (incident) stamped = stamped.withIncident(id, { ...incident, knownSince: knownAt });
  }
  const freeze = freezeId === undefined ? undefined : stamped.freezes.get(freezeId);
  return freeze ? stamped.withFreeze(freezeId!, { ...freeze, knownSince: knownAt }) : stamped;
}

/** The freeze a freeze event belongs to; undefined for an incident's events (a recovery's freezeId is a citation). */
function freezeEventId(event: RecoveryRead): string | undefined {
  switch (event.type) {
    case 'FundsFrozen':
    case 'FundsReturned':
    case 'FreezeCorrected':
    case 'FreezeReversed':
      return event.data.freezeId;
    default:
      return undefined;
  }
}

function step(event: RecoveryRead, state: Recoveries): Step {
  // The ids are checked as well as typed: stored data is read, not trusted.
  switch (event.type) {
    case 'FundsFrozen':
    case 'FundsReturned':
    case 'FreezeCorrected':
    case 'FreezeReversed': {
      const freezeId: string | undefined = event.data.freezeId;
      if (freezeId === undefined) throw new ProjectionRuleError(`${event.type} names no freeze`);
      return freezeStep(event, state, freezeId);
    }
    default: {
      const incidentId: string | undefined = event.data.incidentId;
      if (incidentId === undefined) throw new ProjectionRuleError(`${event.type} names no incident`);
      return incidentStep(event, state, incidentId);
    }
  }
}

const exactRate = (recovered: bigint, stolen: bigint) => (stolen === 0n ? undefined : decimal(recovered.toString()).div(stolen.toString()));
const usd = (units: bigint | undefined) => fromMinorUnits(units ?? 0n, USD_SCALE);

export const recoveryRateFigureV2 = defineFigure<RecoveryRead['type'], Recoveries | StoredRecoveries | undefined>({
  name: 'recovery-rate',
  version: 2,
  title: 'Stolen funds reported and recovered: cohort and flow recovery rates',
  methodology: [
    'stolenUsd: USD value of thefts reported in the period (at reportedAt). recoveredUsd: USD value recovered in the period (at recoveredAt), whatever year the theft was reported in. Both in the country and incident kind of the incident. Sums are exact (8 decimals).',
    'What counts as recovered: each recovery recorded for the incident (FundsRecovered), and each return of frozen funds to victims that cites the incident (FundsReturned with its incidentId, at the USD value the return reported), unless a recovery of the same incident cites the same freeze (then that recovery is the record of it, counted once).',
    "cohortRate, the headline recovery rate: for the thefts reported in the period, what has been recovered of them up to the answer's asOf (or to date, and never beyond the date known at) over what was stolen: cohortRecoveredUsd / stolenUsd. A 2023 theft recovered in 2024 raises 2023's cohortRate.",
    'rate, the flow rate: recoveredUsd / stolenUsd of the same period; it mixes cohorts (a recovery in 2024 of a 2023 theft lifts 2024). Kept because statements published under version 1 used it (e.g. "up 33%").',
    'Rates are computed exactly and rounded half-even to 6 decimals; null when nothing was reported stolen. yoyChange (flow rate) and cohortYoyChange (cohort rate), only when grouped by year: rate(year) / rate(previous year) - 1 for the same other group values; null when the previous year is missing or its rate is zero or null.',
    "A correction restates the incident (value, reportedAt, kind, country) with its recoveries and returns; a reversal (recorded in error) removes it and them. A freeze reversal takes back the returns of that freeze; a correction of a freeze's incident moves the returns that cited the old incident to the new one (or, when the link is removed, out of the figure). All take effect for answers known at or after them.",
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
  consumes: {
    StolenFundsReported: [1],
    FundsRecovered: [1],
    IncidentCorrected: [1],
    IncidentReversed: [1],
    FundsFrozen: [1],
    FundsReturned: [1],
    FreezeCorrected: [1],
    FreezeReversed: [1],
  },
  eventCount: 'distinct',
  yearEvents: YEAR_EVENTS_COLUMN,
  entityOf: () => ENTITY,
  apply(event, stored) {
    const before = Recoveries.of(stored);
    const { state: after, incidents, primaryAt } = step(event, before);
    // Nothing changed: no state stays none; a state read back from the store is kept as read into memory.
    if (after === before) return { state: stored === undefined ? undefined : before, contributions: [] };
    const was = incidents.flatMap((id) => contributionsOf(before, id));
    const now = incidents.flatMap((id) => contributionsOf(after, id));
    const freezeId = freezeEventId(event);
    // Not known before the incidents it changes, nor before the freeze it belongs to.
    const since = [...incidents.map((id) => before.incidents.get(id)?.knownSince), freezeId && before.freezes.get(freezeId)?.knownSince];
    const knownAt = knownSince(event, ...since);
    const contributions = withYearEventMarks(changedContributions(was, now, primaryAt));
    return { state: stampKnown(after, incidents, freezeId, knownAt), contributions, knownAt };
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
      const now = exactRate(
        toMinorUnits(row.measures[recovered] as string, USD_SCALE),
        toMinorUnits(row.measures.stolenUsd as string, USD_SCALE),
      );
      const before =
        previous &&
        exactRate(
          toMinorUnits(previous.measures[recovered] as string, USD_SCALE),
          toMinorUnits(previous.measures.stolenUsd as string, USD_SCALE),
        );
      return now === undefined || before === undefined || before.isZero() ? null : rounded(now.div(before).minus(1), RATIO_DECIMALS);
    };
    return rows.map((row) => {
      const previous = byKey.get(others(row, String(Number(row.group.year) - 1).padStart(4, '0')));
      return {
        ...row,
        measures: {
          ...row.measures,
          yoyChange: change(row, previous, 'recoveredUsd'),
          cohortYoyChange: change(row, previous, 'cohortRecoveredUsd'),
        },
      };
    });
  },
});
