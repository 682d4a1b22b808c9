/** What `drawLifetimes` draws: instances in display order, times in ms, the time range, colours. */
export interface LifetimeBars {
  /** Instance positions (into `birth`/`death`) in the order drawn, top to bottom. */
  order: Uint32Array;
  birth: Float64Array;
  /** NaN while alive at the dump: the bar runs to `t1`. */
  death: Float64Array;
  t0: number;
  t1: number;
  alive: string;
  dead: string;
}

/** Pixel rows a bar gets at most; fewer instances draw thicker bars, more share rows. */
export const MAX_BAR_PX = 8;

/**
 * Draws one bar per instance from birth to death (or to `t1`) into the `width` x `height` device
 * pixels of `ctx`. When bars would be thinner than a pixel row, each row stands for a group of
 * instances and is shaded by how many of them were alive at each pixel column (a density image,
 * O(instances + pixels)), so 100k instances draw as fast as a few hundred. Returns instances per row.
 */
export function drawLifetimes(ctx: CanvasRenderingContext2D, bars: LifetimeBars, width: number, height: number): number {
  const n = bars.order.length;
  ctx.clearRect(0, 0, width, height);
  if (n === 0 || width <= 0 || height <= 0) return 0;
  const span = bars.t1 > bars.t0 ? bars.t1 - bars.t0 : 1;
  const px = (t: number): number => Math.max(0, Math.min(width - 1, Math.floor(((t - bars.t0) / span) * width)));
  if (n <= height) {
    const h = height / n;
    for (let p = 0; p < n; p++) {
      const i = bars.order[p]!;
      const d = bars.death[i]!;
      ctx.fillStyle = Number.isNaN(d) ? bars.alive : bars.dead;
      const x0 = px(bars.birth[i]!);
      const x1 = Number.isNaN(d) ? width : px(d) + 1;
      ctx.fillRect(x0, Math.floor(p * h), Math.max(1, x1 - x0), Math.max(1, Math.floor(h) - (h >= 3 ? 1 : 0)));
    }
    return 1;
  }
  // Density: row y covers instances [y*n/height, (y+1)*n/height).
  const img = ctx.createImageData(width, height);
  const [r, g, b] = rgb(bars.alive);
  const diff = new Int32Array(width + 1);
  for (let y = 0; y < height; y++) {
    const from = Math.floor((y * n) / height);
    const to = Math.floor(((y + 1) * n) / height);
    diff.fill(0);
    for (let p = from; p < to; p++) {
      const i = bars.order[p]!;
      const d = bars.death[i]!;
      diff[px(bars.birth[i]!)]!++;
      diff[Number.isNaN(d) ? width : px(d) + 1]!--;
    }
    const k = Math.max(1, to - from);
    let run = 0;
    for (let x = 0; x < width; x++) {
      run += diff[x]!;
      if (run === 0) continue;
      const o = (y * width + x) * 4;
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      // At least a faint trace for one instance in a large group.
      img.data[o + 3] = Math.round(40 + (215 * run) / k);
    }
  }
  ctx.putImageData(img, 0, 0);
  return n / height;
}

/** `#rrggbb` to its channels (the report's own colours only). */
function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  return m === null ? [45, 95, 168] : [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}
