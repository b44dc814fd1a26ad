import type { AnswerRow, FigureDescription, LedgerApi, MeasureUnit } from './api';
import { SectionTitle } from './attestation';
import { BarChart, type Bar } from './bar-chart';
import { groupLabel, numeric } from './format';
import { changesAfter, describeChanges, type Change } from './restatements';
import type { Answers, Grain, Params } from './use-figure-query';

interface FigureChartsProps {
  api: LedgerApi;
  figure: FigureDescription;
  answers: Answers;
  base: Params;
  dimensions: FigureDescription['dimensions'];
  units: Record<string, MeasureUnit>;
  grain: Grain;
  onGrain: (grain: Grain) => void;
  chartMeasure: string;
  onChartMeasure: (measure: string) => void;
  /** Opens the events behind a bar. */
  onOpen: (title: string, link: string) => void;
}

/** The chosen measure over time (by year or month), then broken down by each dimension. */
export function FigureCharts(props: FigureChartsProps) {
  const { api, figure, answers, base, dimensions, units, grain, chartMeasure, onOpen } = props;
  const timelineChanges = changesAfter(answers.later?.timeline, answers.headline.knownAt.position ?? 0);
  return (
    <>
      <section class="timeline">
        <SectionTitle title="Over time" api={api} figure={figure.name} params={{ groupBy: grain, ...base }}>
          <select data-testid="grain" value={grain} onChange={(e) => props.onGrain(e.currentTarget.value as Grain)}>
            <option value="year">by year</option>
            <option value="month">by month</option>
          </select>
          <select data-testid="chart-measure" value={chartMeasure} onChange={(e) => props.onChartMeasure(e.currentTarget.value)}>
            {figure.measures.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </SectionTitle>
        <BarChart
          testId="timeline-chart"
          unit={units[chartMeasure]}
          bars={bars(answers.timeline.rows, chartMeasure, false, units[chartMeasure], timelineChanges)}
          onSelect={(i) => {
            const row = answers.timeline.rows[i];
            onOpen(`${chartMeasure} in ${groupLabel(row.group)}`, row.provenance);
          }}
        />
      </section>

      <div class="breakdowns">
        {dimensions.map((d) => {
          const rows = sortedRows(answers.breakdowns[d.name].rows, chartMeasure);
          return (
            <section key={d.name} class="breakdown" data-testid={`breakdown-${d.name}`}>
              <SectionTitle title={`By ${d.name}`} api={api} figure={figure.name} params={{ groupBy: d.name, ...base }}>
                <span class="muted">{chartMeasure}, top 15</span>
              </SectionTitle>
              <BarChart
                horizontal
                testId={`breakdown-chart-${d.name}`}
                unit={units[chartMeasure]}
                bars={bars(rows, chartMeasure, true, units[chartMeasure])}
                onSelect={(i) => onOpen(`${chartMeasure} for ${groupLabel(rows[i].group)}`, rows[i].provenance)}
              />
            </section>
          );
        })}
      </div>
    </>
  );
}

function sortedRows(rows: readonly AnswerRow[], measure: string): AnswerRow[] {
  return [...rows].sort((a, b) => numeric(b.measures[measure]) - numeric(a.measures[measure])).slice(0, 15);
}

function bars(rows: readonly AnswerRow[], measure: string, keepOrder: boolean, unit: MeasureUnit, changes?: Map<string, Change[]>): Bar[] {
  const list = keepOrder ? rows : [...rows].sort((a, b) => (groupLabel(a.group) < groupLabel(b.group) ? -1 : 1));
  return list.map((r) => {
    const label = groupLabel(r.group);
    const value = r.measures[measure];
    const restated = describeChanges(changes?.get(`${label}|${measure}`), unit);
    return { label, value: numeric(value), exact: value === null ? '' : String(value), ...(restated !== undefined ? { restated } : {}) };
  });
}
