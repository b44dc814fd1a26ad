import type { FigureQuery } from './use-figure-query';

/** The query's controls: year and dimension filters, as of (business time), known at (log time), reset. */
export function FigureControls({ query }: { query: FigureQuery }) {
  const { dimensions, filters, setFilters, year, setYear, asOf, setAsOf, knownAt, knownAtDraft, setKnownAtDraft, setKnownAt } = query;
  return (
    <section class="controls" data-testid="controls">
      <label>
        year
        <select data-testid="filter-year" value={year} onChange={(e) => setYear(e.currentTarget.value)}>
          <option value="">all</option>
          {query.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      {dimensions.map((d) => (
        <label key={d.name} title={d.description}>
          {d.name}
          <select
            data-testid={`filter-${d.name}`}
            value={filters[d.name] ?? ''}
            onChange={(e) => setFilters({ ...filters, [d.name]: e.currentTarget.value })}
          >
            <option value="">all</option>
            {(query.options[d.name] ?? []).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label title="business time: events that occurred up to this day">
        as of
        <input type="date" data-testid="as-of" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
      </label>
      <label title="what the ledger knew then, before later corrections: a date or a log position">
        known at
        <input
          type="text"
          data-testid="known-at"
          placeholder="date or log position"
          size={14}
          value={knownAtDraft}
          onInput={(e) => setKnownAtDraft(e.currentTarget.value)}
          onChange={(e) => setKnownAt(e.currentTarget.value.trim())}
          onKeyDown={(e) => e.key === 'Enter' && setKnownAt(e.currentTarget.value.trim())}
        />
      </label>
      {(asOf !== '' || knownAt !== '' || year !== '' || Object.values(filters).some((v) => v !== '')) && (
        <button type="button" onClick={query.reset}>
          reset
        </button>
      )}
    </section>
  );
}
