import { useState } from 'preact/hooks';
import type { FigureDescription, LedgerApi } from './api';
import { FigureCharts } from './figure-charts';
import { FigureControls } from './figure-controls';
import { FigureHeadline } from './figure-headline';
import { Unavailable } from './ledger-status';
import { ProvenancePanel } from './provenance';
import { Restatements } from './restatements';
import { useFigureQuery } from './use-figure-query';

interface Selection {
  readonly title: string;
  readonly link: string;
}

/** One figure: its controls, the answer (headline, over time, breakdowns), methodology, restatements, and the events behind a value. */
export function FigureView({ api, figure }: { api: LedgerApi; figure: FigureDescription }) {
  const query = useFigureQuery(api, figure);
  const { answers, restatements, units } = query;
  const [chartMeasure, setChartMeasure] = useState(figure.measures[0].name);
  const [selection, setSelection] = useState<Selection | null>(null);
  const open = (title: string, link: string) => setSelection({ title, link });

  return (
    <div class="figure-view" data-testid={`figure-${figure.name}`}>
      <FigureControls query={query} />

      {answers.status !== 'ok' ? (
        <Unavailable loaded={answers} />
      ) : (
        <>
          <FigureHeadline api={api} figure={figure} answers={answers.value} base={query.base} asOf={query.asOf} onOpen={open} />
          <FigureCharts
            api={api}
            figure={figure}
            answers={answers.value}
            base={query.base}
            dimensions={query.dimensions}
            units={units}
            grain={query.grain}
            onGrain={query.setGrain}
            chartMeasure={chartMeasure}
            onChartMeasure={setChartMeasure}
            onOpen={open}
          />
        </>
      )}

      <Methodology figure={figure} />

      <section class="restatements" data-testid="restatements">
        <h3>Restatements</h3>
        {restatements.status === 'ok' ? (
          <Restatements list={restatements.value} units={units} onLookBefore={(position) => query.setKnownAt(String(position - 1))} />
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

function Methodology({ figure }: { figure: FigureDescription }) {
  return (
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
  );
}
