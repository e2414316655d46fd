/** Percentiles of a sample, in the sample's unit. */
export function summarize(samples: number[]): { n: number; median: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    median: at(0.5),
    p99: at(0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export function line(label: string, samples: number[], unit = 'ms'): string {
  const s = summarize(samples);
  return `${label.padEnd(42)} n=${s.n}  median ${s.median.toFixed(3)} ${unit}  p99 ${s.p99.toFixed(3)} ${unit}  mean ${s.mean.toFixed(3)} ${unit}`;
}
