/** Nearest-rank percentile of the samples (p from 0 to 100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '–';
  return Math.round(perSecond).toLocaleString('en-GB');
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-GB');
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
