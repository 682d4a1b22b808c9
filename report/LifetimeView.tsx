import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatBytes, formatTime, truncate } from '../src/stats/format.js';
import { chartTheme } from './chartTheme.js';
import { drawLifetimes, MAX_BAR_PX } from './drawLifetimes.js';
import type { LoadedDump } from './LoadedDump.js';
import type { Route } from './route.js';

/** Tallest the lifetime canvas gets, in CSS pixels. */
const MAX_HEIGHT = 560;

/** Props of `LifetimeView`. */
export interface LifetimeViewProps {
  loaded: LoadedDump;
  dump: number;
  name: string;
  go: (r: Route) => void;
}

/**
 * Pympler's lifetime view for one class: each instance's life as a bar from birth to death (or to
 * the end of the dump), sorted by birth or by size, drawn on a canvas (aggregated when bars would
 * be thinner than a pixel). Hover names the instance; a click opens it on the class page.
 */
export function LifetimeView({ loaded, dump: at, name, go }: LifetimeViewProps) {
  const { reader, dump } = loaded;
  const [sort, setSort] = useState<'birth' | 'size'>('birth');
  const [hover, setHover] = useState<number | undefined>(undefined);
  const [width, setWidth] = useState(0);
  const [group, setGroup] = useState(1);
  const canvas = useRef<HTMLCanvasElement>(null);
  const cols = useMemo(() => {
    const rows = reader.rowsOf(name);
    const n = rows.length;
    const birth = new Float64Array(n);
    const death = new Float64Array(n);
    let t1 = 0;
    for (const s of dump.snapshots) t1 = Math.max(t1, s.time);
    let t0 = Infinity;
    rows.forEach((r, i) => {
      const inst = reader.instances[r]!;
      birth[i] = inst.birth;
      death[i] = inst.death ?? NaN;
      t0 = Math.min(t0, inst.birth);
      t1 = Math.max(t1, inst.death ?? inst.birth);
    });
    return { rows, birth, death, t0: Number.isFinite(t0) ? Math.min(0, t0) : 0, t1, size: reader.sizeColumns(rows).max };
  }, [reader, dump, name]);
  const order = useMemo(() => {
    const o = Uint32Array.from(cols.rows.keys());
    const key = sort === 'birth' ? cols.birth : cols.size;
    const dir = sort === 'birth' ? 1 : -1;
    return o.sort((a, b) => dir * (key[a]! - key[b]!) || a - b);
  }, [cols, sort]);
  const n = order.length;
  const cssHeight = Math.max(40, Math.min(MAX_HEIGHT, n * MAX_BAR_PX));

  useEffect(() => {
    const el = canvas.current?.parentElement;
    if (el == null) return undefined;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const c = canvas.current;
    if (c === null || width === 0) return;
    const dpr = devicePixelRatio;
    c.width = Math.round(width * dpr);
    c.height = Math.round(cssHeight * dpr);
    const t = chartTheme();
    const ctx = c.getContext('2d')!;
    setGroup(drawLifetimes(ctx, { order, birth: cols.birth, death: cols.death, t0: cols.t0, t1: cols.t1, alive: t.alive, dead: t.muted }, c.width, c.height));
  }, [order, cols, width, cssHeight]);

  const pick = (e: MouseEvent): number | undefined => {
    const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const p = Math.floor(((e.clientY - r.top) / r.height) * n);
    return p >= 0 && p < n ? order[p] : undefined;
  };
  const inst = hover === undefined ? undefined : reader.instances[cols.rows[hover]!];
  const alive = cols.death.reduce((k, d) => k + (Number.isNaN(d) ? 1 : 0), 0);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => cols.t0 + f * (cols.t1 - cols.t0));
  return (
    <div class="lifetime" data-view="lifetime" data-class={name}>
      <h2 class="mono" title={name}>
        {truncate(name, 120)} <span class="meta">lifetimes</span>
      </h2>
      <p class="meta">
        {n} instance records ({alive} alive at the dump, {n - alive} dead), each a bar from birth to death; alive ones run to the end.{' '}
        <button type="button" class="link" data-nav="class" onClick={() => go({ view: 'class', dump: at, name })}>
          back to the class page
        </button>
      </p>
      <div class="toolbar">
        <span class="meta">sort by</span>
        {(['birth', 'size'] as const).map((k) => (
          <button key={k} type="button" class={`tab${sort === k ? ' active' : ''}`} data-sort={k} aria-pressed={sort === k} onClick={() => setSort(k)}>
            {k === 'birth' ? 'birth (oldest first)' : 'largest size first'}
          </button>
        ))}
        <span class="meta" data-field="group">
          {group > 1 ? `${n} instances in ${Math.round(cssHeight)} rows: each row shades ~${Math.ceil(group)} instances by how many were alive` : 'one bar per instance'}
        </span>
      </div>
      <div class="lt-box">
        <canvas
          ref={canvas}
          class="lt-canvas"
          role="img"
          aria-label={`lifetimes of ${n} instances`}
          data-rows={n}
          data-sort={sort}
          data-group={group}
          style={{ width: '100%', height: `${cssHeight}px` }}
          onMouseMove={(e) => setHover(pick(e))}
          onMouseLeave={() => setHover(undefined)}
          onClick={(e) => {
            const i = pick(e);
            if (i !== undefined) go({ view: 'class', dump: at, name, instance: reader.instances[cols.rows[i]!]!.id });
          }}
        />
        <div class="lt-axis" aria-hidden="true">
          {ticks.map((t, k) => (
            <span key={k} style={{ left: `${k * 25}%` }}>
              {formatTime(t)}
            </span>
          ))}
        </div>
      </div>
      <p class="meta" data-field="hovered">
        {inst === undefined
          ? 'Hover a bar for its instance; click to open it.'
          : `#${inst.id} born ${formatTime(inst.birth)}, ${inst.death === undefined ? 'alive at the dump' : `died ${formatTime(inst.death)}`}, largest size ${formatBytes(cols.size[hover!]!)}`}
      </p>
    </div>
  );
}
