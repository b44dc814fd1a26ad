/** Latency samples in milliseconds, kept exactly (no histogram buckets) so p99.9 is a real observed value. */
export class LatencyRecorder {
  private samples = new Float64Array(1024);
  private count = 0;

  record(ms: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
  }

  absorb(other: LatencyRecorder): void {
    for (let i = 0; i < other.count; i++) this.record(other.samples[i]);
  }

  get size(): number {
    return this.count;
  }

  summary(): LatencySummary {
    const sorted = this.samples.slice(0, this.count).sort();
    return {
      samples: this.count,
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      p999Ms: round(percentile(sorted, 99.9)),
      maxMs: round(sorted[sorted.length - 1] ?? NaN),
    };
  }
}

export interface LatencySummary {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of ascending samples: the smallest sample with at least p% of samples at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Three significant-ish decimals: enough for milliseconds, short in JSON. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function perSecond(count: number, elapsedMs: number): number {
  return Math.round(count / (elapsedMs / 1000));
}

/** Peak resident set size of this process so far, in MiB (the kernel's high-water mark). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
