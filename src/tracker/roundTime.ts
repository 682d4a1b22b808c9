/** A time in ms rounded to the microsecond, as snapshots, deaths and folded lifetimes hold it. */
export function roundTime(t: number): number {
  return Math.round(t * 1000) / 1000;
}
