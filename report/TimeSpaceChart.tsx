import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Dump } from '../src/dump/Dump.js';
import { formatBytes, truncate } from '../src/stats/format.js';
import { Chart } from './Chart.js';
import { chartBands } from './chartBands.js';
import { BYTE_INCRS, chartTheme, tickBytes } from './chartTheme.js';
import { drawMarks, drawExact } from './drawMarks.js';
import { markLabel } from './marks.js';
import { palette } from './palette.js';
import { secondsAxis } from './secondsAxis.js';

const bytesAxis = (_u: uPlot, splits: number[]): string[] => splits.map(tickBytes);

/** The smallest and largest of `xs` and `ys` (a loop: no spread of a large array into arguments). */
function extent(xs: readonly number[], ys: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const list of [xs, ys]) {
    for (const v of list) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

/** The band under a point of the stacked chart: `cum` are the stacks' tops per snapshot, bottom band first. */
export function bandAt(cum: readonly (readonly number[])[], idx: number, y: number): number | undefined {
  if (y < 0) return undefined;
  for (let k = 0; k < cum.length; k++) if (y <= cum[k]![idx]!) return k;
  return undefined;
}

/**
 * The time-space chart: bytes per class stacked over the snapshots (x: seconds since the tracker
 * started) for the largest classes plus one band for the others, the tracked total and the
 * platform total (right axis) as lines, `dump.marks` as labelled vertical lines and exact-sizing
 * snapshots as triangles on the time axis, drawn on the canvas. The legend shows the latest
 * snapshot's figures until hovered; dragging zooms on a time range; clicking a class's band opens its page.
 */
export function TimeSpaceChart({ dump, onClass }: { dump: Dump; onClass: (name: string) => void }) {
  const built = useMemo(() => {
    const snaps = dump.snapshots;
    const xs = snaps.map((s) => s.time / 1000);
    const lastAt = snaps.length - 1;
    const bands = chartBands(dump);
    // Stacking by drawing cumulative areas from the top one down, each filled to zero; "other" on top.
    const raw = bands.otherCount > 0 ? [...bands.own, bands.other] : bands.own;
    const cum: number[][] = [];
    let acc = snaps.map(() => 0);
    for (const r of raw) {
      acc = acc.map((v, i) => v + r[i]!);
      cum.push(acc);
    }
    const theme = chartTheme();
    const hasTotal = snaps.some((s) => s.total.source !== 'none');
    const few = snaps.length < 3;
    const at = (i: number | null | undefined): number => (i == null ? lastAt : i);
    const series: uPlot.Series[] = [{ label: 'time', value: (_u, _v, _s, i) => `${+(xs[at(i)] ?? 0).toFixed(3)} s${i == null ? ' (latest)' : ''}` }];
    const data: Array<number[]> = [xs];
    for (let k = raw.length - 1; k >= 0; k--) {
      const own = raw[k]!;
      const isOther = k === bands.names.length;
      const color = isOther ? '#9a9a9a' : palette(k);
      series.push({
        label: isOther ? `other ${bands.otherCount} class${bands.otherCount === 1 ? '' : 'es'}` : truncate(bands.names[k]!, 40),
        stroke: color,
        fill: `${color}cc`,
        width: 1,
        points: { show: few },
        value: (_u, _v, _s, i) => formatBytes(own[at(i)] ?? 0),
      });
      data.push(cum[k]!);
    }
    const tracked = snaps.map((s) => s.trackedTotal);
    series.push({ label: 'tracked total', stroke: theme.fg, width: 2, dash: [6, 4], points: { show: few }, value: (_u, _v, _s, i) => formatBytes(tracked[at(i)] ?? 0) });
    data.push(tracked);
    if (hasTotal) {
      const totals = snaps.map((s) => s.total.bytes);
      series.push({ label: 'platform total (right axis)', scale: 'total', stroke: theme.total, width: 2, points: { show: few }, value: (_u, _v, _s, i) => formatBytes(totals[at(i)] ?? 0) });
      data.push(totals);
    }
    const marks = dump.marks.map((m) => ({ t: m.time / 1000, text: markLabel(m) })).sort((a, b) => a.t - b.t);
    const exact = snaps.flatMap((s) => (s.sizing === 'exact' ? [s.time / 1000] : []));
    const [lo, hi] = extent(xs, marks.map((m) => m.t));
    const pad = hi > lo ? 0 : 1;
    const options: Omit<uPlot.Options, 'width'> = {
      height: 380,
      series,
      scales: {
        x: { time: false, range: (_u, min, max) => (min == null || max == null || !Number.isFinite(min) ? [lo - pad, hi + pad] : [min, max]) },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
        total: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
      },
      axes: [
        { values: secondsAxis },
        { values: bytesAxis, incrs: BYTE_INCRS, size: 70, label: 'tracked bytes' },
        ...(hasTotal ? [{ scale: 'total', side: 1 as const, values: bytesAxis, incrs: BYTE_INCRS, size: 70, label: 'platform total', grid: { show: false } }] : []),
      ],
      legend: { live: true },
      hooks: { draw: [(u: uPlot) => drawMarks(u, marks, theme.mark, theme.bg), (u: uPlot) => drawExact(u, exact, theme.fg)] },
    };
    const stacked = { cum, names: bands.names };
    return { options, data: data as uPlot.AlignedData, stacked, exact: exact.length };
  }, [dump]);
  if (dump.snapshots.length === 0) return <p class="empty">No snapshots in this dump: nothing to chart.</p>;
  const onPlot = (u: uPlot): void => {
    let down: [number, number] | undefined;
    u.over.addEventListener('mousedown', (e) => (down = [e.clientX, e.clientY]));
    u.over.addEventListener('click', (e) => {
      // A drag (zoom) is not a click on a band.
      if (down !== undefined && Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 4) return;
      const r = u.over.getBoundingClientRect();
      const idx = u.posToIdx(e.clientX - r.left);
      const k = bandAt(built.stacked.cum, idx, u.posToVal(e.clientY - r.top, 'y'));
      const name = k === undefined ? undefined : built.stacked.names[k];
      if (name !== undefined) onClass(name);
    });
    u.over.style.cursor = 'pointer';
  };
  return (
    <>
      <Chart options={built.options} data={built.data} label="bytes per class over the snapshots" zoom onPlot={onPlot} />
      <p class="meta chart-note">
        Click a class's band to open its page.{' '}
        {built.exact > 0 ? `▲ on the time axis: ${built.exact} snapshot${built.exact === 1 ? '' : 's'} sized exactly (V8 heap snapshot); the others use the layout model.` : 'All snapshots use the layout model (no exact sizing).'}
      </p>
    </>
  );
}
