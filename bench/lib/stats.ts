/** Percentiles of a sample, in the unit it was measured in. */

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return {
    n: s.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
  };
}
