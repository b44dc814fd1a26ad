import type { FigureAnswer } from './figure-answer';

/** A figure answer as a plain-text table: a heading that says what it is as of, then one line per group. */
export function formatAnswerTable(answer: FigureAnswer): string {
  const { query } = answer;
  const scope = [
    query.year && `year ${query.year}`,
    query.month && `month ${query.month}`,
    ...Object.entries(query.filters).map(([name, values]) => `${name} ${values.join(',')}`),
    query.from && `from ${query.from}`,
    query.asOf && `as of ${query.asOf}`,
  ].filter(Boolean);
  const known = `known at position ${answer.knownAt.position}${answer.knownAt.recordedAt ? ` (recorded ${answer.knownAt.recordedAt})` : ''}`;
  const heading = `${answer.figure} v${answer.version}${scope.length ? ` — ${scope.join(', ')}` : ''}; ${known}; ${answer.events} event(s) behind it`;

  const headers = [...query.groupBy, ...answer.measures, 'events'];
  const lines = answer.rows.map((row) => [
    ...query.groupBy.map((name) => row.group[name] ?? '-'),
    ...answer.measures.map((name) => (row.measures[name] === null ? '-' : String(row.measures[name]))),
    String(row.events),
  ]);
  const widths = headers.map((header, i) => Math.max(header.length, ...lines.map((line) => line[i].length)));
  const groups = query.groupBy.length;
  // Group names read left-aligned; numbers right-aligned so digits line up.
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (i < groups ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [heading, '', render(headers), rule, ...lines.map(render), ''].join('\n');
}
