/**
 * The leak criterion, as a pure function over alive counts: `counts[0]` is the count after the
 * warm-up, `counts[i]` the count after measured iteration i (each read after a full GC).
 */

/**
 * True when the class leaks: its alive count grew by at least one in every measured iteration
 * (so it never fell back nor stood still). A count that plateaus (a cache filled once), or that
 * rises and falls (instances created and dropped), is not a leak. Needs two counts at least.
 */
export function isLeaking(counts: readonly number[]): boolean {
  if (counts.length < 2) return false;
  for (let i = 1; i < counts.length; i++) {
    if (!(counts[i]! - counts[i - 1]! >= 1)) return false;
  }
  return true;
}

/** The average growth per measured iteration: (last - first) / iterations; 0 for fewer than two counts. */
export function growthPerIteration(counts: readonly number[]): number {
  return counts.length < 2 ? 0 : (counts[counts.length - 1]! - counts[0]!) / (counts.length - 1);
}

/** The names in `series` (class name → counts) whose counts leak by `isLeaking`, in the series' order. */
export function leakingClasses(series: ReadonlyMap<string, readonly number[]>): string[] {
  const out: string[] = [];
  for (const [name, counts] of series) if (isLeaking(counts)) out.push(name);
  return out;
}
