/** One calibration row: the layout model's bytes for a shape and what it owns in a V8 heap snapshot. */
export interface CalibrationRow {
  name: string;
  model: number;
  actual: number;
}

/** Error statistics and a printable table for a calibration run. */
export function calibrationTable(rows: readonly CalibrationRow[]): { median: number; within: number; errors: number[]; table: string } {
  const errors = rows.map((r) => ((r.model - r.actual) / r.actual) * 100);
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const median = abs.length === 0 ? NaN : abs.length % 2 ? abs[abs.length >> 1]! : (abs[abs.length / 2 - 1]! + abs[abs.length / 2]!) / 2;
  const within = rows.length === 0 ? 0 : errors.filter((e) => Math.abs(e) <= 20).length / rows.length;
  const lines = rows.map((r, i) => `${r.name.padEnd(38)} ${String(r.model).padStart(8)} ${String(r.actual).padStart(8)} ${errors[i]!.toFixed(1).padStart(7)}%`);
  const table = [`${'shape'.padEnd(38)} ${'model'.padStart(8)} ${'V8'.padStart(8)} ${'error'.padStart(8)}`, ...lines,
    `median |error| ${median.toFixed(1)}%, within 20%: ${(within * 100).toFixed(0)}% of ${rows.length} shapes`].join('\n');
  return { median, within, errors, table };
}
