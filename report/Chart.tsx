import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** Props of `Chart`: uPlot options without the width (the chart fills its box) and the data. */
export interface ChartProps {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  /** Accessible name of the chart. */
  label: string;
}

/** A uPlot chart that fills its container's width and follows resizes; memoise `options` and `data`. */
export function Chart({ options, data, label }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return undefined;
    const plot = new uPlot({ ...options, width: Math.max(320, el.clientWidth) }, data, el);
    const ro = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: options.height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [options, data]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
