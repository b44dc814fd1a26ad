import { assertNever, decimal, type IncidentEvent, rounded } from '@ledger/domain';
import { canonicalInstant } from '../model/business-time';
import { fromMinorUnits, toMinorUnits } from '../model/minor-units';
import { withYearEventMarks, YEAR_EVENTS_COLUMN, YEAR_EVENTS_COLUMN_SPEC, YEAR_EVENTS_METHODOLOGY } from './year-event-marks';
import { changedContributions } from './contribution-diff';
import { defineFigure, type FigureEvent } from './define-figure';
import { type Applied, type AnswerRow, type ContributionDraft, knownSince, ProjectionRuleError } from './figure-definition';
import { countValue, RATIO_DECIMALS, USD_SCALE } from './measure-math';

interface Recovery {
  readonly at: string;
  /** 10^-8 USD as a decimal string. */
  readonly usd: string;
  /** The freeze it came from, when cited. */
  readonly freezeId?: string;
}
/** The returns of one freeze that count for an incident, as the incident keeps them (see IncidentState.freezes). */
interface CitingFreeze {
  readonly freezeId: string;
  readonly reversed?: boolean;
  readonly returns: readonly { readonly at: string; readonly usd: string }[];
}
/** Entity `incident:<id>`. */
interface IncidentState {
  readonly reportedAt: string;
  readonly usd: string;
  readonly kind: string;
  readonly country: string;
  /** Recoveries recorded for the incident (FundsRecovered); returns are kept with their freeze. */
  readonly recoveries: readonly Recovery[];
  /** A copy of the returns citing the incident, by freeze (ascending freeze id, each freeze's in the order made),
   *  kept up to date by the freeze's events: the incident's contributions are then made from its own state. */
  readonly freezes: readonly CitingFreeze[];
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
/** Entity `freeze:<id>`, for a freeze linked to an incident or with a return citing one. */
interface FreezeLinks {
  /** The incident the freeze is linked to (FundsFrozen.incidentId, as corrected). */
  readonly incidentId?: string;
  readonly returns: readonly Return[];
  readonly reversed?: boolean;
  /** As IncidentState.knownSince, for the freeze's events. */
  readonly knownSince?: string;
}
/**
 * Each incident and each linked freeze is an entity of its own. A return belongs to a freeze and counts for an
 * incident, so a freeze's event reads and changes the incidents its returns count for (relatedOf: the incident a
 * return cites, the incidents a correction moves returns between, those a reversal takes returns from), and each
 * incident keeps a copy of the returns counting for it. An incident's own events then need only its state. One
 * entity holding every record instead grew with the log (2.7 MB of JSON at 250k events), and every batch read and
 * rewrote all of it.
 */
type RecoveryState = IncidentState | FreezeLinks;

const incidentKey = (id: string) => `incident:${id}`;
const freezeKey = (id: string) => `freeze:${id}`;

/** The freeze events that carry a link to an incident, or a return to its victims. */
type FreezeLinkType = 'FundsFrozen' | 'FundsReturned' | 'FreezeCorrected' | 'FreezeReversed';
type RecoveryRead = FigureEvent<IncidentEvent['type'] | FreezeLinkType>;
type FreezeRead = FigureEvent<FreezeLinkType>;

function isFreezeEvent(event: RecoveryRead): event is FreezeRead {
  return (
    event.type === 'FundsFrozen' || event.type === 'FundsReturned' || event.type === 'FreezeCorrected' || event.type === 'FreezeReversed'
  );
}

/** The incident with its copy of the returns of `freeze` that cite it (by its id, `incidentId`) made anew. */
function withFreezeReturns(incident: IncidentState, incidentId: string, freezeId: string, freeze: FreezeLinks): IncidentState {
  const others = incident.freezes.filter((entry) => entry.freezeId !== freezeId);
  const returns = freeze.returns.filter((line) => line.incidentId === incidentId).map(({ at, usd }) => ({ at, usd }));
  if (returns.length === 0) return { ...incident, freezes: others };
  const entry: CitingFreeze = { freezeId, ...(freeze.reversed ? { reversed: true } : {}), returns };
  // Ascending freeze id (UTF-16 code units, as Array.prototype.sort orders them).
  const at = others.findIndex((other) => other.freezeId > freezeId);
  return { ...incident, freezes: at < 0 ? [...others, entry] : [...others.slice(0, at), entry, ...others.slice(at)] };
}

/** What counts as recovered: recoveries, and returns of freezes not reversed unless a recovery of the same incident
 *  cites the same freeze. */
function counted(incident: IncidentState): Recovery[] {
  const recordedFreezes = new Set(incident.recoveries.filter((r) => r.freezeId !== undefined).map((r) => r.freezeId));
  const returns = incident.freezes
    .filter((entry) => !entry.reversed && !recordedFreezes.has(entry.freezeId))
    .flatMap((entry) => entry.returns.map((line) => ({ at: line.at, usd: line.usd, freezeId: entry.freezeId })));
  return [...incident.recoveries, ...returns];
}

function contributionsOf(incident: IncidentState | undefined): ContributionDraft[] {
  if (!incident || incident.reversed) return [];
  const dims = [incident.country, incident.kind] as const;
  const theft = { stolenUsd: BigInt(incident.usd), incidents: 1n };
  const rows: ContributionDraft[] = [{ occurredAt: incident.reportedAt, dims, item: '', values: theft }];
  for (const recovery of counted(incident)) {
    rows.push(
      { occurredAt: recovery.at, dims, item: '', values: { recoveredUsd: BigInt(recovery.usd), recoveries: 1n } },
      // The cohort: counted with the theft it recovers (at reportedAt), up to the answer's date by its own time (item).
      { occurredAt: incident.reportedAt, dims, item: recovery.at, values: { cohortRecoveredUsd: BigInt(recovery.usd) } },
    );
  }
  return rows;
}

function live(event: RecoveryRead, incident: IncidentState | undefined, incidentId: string): IncidentState {
  if (!incident) throw new ProjectionRuleError(`incident ${incidentId} was never reported; ${event.type} cannot apply`);
  if (incident.reversed) throw new ProjectionRuleError(`incident ${incidentId} was reversed; ${event.type} cannot apply`);
  return incident;
}

/**
 * An incident a freeze event cites must have been reported; it may have been reversed: the pipeline refuses citing a
 * reversed record, but on a store without multi-stream transactions a reversal can land just before the citing
 * event. The return is then kept and counts nothing, as if the reversal had come after it.
 */
function reported(event: RecoveryRead, incident: RecoveryState | undefined, incidentId: string): void {
  if (!incident) throw new ProjectionRuleError(`incident ${incidentId} was never reported; ${event.type} cannot apply`);
}

function incidentStep(event: FigureEvent<IncidentEvent['type']>, incident: IncidentState | undefined, id: string): IncidentState {
  switch (event.type) {
    case 'StolenFundsReported': {
      if (incident) throw new ProjectionRuleError(`incident ${id} was already reported`);
      const { data } = event;
      const usd = toMinorUnits(data.usdValue, USD_SCALE).toString();
      return { reportedAt: canonicalInstant(data.reportedAt), usd, kind: data.kind, country: data.country, recoveries: [], freezes: [] };
    }
    case 'FundsRecovered': {
      const current = live(event, incident, id);
      const { data } = event;
      const usd = toMinorUnits(data.usdValue, USD_SCALE).toString();
      const recovery: Recovery = {
        at: canonicalInstant(data.recoveredAt),
        usd,
        ...(data.freezeId === undefined ? {} : { freezeId: data.freezeId }),
      };
      return { ...current, recoveries: [...current.recoveries, recovery] };
    }
    case 'IncidentCorrected': {
      const current = live(event, incident, id);
      const changes = event.data.changes ?? {};
      return {
        ...current,
        reportedAt: changes.reportedAt === undefined ? current.reportedAt : canonicalInstant(changes.reportedAt),
        usd: changes.usdValue === undefined ? current.usd : toMinorUnits(changes.usdValue, USD_SCALE).toString(),
        kind: changes.kind ?? current.kind,
        country: changes.country ?? current.country,
      };
    }
    case 'IncidentReversed':
      return { ...live(event, incident, id), reversed: true };
    default:
      return assertNever(event, 'incident event');
  }
}

/** The event's own business time: where its first contribution counts (changedContributions). */
function incidentPrimaryAt(event: FigureEvent<IncidentEvent['type']>, after: IncidentState): string {
  return event.type === 'FundsRecovered' ? after.recoveries[after.recoveries.length - 1].at : after.reportedAt;
}

/** A freeze event's effect on its freeze: the state after it, the incidents whose returns it may change, and its own
 *  business time; undefined when it changes nothing. */
interface FreezeStep {
  readonly freeze: FreezeLinks;
  readonly incidents: readonly string[];
  readonly primaryAt?: string;
}

function freezeStep(
  event: FreezeRead,
  freeze: FreezeLinks | undefined,
  related: ReadonlyMap<string, RecoveryState | undefined>,
): FreezeStep | undefined {
  switch (event.type) {
    case 'FundsFrozen': {
      // Only the link matters here: a freeze linked to no incident is kept only once a return cites one.
      const { incidentId } = event.data;
      if (incidentId === undefined) return undefined;
      return { freeze: { incidentId, returns: [] }, incidents: [] };
    }
    case 'FundsReturned': {
      const { incidentId } = event.data;
      if (incidentId === undefined) return undefined;
      reported(event, related.get(incidentKey(incidentId)), incidentId);
      const { data } = event;
      const at = canonicalInstant(data.returnedAt);
      const units = data.assets.reduce((sum, line) => sum + toMinorUnits(line.usdValue, USD_SCALE), 0n);
      const links = freeze ?? { returns: [] };
      return {
        freeze: { ...links, returns: [...links.returns, { at, usd: units.toString(), incidentId }] },
        incidents: [incidentId],
        primaryAt: at,
      };
    }
    case 'FreezeCorrected': {
      const changes = event.data.changes ?? {};
      if (!('incidentId' in changes) || !freeze) return undefined;
      const from = freeze.incidentId;
      const to = changes.incidentId ?? undefined;
      if (to !== undefined) reported(event, related.get(incidentKey(to)), to);
      // The link was recorded in error: the returns made under it (those citing the old incident) follow it.
      const returns = freeze.returns.map((line) => (from !== undefined && line.incidentId === from ? { ...line, incidentId: to } : line));
      const incidents = [...new Set([from, to].filter((incident): incident is string => incident !== undefined))];
      return { freeze: { ...freeze, incidentId: to, returns }, incidents };
    }
    case 'FreezeReversed': {
      if (!freeze) return undefined;
      return { freeze: { ...freeze, reversed: true }, incidents: incidentsOfReturns(freeze) };
    }
    default:
      return assertNever(event, 'freeze event');
  }
}

function incidentsOfReturns(freeze: FreezeLinks | undefined): string[] {
  return [...new Set((freeze?.returns ?? []).flatMap((line) => (line.incidentId === undefined ? [] : [line.incidentId])))];
}

/** The incidents a freeze event may read and change, from the event and the freeze's state before it. */
function incidentsOfFreezeEvent(event: FreezeRead, freeze: FreezeLinks | undefined): string[] {
  switch (event.type) {
    case 'FundsFrozen':
      return [];
    case 'FundsReturned':
      return event.data.incidentId === undefined ? [] : [event.data.incidentId];
    case 'FreezeCorrected': {
      const changes = event.data.changes ?? {};
      if (!('incidentId' in changes)) return [];
      return [...new Set([freeze?.incidentId, changes.incidentId ?? undefined].filter((id): id is string => id !== undefined))];
    }
    case 'FreezeReversed':
      return incidentsOfReturns(freeze);
    default:
      return assertNever(event, 'freeze event');
  }
}

/** The id an event names (checked as well as typed: stored data is read, not trusted). */
function idOf(event: RecoveryRead): string {
  const id: string | undefined = isFreezeEvent(event) ? event.data.freezeId : event.data.incidentId;
  if (id === undefined) throw new ProjectionRuleError(`${event.type} names no ${isFreezeEvent(event) ? 'freeze' : 'incident'}`);
  return id;
}

function applyToFreeze(
  event: FreezeRead,
  stored: RecoveryState | undefined,
  related: ReadonlyMap<string, RecoveryState | undefined>,
): Applied<RecoveryState> {
  const freezeId = idOf(event);
  const freeze = stored as FreezeLinks | undefined;
  const step = freezeStep(event, freeze, related);
  if (step === undefined) return { state: stored, contributions: [] };
  const before = step.incidents.map((id) => related.get(incidentKey(id)) as IncidentState | undefined);
  const after = step.incidents.map((id, i) => before[i] && withFreezeReturns(before[i], id, freezeId, step.freeze));
  // Not known before the incidents it changes, nor before the freeze itself.
  const knownAt = knownSince(event, ...before.map((incident) => incident?.knownSince), freeze?.knownSince);
  const contributions = withYearEventMarks(
    changedContributions(before.flatMap(contributionsOf), after.flatMap(contributionsOf), step.primaryAt),
  );
  const changed = new Map<string, RecoveryState | undefined>();
  step.incidents.forEach((id, i) => {
    if (after[i]) changed.set(incidentKey(id), { ...after[i], knownSince: knownAt });
  });
  return { state: { ...step.freeze, knownSince: knownAt }, contributions, knownAt, related: changed };
}

function applyToIncident(event: FigureEvent<IncidentEvent['type']>, stored: RecoveryState | undefined): Applied<RecoveryState> {
  const id = idOf(event);
  const before = stored as IncidentState | undefined;
  const after = incidentStep(event, before, id);
  const knownAt = knownSince(event, before?.knownSince);
  const contributions = withYearEventMarks(
    changedContributions(contributionsOf(before), contributionsOf(after), incidentPrimaryAt(event, after)),
  );
  return { state: { ...after, knownSince: knownAt }, contributions, knownAt };
}

const exactRate = (recovered: bigint, stolen: bigint) => (stolen === 0n ? undefined : decimal(recovered.toString()).div(stolen.toString()));
const usd = (units: bigint | undefined) => fromMinorUnits(units ?? 0n, USD_SCALE);

export const recoveryRateFigureV2 = defineFigure<RecoveryRead['type'], RecoveryState>({
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
  entityOf: (event) => (isFreezeEvent(event) ? freezeKey(idOf(event)) : incidentKey(idOf(event))),
  relatedOf: (event, state) =>
    isFreezeEvent(event) ? incidentsOfFreezeEvent(event, state as FreezeLinks | undefined).map(incidentKey) : [],
  apply: (event, state, related) =>
    isFreezeEvent(event) ? applyToFreeze(event, state, related ?? new Map()) : applyToIncident(event, state),
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
