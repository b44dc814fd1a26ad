import type { MeasureUnit, MeasureValue } from './api';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** A measure for reading; the exact value stays in the answer (and in the element's data-value). */
export function formatMeasure(value: MeasureValue, unit: MeasureUnit): string {
  if (value === null) return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  switch (unit) {
    case 'count':
      return whole.format(n);
    case 'usd':
      return usd.format(n);
    case 'days':
      return `${oneDecimal.format(n)} d`;
    case 'ratio':
      return percent.format(n);
    case 'amount':
    case 'text':
      return String(value);
  }
}

/** Short form for axis labels: 1.2k, 3.4M. */
export function formatShort(value: number, unit: MeasureUnit): string {
  if (unit === 'ratio') return percent.format(value);
  const abs = Math.abs(value);
  const scaled =
    abs >= 1e9
      ? `${oneDecimal.format(value / 1e9)}B`
      : abs >= 1e6
        ? `${oneDecimal.format(value / 1e6)}M`
        : abs >= 1e4
          ? `${oneDecimal.format(value / 1e3)}k`
          : oneDecimal.format(value);
  return unit === 'usd' ? `$${scaled}` : scaled;
}

export function numeric(value: MeasureValue): number {
  const n = value === null ? 0 : Number(value);
  return Number.isFinite(n) ? n : 0;
}

export function shortHash(hash: string | undefined | null): string {
  return hash ? `${hash.slice(0, 12)}…` : '—';
}

export function groupLabel(group: Record<string, string | null>): string {
  const values = Object.values(group);
  return values.length === 0 ? 'all' : values.map((v) => v ?? 'n/a').join(' · ');
}
