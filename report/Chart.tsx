import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { chartTheme } from './chartTheme.js';

/** Props of `Chart`: uPlot options without the width (the chart fills its box) and the data. */
export interface ChartProps {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  /** Accessible name of the chart. */
  label: string;
  /** Drag across the chart to zoom on a time range; a button (or double click) resets it. */
  zoom?: boolean;
  /** Called with the chart once it is drawn (to hook clicks); not for changing its options. */
  onPlot?: (plot: uPlot) => void;
}

/**
 * A uPlot chart that fills its container's width and follows resizes, in the page's colour
 * scheme; with `zoom`, drag-zoom on the x axis and a reset button. Memoise `options` and `data`.
 */
export function Chart({ options, data, label, zoom = false, onPlot }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const [zoomed, setZoomed] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (el === null) return undefined;
    const t = chartTheme();
    const axes = (options.axes ?? [{}, {}]).map((a) => ({ stroke: t.fg, ...a, grid: { stroke: t.grid, width: 1, ...a.grid }, ticks: { stroke: t.grid, width: 1, ...a.ticks } }));
    let full: [number, number] | undefined;
    const hooks: uPlot.Hooks.Arrays = { ...options.hooks };
    if (zoom) {
      hooks.setScale = [
        ...(hooks.setScale ?? []),
        (u: uPlot, key: string) => {
          const { min, max } = u.scales.x;
          if (key !== 'x' || min == null || max == null) return;
          // The first x range set is the whole chart.
          if (full === undefined) {
            full = [min, max];
            el.dataset.full = full.join(' ');
          } else setZoomed(min > full[0] + 1e-9 || max < full[1] - 1e-9);
        },
      ];
    }
    const cursor: uPlot.Cursor = { ...options.cursor, drag: zoom ? { x: true, y: false, setScale: true } : { x: false, y: false } };
    const plot = new uPlot({ ...options, axes, hooks, cursor, width: Math.max(320, el.clientWidth) }, data, el);
    plotRef.current = plot;
    onPlot?.(plot);
    const ro = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: options.height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
      plotRef.current = null;
      setZoomed(false);
    };
    // onPlot is a callback for the drawn chart: a new one does not redraw it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options, data, zoom]);
  const reset = (): void => {
    const plot = plotRef.current;
    const full = box.current?.dataset.full?.split(' ').map(Number);
    if (plot !== null && full !== undefined) plot.setScale('x', { min: full[0]!, max: full[1]! });
  };
  return (
    <div class="chartbox">
      {zoom && (
        <div class="chart-tools">
          <span class="meta">{zoomed ? 'zoomed in:' : 'drag across the chart to zoom on a time range'}</span>
          {zoomed && (
            <button type="button" class="page" data-zoom="reset" onClick={reset}>
              Reset zoom
            </button>
          )}
        </div>
      )}
      <div class="chart" ref={box} role="img" aria-label={label} data-zoomed={zoomed ? 'yes' : 'no'} />
    </div>
  );
}
