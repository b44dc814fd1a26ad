import type { FigureDefinition } from '@ledger/figures';

/**
 * The answers the packed-item suites compare between two sources: every figure version grouped by month and each
 * of its dimensions, current, as of a date, known at a position, known at `middleTime` (a recording time inside the
 * log) and known at a position with an asOf.
 */
export function* monthByDimensionQueries(
  figures: readonly FigureDefinition[],
  middleTime: string,
): Generator<{ readonly figure: FigureDefinition; readonly params: Record<string, string> }> {
  const extras: Record<string, string>[] = [
    {},
    { asOf: '2023-06-30' },
    { knownAt: '450' },
    { knownAt: middleTime },
    { knownAt: '451', asOf: '2024-01-15' },
  ];
  for (const figure of figures)
    for (const dimension of figure.dimensions)
      for (const extra of extras)
        yield { figure, params: { version: String(figure.version), groupBy: `month,${dimension.name}`, ...extra } };
}
