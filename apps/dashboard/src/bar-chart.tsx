import type { MeasureUnit } from './api';
import { formatMeasure, formatShort } from './format';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Exact value as the API gave it. */
  readonly exact: string;
  /** When the bar shows an earlier state of the ledger: how later corrections restated it. */
  readonly restated?: string;
}

interface BarChartProps {
  readonly bars: readonly Bar[];
  readonly unit: MeasureUnit;
  readonly testId: string;
  readonly onSelect: (index: number) => void;
  /** Horizontal bars with labels on the left (breakdowns); vertical columns otherwise (time). */
  readonly horizontal?: boolean;
}

/** Hand-drawn SVG bars: one clickable rect per value, restated values outlined. */
export function BarChart({ bars, unit, testId, onSelect, horizontal }: BarChartProps) {
  if (bars.length === 0) return <p class="empty">No events in this selection.</p>;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const min = Math.min(0, ...bars.map((b) => b.value));
  const span = max - min || 1;

  if (horizontal) {
    const rowHeight = 20;
    const labelWidth = 130;
    const width = 460;
    const plot = width - labelWidth - 86;
    return (
      <svg class="chart" data-testid={testId} viewBox={`0 0 ${width} ${bars.length * rowHeight + 4}`} role="img">
        {bars.map((bar, i) => {
          const x0 = labelWidth + ((0 - min) / span) * plot;
          const x1 = labelWidth + ((bar.value - min) / span) * plot;
          const y = i * rowHeight + 2;
          return (
            <g
              key={bar.label}
              class={`bar${bar.restated !== undefined ? ' restated' : ''}`}
              data-label={bar.label}
              data-value={bar.exact}
              tabIndex={0}
              role="button"
              onClick={() => onSelect(i)}
              onKeyDown={(e) => e.key === 'Enter' && onSelect(i)}
            >
              <title>{`${bar.label}: ${formatMeasure(bar.exact, unit)}${bar.restated !== undefined ? ` (${bar.restated})` : ''} — click for the events behind it`}</title>
              <text x={labelWidth - 6} y={y + 14} text-anchor="end" class="label">
                {bar.label.length > 20 ? `${bar.label.slice(0, 19)}…` : bar.label}
              </text>
              <rect x={Math.min(x0, x1)} y={y} width={Math.max(1, Math.abs(x1 - x0))} height={rowHeight - 6} />
              <text x={Math.max(x0, x1) + 6} y={y + 14} class="value">
                {formatMeasure(bar.exact, unit)}
                {bar.restated !== undefined ? ' *' : ''}
              </text>
            </g>
          );
        })}
      </svg>
    );
  }

  const width = 1200;
  const height = 260;
  const left = 56;
  const bottom = 28;
  const plotHeight = height - bottom - 10;
  const step = (width - left - 8) / bars.length;
  const y = (v: number) => 10 + ((max - v) / span) * plotHeight;
  const labelEvery = Math.ceil(bars.length / 24);
  return (
    <svg class="chart" data-testid={testId} viewBox={`0 0 ${width} ${height}`} role="img">
      <line x1={left} x2={width - 8} y1={y(0)} y2={y(0)} class="axis" />
      <text x={left - 6} y={y(max) + 4} text-anchor="end" class="tick">
        {formatShort(max, unit)}
      </text>
      {min < 0 && (
        <text x={left - 6} y={y(min) + 4} text-anchor="end" class="tick">
          {formatShort(min, unit)}
        </text>
      )}
      {bars.map((bar, i) => {
        const x = left + i * step;
        const top = Math.min(y(bar.value), y(0));
        return (
          <g
            key={bar.label}
            class={`bar${bar.restated !== undefined ? ' restated' : ''}`}
            data-label={bar.label}
            data-value={bar.exact}
            tabIndex={0}
            role="button"
            onClick={() => onSelect(i)}
            onKeyDown={(e) => e.key === 'Enter' && onSelect(i)}
          >
            <title>{`${bar.label}: ${formatMeasure(bar.exact, unit)}${bar.restated !== undefined ? ` (${bar.restated})` : ''} — click for the events behind it`}</title>
            <rect x={x + step * 0.12} y={top} width={Math.max(1, step * 0.76)} height={Math.max(1, Math.abs(y(bar.value) - y(0)))} />
            {i % labelEvery === 0 && (
              <text x={x + step / 2} y={height - 10} text-anchor="middle" class="tick">
                {bar.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
