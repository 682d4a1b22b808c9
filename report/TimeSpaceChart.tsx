import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Dump } from '../src/dump/Dump.js';
import { formatBytes, truncate } from '../src/stats/format.js';
import { byCodeUnit } from '../src/stats/StatsDiff.js';
import { Chart } from './Chart.js';
import { palette } from './palette.js';
import { secondsAxis } from './secondsAxis.js';

const bytesAxis = (_u: uPlot, splits: number[]): string[] => splits.map((v) => formatBytes(v));
/** Tick steps in binary units (…, 256 KB, 512 KB, 1 MB, …), so byte axes read in round figures. */
const BYTE_INCRS: number[] = [];
for (let k = 0; k < 6; k++) for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) BYTE_INCRS.push(m * 1024 ** k);

/** Classes the time-space chart draws on their own; the others are stacked as one "other N classes" band. */
export const CHART_CLASSES = 12;

/** The chart's bands: the largest classes by bytes (in name order) with their bytes per snapshot, and the rest summed. */
export interface ChartBands {
  /** Classes drawn on their own, in name order, and their bytes per snapshot. */
  names: string[];
  own: number[][];
  /** Bytes per snapshot of every other class with bytes; the number of those classes. */
  other: number[];
  otherCount: number;
}

/**
 * Picks the chart's bands: the `top` classes with the most bytes summed over the snapshots, the
 * rest folded into one band. Reads only the figures each snapshot holds, so classes with no
 * figures cost nothing and classes with no bytes get no band.
 */
export function chartBands(dump: Dump, top = CHART_CLASSES): ChartBands {
  const snaps = dump.snapshots;
  const sums = new Map<string, number>();
  for (const s of snaps) for (const name of Object.keys(s.classes)) sums.set(name, (sums.get(name) ?? 0) + s.classes[name]!.bytes);
  const ranked: string[] = [];
  for (const [name, sum] of sums) if (sum > 0) ranked.push(name);
  ranked.sort((a, b) => sums.get(b)! - sums.get(a)! || byCodeUnit(a, b));
  const names = ranked.slice(0, top).sort(byCodeUnit);
  const at = new Map(names.map((n, k) => [n, k]));
  const own = names.map(() => new Array<number>(snaps.length).fill(0));
  const other = new Array<number>(snaps.length).fill(0);
  snaps.forEach((s, i) => {
    for (const name of Object.keys(s.classes)) {
      const k = at.get(name);
      if (k !== undefined) own[k]![i] = s.classes[name]!.bytes;
      else other[i] = other[i]! + s.classes[name]!.bytes;
    }
  });
  return { names, own, other, otherCount: ranked.length - names.length };
}

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

/**
 * The time-space chart: bytes per class stacked over the snapshots (x: seconds since the tracker
 * started) for the `CHART_CLASSES` largest classes plus one band for the others, the tracked
 * total and the platform total (right axis) as lines, and `dump.marks` (web-vitals and others)
 * as labelled vertical lines drawn on the canvas (one per pixel column, labels where they fit).
 */
export function TimeSpaceChart({ dump }: { dump: Dump }) {
  const built = useMemo(() => {
    const snaps = dump.snapshots;
    const xs = snaps.map((s) => s.time / 1000);
    const bands = chartBands(dump);
    // Stacking by drawing cumulative areas from the top one down, each filled to zero; "other" on top.
    const raw = bands.otherCount > 0 ? [...bands.own, bands.other] : bands.own;
    const cum: number[][] = [];
    let acc = snaps.map(() => 0);
    for (const r of raw) {
      acc = acc.map((v, i) => v + r[i]!);
      cum.push(acc);
    }
    const hasTotal = snaps.some((s) => s.total.source !== 'none');
    const few = snaps.length < 3;
    const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v == null ? '--' : `${+v.toFixed(3)} s`) }];
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
        value: (_u, _v, _s, i) => (i == null ? '--' : formatBytes(own[i] ?? 0)),
      });
      data.push(cum[k]!);
    }
    series.push({ label: 'tracked total', stroke: '#222', width: 2, dash: [6, 4], points: { show: few }, value: (_u, v) => (v == null ? '--' : formatBytes(v)) });
    data.push(snaps.map((s) => s.trackedTotal));
    if (hasTotal) {
      series.push({ label: 'platform total (right axis)', scale: 'total', stroke: '#c00', width: 2, points: { show: few }, value: (_u, v) => (v == null ? '--' : formatBytes(v)) });
      data.push(snaps.map((s) => s.total.bytes));
    }
    const marks = dump.marks.map((m) => ({ t: m.time / 1000, text: truncate(m.name, 24) })).sort((a, b) => a.t - b.t);
    const [lo, hi] = extent(xs, marks.map((m) => m.t));
    const pad = hi > lo ? 0 : 1;
    const options: Omit<uPlot.Options, 'width'> = {
      height: 340,
      series,
      scales: { x: { time: false, range: () => [lo - pad, hi + pad] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] }, total: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      axes: [
        { values: secondsAxis },
        { values: bytesAxis, incrs: BYTE_INCRS, size: 80, label: 'tracked bytes' },
        ...(hasTotal ? [{ scale: 'total', side: 1 as const, values: bytesAxis, incrs: BYTE_INCRS, size: 80, label: 'platform total', grid: { show: false } }] : []),
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        draw: [
          (u: uPlot) => {
            // Marks are painted on the canvas: their names never become markup.
            const ctx = u.ctx;
            const r = devicePixelRatio;
            ctx.save();
            ctx.strokeStyle = '#7a3cc2';
            ctx.fillStyle = '#7a3cc2';
            ctx.setLineDash([3 * r, 3 * r]);
            ctx.font = `${11 * r}px system-ui, sans-serif`;
            // Marks are sorted by time: one line per pixel column, and a label only where the
            // last label in its row (four rows, in turn) has ended, so 150,000 marks draw as fast as a few.
            let lastX = -Infinity;
            const rowEnd = [-Infinity, -Infinity, -Infinity, -Infinity];
            let row = 0;
            for (const m of marks) {
              const x = Math.round(u.valToPos(m.t, 'x', true));
              if (x === lastX) continue;
              lastX = x;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              if (x > rowEnd[row]!) {
                ctx.fillText(m.text, x + 3 * r, u.bbox.top + (12 + row * 13) * r);
                rowEnd[row] = x + 3 * r + ctx.measureText(m.text).width;
                row = (row + 1) % 4;
              }
            }
            ctx.restore();
          },
        ],
      },
    };
    return { options, data: data as uPlot.AlignedData };
  }, [dump]);
  if (dump.snapshots.length === 0) return <p class="empty">No snapshots in this dump: nothing to chart.</p>;
  return <Chart options={built.options} data={built.data} label="bytes per class over the snapshots" />;
}
