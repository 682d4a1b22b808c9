import type uPlot from 'uplot';

/** Axis labels for times in seconds: milliseconds when ticks are under 10 ms apart, with just enough decimals. */
export function secondsAxis(_u: uPlot, splits: number[]): string[] {
  const step = splits.length > 1 ? Math.abs(splits[1]! - splits[0]!) : 1;
  const ms = step > 0 && step < 0.01;
  const unit = ms ? step * 1000 : step;
  const decimals = unit > 0 ? Math.min(6, Math.max(0, -Math.floor(Math.log10(unit)))) : 0;
  return splits.map((v) => (ms ? `${(v * 1000).toFixed(decimals)} ms` : `${v.toFixed(decimals)} s`));
}
