import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Dump } from '../src/Dump.js';
import { formatBytes, truncate } from '../src/format.js';
import { Chart } from './Chart.js';
import { palette } from './palette.js';
import { secondsAxis } from './secondsAxis.js';

const bytesAxis = (_u: uPlot, splits: number[]): string[] => splits.map((v) => formatBytes(v));
/** Tick steps in binary units (…, 256 KB, 512 KB, 1 MB, …), so byte axes read in round figures. */
const BYTE_INCRS: number[] = [];
for (let k = 0; k < 6; k++) for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) BYTE_INCRS.push(m * 1024 ** k);

/**
 * The time-space chart: bytes per class stacked over the snapshots (x: seconds since the tracker
 * started), the tracked total and the platform total (right axis) as lines, and `dump.marks`
 * (web-vitals and others) as labelled vertical lines drawn on the canvas.
 */
export function TimeSpaceChart({ dump, classes }: { dump: Dump; classes: readonly string[] }) {
  const built = useMemo(() => {
    const snaps = dump.snapshots;
    const xs = snaps.map((s) => s.time / 1000);
    const raw = classes.map((name) => snaps.map((s) => (Object.prototype.hasOwnProperty.call(s.classes, name) ? s.classes[name]!.bytes : 0)));
    // Stacking by drawing cumulative areas from the top one down, each filled to zero.
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
    for (let k = classes.length - 1; k >= 0; k--) {
      const own = raw[k]!;
      series.push({
        label: truncate(classes[k]!, 40),
        stroke: palette(k),
        fill: `${palette(k)}cc`,
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
    const marks = dump.marks.map((m) => ({ t: m.time / 1000, text: truncate(m.name, 24) }));
    const lo = Math.min(...xs, ...marks.map((m) => m.t));
    const hi = Math.max(...xs, ...marks.map((m) => m.t));
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
            marks.forEach((m, i) => {
              const x = Math.round(u.valToPos(m.t, 'x', true));
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.fillText(m.text, x + 3 * r, u.bbox.top + (12 + (i % 4) * 13) * r);
            });
            ctx.restore();
          },
        ],
      },
    };
    return { options, data: data as uPlot.AlignedData };
  }, [dump, classes]);
  if (dump.snapshots.length === 0) return <p class="empty">No snapshots in this dump: nothing to chart.</p>;
  return <Chart options={built.options} data={built.data} label="bytes per class over the snapshots" />;
}
