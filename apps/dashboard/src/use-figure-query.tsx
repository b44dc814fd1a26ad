import { useEffect, useMemo, useState } from 'preact/hooks';
import { queryOf, type FigureAnswer, type FigureDescription, type LedgerApi, type Loaded, type MeasureUnit } from './api';
import { loadRestatements, type RestatementList } from './restatements';

export type Params = Record<string, string | undefined>;

export type Grain = 'year' | 'month';

/** Answers of one figure for the current filters and, when looking back, the corrections recorded since. */
export interface Answers {
  readonly headline: FigureAnswer;
  readonly timeline: FigureAnswer;
  readonly breakdowns: Record<string, FigureAnswer>;
  /** Restatements of the headline and of the timeline cells (only when "known at" is set). */
  readonly later?: { headline: Loaded<RestatementList>; timeline: Loaded<RestatementList> };
}

/** One figure's query (time grain, filters, as of, known at), what it may be filtered by, and its answers as they load. */
export function useFigureQuery(api: LedgerApi, figure: FigureDescription) {
  const [grain, setGrain] = useState<Grain>('year');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [year, setYear] = useState('');
  const [asOf, setAsOf] = useState('');
  const [knownAt, setKnownAtApplied] = useState('');
  // What is typed in the known-at box: kept in state as it is typed, so a re-render (an answer arriving) never
  // wipes it before Enter applies it.
  const [knownAtDraft, setKnownAtDraft] = useState('');
  const setKnownAt = (value: string) => {
    setKnownAtDraft(value);
    setKnownAtApplied(value);
  };
  const [answers, setAnswers] = useState<Loaded<Answers>>({ status: 'loading' });
  const [options, setOptions] = useState<Record<string, string[]>>({});
  const [years, setYears] = useState<string[]>([]);
  const [restatements, setRestatements] = useState<Loaded<RestatementList>>({ status: 'loading' });

  // year and month are listed among the groupable names; here they are the time axis, not breakdowns.
  const dimensions = useMemo(() => figure.dimensions.filter((d) => d.name !== 'year' && d.name !== 'month'), [figure]);
  const base: Params = useMemo(() => ({ year, ...filters, asOf, knownAt }), [year, filters, asOf, knownAt]);
  const units = useMemo(() => Object.fromEntries(figure.measures.map((m) => [m.name, m.unit])) as Record<string, MeasureUnit>, [figure]);
  const path = `/v1/figures/${encodeURIComponent(figure.name)}`;

  // Filter choices: every value the viewer may see, whatever is filtered now.
  useEffect(() => {
    void Promise.all(dimensions.map((d) => api.get<FigureAnswer>(`${path}${queryOf({ groupBy: d.name })}`).catch(() => null))).then(
      (answers) => {
        setOptions(
          Object.fromEntries(
            dimensions.map((d, i) => [d.name, (answers[i]?.rows ?? []).map((r) => r.group[d.name]).filter((v): v is string => v !== null)]),
          ),
        );
      },
    );
    void api.get<FigureAnswer>(`${path}?groupBy=year`).then(
      (a) => setYears(a.rows.map((r) => r.group.year).filter((v): v is string => v !== null)),
      () => setYears([]),
    );
  }, [api, figure]);

  useEffect(() => {
    setRestatements({ status: 'loading' });
    void loadRestatements(api, `${path}/restatements${queryOf({ ...base, knownAt: undefined })}`).then(setRestatements);
  }, [api, figure, year, filters, asOf]);

  useEffect(() => {
    let stale = false;
    setAnswers({ status: 'loading' });
    const fetchSet = async (params: Params) => {
      const [headline, timeline, ...breakdowns] = await Promise.all([
        api.get<FigureAnswer>(`${path}${queryOf(params)}`),
        api.get<FigureAnswer>(`${path}${queryOf({ groupBy: grain, ...params })}`),
        ...dimensions.map((d) => api.get<FigureAnswer>(`${path}${queryOf({ groupBy: d.name, ...params })}`)),
      ]);
      return { headline, timeline, breakdowns: Object.fromEntries(dimensions.map((d, i) => [d.name, breakdowns[i]])) };
    };
    void (async () => {
      try {
        const then = await fetchSet(base);
        // The answer shows at once; what changed since (restatements, computed in the ledger worker) follows.
        if (!stale) setAnswers({ status: 'ok', value: { ...then, later: undefined } });
        if (knownAt === '') return;
        const latest = { ...base, knownAt: undefined };
        const later = {
          headline: await loadRestatements(api, `${path}/restatements${queryOf(latest)}`),
          timeline: await loadRestatements(api, `${path}/restatements${queryOf({ groupBy: grain, ...latest })}`),
        };
        if (!stale) setAnswers({ status: 'ok', value: { ...then, later } });
      } catch (error) {
        if (!stale) setAnswers({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      stale = true;
    };
  }, [api, figure, base, grain]);

  const reset = () => {
    setFilters({});
    setYear('');
    setAsOf('');
    setKnownAt('');
  };

  return {
    dimensions,
    units,
    base,
    grain,
    setGrain,
    filters,
    setFilters,
    year,
    setYear,
    asOf,
    setAsOf,
    knownAt,
    knownAtDraft,
    setKnownAtDraft,
    setKnownAt,
    reset,
    options,
    years,
    answers,
    restatements,
  };
}

export type FigureQuery = ReturnType<typeof useFigureQuery>;
