import { assertNever, decimal, type IncidentEvent, rounded } from '@ledger/domain';
import { canonicalInstant } from '../model/business-time';
import { fromMinorUnits, toMinorUnits } from '../model/minor-units';
import { countValue, RATIO_DECIMALS, USD_SCALE } from './measure-math';
import { defineFigure, type FigureEvent } from './define-figure';
import { type AnswerRow, type DimensionValues, ProjectionRuleError } from './figure-definition';

interface IncidentState {
  readonly dims: DimensionValues;
}

const incidentIdOf = (event: FigureEvent<IncidentEvent['type']>): string => event.data.incidentId;

function rate(recovered: string, stolen: string) {
  return decimal(stolen).isZero() ? undefined : decimal(recovered).div(stolen);
}

export const recoveryRateFigure = defineFigure<'StolenFundsReported' | 'FundsRecovered', IncidentState>({
  name: 'recovery-rate',
  version: 1,
  title: 'Stolen funds reported and recovered',
  methodology: [
    'stolenUsd: USD value of stolen funds reported, counted at reportedAt. recoveredUsd: USD value recovered, counted at recoveredAt, in the country and incident kind of the incident it belongs to. Sums are exact (8 decimals).',
    'rate = recoveredUsd / stolenUsd of the same cell (for a year: recovered in that year over stolen reported in that year), computed exactly and rounded half-even to 6 decimals; null when nothing was reported stolen.',
    'yoyChange (only when grouped by year) = rate(year) / rate(previous year) - 1 for the same other group values, from the exact rates, rounded half-even to 6 decimals: 0.33 means the rate rose 33%. null when the previous year is not in the answer or its rate is zero or null.',
    'incidents: thefts reported; recoveries: recovery events. Groupable by year, month, country (of the victims) and incidentKind (hack, scam, ransomware, other).',
  ],
  dimensions: [
    { name: 'country', description: 'ISO 3166-1 alpha-2 jurisdiction of the victims' },
    { name: 'incidentKind', description: 'hack, scam, ransomware or other' },
  ],
  measures: [
    { name: 'stolenUsd', unit: 'usd', description: 'USD value reported stolen' },
    { name: 'recoveredUsd', unit: 'usd', description: 'USD value recovered' },
    { name: 'rate', unit: 'ratio', description: 'recoveredUsd / stolenUsd' },
    { name: 'yoyChange', unit: 'ratio', description: 'rate / rate of the previous year - 1' },
    { name: 'incidents', unit: 'count', description: 'thefts reported' },
    { name: 'recoveries', unit: 'count', description: 'recoveries recorded' },
  ],
  columns: [
    { name: 'stolenUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'recoveredUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'incidents', kind: 'sum', scale: 0 },
    { name: 'recoveries', kind: 'sum', scale: 0 },
  ],
  consumes: { StolenFundsReported: [1], FundsRecovered: [1] },
  entityOf: incidentIdOf,
  apply(event, state) {
    switch (event.type) {
      case 'StolenFundsReported': {
        if (state) throw new ProjectionRuleError(`incident ${incidentIdOf(event)} was already reported`);
        const { data } = event;
        const dims = [data.country, data.kind, ''] as const;
        return {
          state: { dims },
          contributions: [
            {
              occurredAt: canonicalInstant(data.reportedAt),
              dims,
              item: '',
              values: { stolenUsd: toMinorUnits(data.usdValue, USD_SCALE), incidents: 1n },
            },
          ],
        };
      }
      case 'FundsRecovered': {
        if (!state) throw new ProjectionRuleError(`incident ${incidentIdOf(event)} was never reported; a recovery cannot apply`);
        const { data } = event;
        return {
          state,
          contributions: [
            {
              occurredAt: canonicalInstant(data.recoveredAt),
              dims: state.dims,
              item: '',
              values: { recoveredUsd: toMinorUnits(data.usdValue, USD_SCALE), recoveries: 1n },
            },
          ],
        };
      }
      default:
        return assertNever(event, 'incident event');
    }
  },
  compute(cell) {
    const stolenUsd = fromMinorUnits(cell.sums.stolenUsd ?? 0n, USD_SCALE);
    const recoveredUsd = fromMinorUnits(cell.sums.recoveredUsd ?? 0n, USD_SCALE);
    const exact = rate(recoveredUsd, stolenUsd);
    return {
      stolenUsd,
      recoveredUsd,
      rate: exact === undefined ? null : rounded(exact, RATIO_DECIMALS),
      yoyChange: null,
      incidents: countValue(cell.sums.incidents),
      recoveries: countValue(cell.sums.recoveries),
    };
  },
  finish(rows, groupBy) {
    if (!groupBy.includes('year')) return [...rows];
    const others = (row: AnswerRow, year: string) => JSON.stringify(groupBy.map((name) => (name === 'year' ? year : row.group[name])));
    const byKey = new Map(rows.map((row) => [others(row, row.group.year!), row]));
    return rows.map((row) => {
      const previous = byKey.get(others(row, String(Number(row.group.year) - 1).padStart(4, '0')));
      const current = rate(row.measures.recoveredUsd as string, row.measures.stolenUsd as string);
      const before = previous && rate(previous.measures.recoveredUsd as string, previous.measures.stolenUsd as string);
      const yoyChange =
        current === undefined || before === undefined || before.isZero() ? null : rounded(current.div(before).minus(1), RATIO_DECIMALS);
      return { ...row, measures: { ...row.measures, yoyChange } };
    });
  },
});
