import type { FigureDescription, LedgerApi } from './api';
import { SectionTitle } from './attestation';
import { formatMeasure } from './format';
import { changesAfter, describeChanges } from './restatements';
import type { Answers, Params } from './use-figure-query';

interface FigureHeadlineProps {
  api: LedgerApi;
  figure: FigureDescription;
  answers: Answers;
  base: Params;
  asOf: string;
  /** Opens the events behind a value. */
  onOpen: (title: string, link: string) => void;
}

/** The answer without grouping: where in the log it was computed, and one card per measure. */
export function FigureHeadline({ api, figure, answers, base, asOf, onOpen }: FigureHeadlineProps) {
  const headlineChanges = changesAfter(answers.later?.headline, answers.headline.knownAt.position ?? 0);
  return (
    <section class="headline" data-testid="headline">
      <SectionTitle title={`${figure.title} — v${figure.version}`} api={api} figure={figure.name} params={base}>
        <span class="muted" data-testid="answer-position">
          {/* A key limited to some countries gets no positions (they count every jurisdiction's events). */}
          {answers.headline.knownAt.position === null ? 'as known now' : `as known at log position ${answers.headline.knownAt.position}`}
          {answers.headline.knownAt.recordedAt ? ` (${answers.headline.knownAt.recordedAt})` : ''} ·{' '}
          {answers.headline.events.toLocaleString('en-US')} events
          {asOf !== '' ? ` · as of ${asOf}` : ''}
        </span>
      </SectionTitle>
      <div class="cards">
        {figure.measures.map((m) => {
          const value = answers.headline.rows[0]?.measures[m.name] ?? null;
          const restated = describeChanges(headlineChanges.get(`all|${m.name}`), m.unit);
          const row = answers.headline.rows[0];
          return (
            <button
              type="button"
              key={m.name}
              class={`card${restated ? ' restated' : ''}`}
              data-testid={`headline-${m.name}`}
              data-value={value === null ? '' : String(value)}
              title={`${m.description} — click for the events behind it`}
              onClick={() => onOpen(`${m.name} (${formatMeasure(value, m.unit)})`, row?.provenance ?? answers.headline.provenance)}
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
  );
}
