import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import type { HistoryPoint } from '../src/types.js';
import { Chart } from './Chart.js';
import { secondsAxis } from './secondsAxis.js';

/**
 * Instance count over time from `dump.history` (one point per birth and per death, stepped);
 * coarsened points also draw the bucket's min and max.
 */
export function CountChart({ history }: { history: readonly HistoryPoint[] }) {
  const built = useMemo(() => {
    const xs = history.map((p) => p[0] / 1000);
    const coarse = history.some((p) => p.length === 4);
    // Without a hovered point the legend shows the latest one.
    const at = (i: number | null | undefined): number => (i == null ? history.length - 1 : i);
    const step = uPlot.paths.stepped!({ align: 1 });
    const series: uPlot.Series[] = [
      { label: 'time', value: (_u, _v, _s, i) => `${+(xs[at(i)] ?? 0).toFixed(3)} s${i == null ? ' (latest)' : ''}` },
      { label: 'instances alive', stroke: '#4e79a7', fill: '#4e79a733', width: 2, paths: step, points: { show: history.length < 50 }, value: (_u, _v, _s, i) => String(history[at(i)]?.[1] ?? 0) },
    ];
    const data: number[][] = [xs, history.map((p) => p[1])];
    if (coarse) {
      series.push({ label: 'bucket min', stroke: '#999', dash: [4, 4], paths: step, value: (_u, _v, _s, i) => String(data[2]![at(i)] ?? 0) },
        { label: 'bucket max', stroke: '#999', dash: [4, 4], paths: step, value: (_u, _v, _s, i) => String(data[3]![at(i)] ?? 0) },);
      data.push(history.map((p) => (p.length === 4 ? p[2] : p[1])), history.map((p) => (p.length === 4 ? p[3] : p[1])));
    }
    const lo = xs.length > 0 ? xs[0]! : 0;
    const hi = xs.length > 0 ? xs[xs.length - 1]! : 1;
    const options: Omit<uPlot.Options, 'width'> = {
      height: 220,
      series,
      scales: { x: { time: false, range: (_u, min, max) => (min != null && max != null && Number.isFinite(min) ? [min, max] : hi > lo ? [lo, hi] : [lo - 1, hi + 1]) }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{ values: secondsAxis }, { size: 60, label: 'count' }],
    };
    return { options, data: data as uPlot.AlignedData };
  }, [history]);
  if (history.length === 0) return <p class="empty">No count history for this class.</p>;
  return <Chart options={built.options} data={built.data} label="instance count over time" zoom />;
}
