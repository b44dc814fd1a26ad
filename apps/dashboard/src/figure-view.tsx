import { useState } from 'preact/hooks';
import type { AnswerRow, FigureDescription, LedgerApi, MeasureUnit } from './api';
import { SectionTitle } from './attestation';
import { BarChart, type Bar } from './bar-chart';
import { FigureControls } from './figure-controls';
import { formatMeasure, groupLabel, numeric } from './format';
import { Unavailable } from './ledger-status';
import { ProvenancePanel } from './provenance';
import { changesAfter, describeChanges, Restatements, type Change } from './restatements';
import { useFigureQuery, type Grain } from './use-figure-query';

interface Selection {
  readonly title: string;
  readonly link: string;
}

export function FigureView({ api, figure }: { api: LedgerApi; figure: FigureDescription }) {
  const query = useFigureQuery(api, figure);
  const { dimensions, units, base, grain, setGrain, asOf, setKnownAt, answers, restatements } = query;
  const [chartMeasure, setChartMeasure] = useState(figure.measures[0].name);
  const [selection, setSelection] = useState<Selection | null>(null);

  const open = (title: string, link: string) => setSelection({ title, link });
  const shownAt = answers.status === 'ok' ? (answers.value.headline.knownAt.position ?? 0) : 0;
  const headlineChanges = changesAfter(answers.status === 'ok' ? answers.value.later?.headline : undefined, shownAt);
  const timelineChanges = changesAfter(answers.status === 'ok' ? answers.value.later?.timeline : undefined, shownAt);

  return (
    <div class="figure-view" data-testid={`figure-${figure.name}`}>
      <FigureControls query={query} />

      {answers.status !== 'ok' ? (
        <Unavailable loaded={answers} />
      ) : (
        <>
          <section class="headline" data-testid="headline">
            <SectionTitle title={`${figure.title} — v${figure.version}`} api={api} figure={figure.name} params={base}>
              <span class="muted" data-testid="answer-position">
                {/* A key limited to some countries gets no positions (they count every jurisdiction's events). */}
                {answers.value.headline.knownAt.position === null
                  ? 'as known now'
                  : `as known at log position ${answers.value.headline.knownAt.position}`}
                {answers.value.headline.knownAt.recordedAt ? ` (${answers.value.headline.knownAt.recordedAt})` : ''} ·{' '}
                {answers.value.headline.events.toLocaleString('en-US')} events
                {asOf !== '' ? ` · as of ${asOf}` : ''}
              </span>
            </SectionTitle>
            <div class="cards">
              {figure.measures.map((m) => {
                const value = answers.value.headline.rows[0]?.measures[m.name] ?? null;
                const restated = describeChanges(headlineChanges.get(`all|${m.name}`), m.unit);
                const row = answers.value.headline.rows[0];
                return (
                  <button
                    type="button"
                    key={m.name}
                    class={`card${restated ? ' restated' : ''}`}
                    data-testid={`headline-${m.name}`}
                    data-value={value === null ? '' : String(value)}
                    title={`${m.description} — click for the events behind it`}
                    onClick={() =>
                      open(`${m.name} (${formatMeasure(value, m.unit)})`, row?.provenance ?? answers.value.headline.provenance)
                    }
                  >
                    <span class="measure">{m.name}</span>
                    <span class="number">{formatMeasure(value, m.unit)}</span>
                    {restated && (
                      <span class="restatement" data-testid={`restated-${m.name}`}>
                        {restated}
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          </section>

          <section class="timeline">
            <SectionTitle title="Over time" api={api} figure={figure.name} params={{ groupBy: grain, ...base }}>
              <select data-testid="grain" value={grain} onChange={(e) => setGrain(e.currentTarget.value as Grain)}>
                <option value="year">by year</option>
                <option value="month">by month</option>
              </select>
              <select data-testid="chart-measure" value={chartMeasure} onChange={(e) => setChartMeasure(e.currentTarget.value)}>
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
              bars={bars(answers.value.timeline.rows, chartMeasure, false, units[chartMeasure], timelineChanges)}
              onSelect={(i) => {
                const row = answers.value.timeline.rows[i];
                open(`${chartMeasure} in ${groupLabel(row.group)}`, row.provenance);
              }}
            />
          </section>

          <div class="breakdowns">
            {dimensions.map((d) => {
              const rows = sortedRows(answers.value.breakdowns[d.name].rows, chartMeasure);
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
                    onSelect={(i) => open(`${chartMeasure} for ${groupLabel(rows[i].group)}`, rows[i].provenance)}
                  />
                </section>
              );
            })}
          </div>
        </>
      )}

      <section class="methodology" data-testid="methodology">
        <h3>Methodology</h3>
        {figure.methodology.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        <dl class="measures">
          {figure.measures.map((m) => (
            <>
              <dt>{m.name}</dt>
              <dd>
                {m.description} ({m.unit})
              </dd>
            </>
          ))}
        </dl>
      </section>

      <section class="restatements" data-testid="restatements">
        <h3>Restatements</h3>
        {restatements.status === 'ok' ? (
          <Restatements list={restatements.value} units={units} onLookBefore={(position) => setKnownAt(String(position - 1))} />
        ) : (
          <Unavailable loaded={restatements} />
        )}
        <p class="muted">
          Set “known at” to see the figure as it stood then; the headline and time values that corrections recorded since have restated are
          outlined and marked *.
        </p>
      </section>

      {selection && <ProvenancePanel api={api} title={selection.title} link={selection.link} onClose={() => setSelection(null)} />}
    </div>
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
